package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.driver.store.SweepLock;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Exit codes and messages of every kind of mistake, in-process (no Spark: each is found before Spark would start).
 * User mistakes: exit 2, one line, no stack trace. Internal errors: exit 1, a short message, the stack trace in a
 * log file (and on the console with --debug).
 */
class CliErrorsTest {
    static final String BASE = "name: base\nepochs: 10\naxes: {shortcut: 0, depth: 2, init: xavier, learning_rate: 0.01}\n";

    static PlanCommandTest.Result run(String... args) { return PlanCommandTest.run(args); }

    static void assertOneLineUserError(PlanCommandTest.Result r, String expectedLine) {
        assertEquals(2, r.code(), r.err());
        assertEquals(expectedLine + "\n", r.err().replace("\r", ""));
        assertFalse(r.err().contains("\tat "), r.err());
    }

    /** Case run-bad-spec-stacktrace: `run` reads the spec exactly as `plan` does. */
    @Test
    void runWithMissingDirectoryOrNonUtf8SpecIsBadInputLikePlan(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope.yaml");
        Path d = Files.createDirectory(dir.resolve("d.yaml"));
        Path latin1 = Files.write(dir.resolve("latin1.yaml"), (BASE + "description: caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1));
        for (Path spec : List.of(missing, d, latin1)) {
            PlanCommandTest.Result plan = run("plan", spec.toString());
            PlanCommandTest.Result run = run("run", spec.toString(), "--out", dir.resolve("x").toString(), "--master", "local[1]");
            assertEquals(2, plan.code(), plan.err());
            assertEquals(plan.err(), run.err(), "run and plan report " + spec + " alike");
            assertOneLineUserError(run, plan.err().strip());
        }
        assertEquals("resweep: " + missing + ": cannot be read (NoSuchFileException: " + missing + "); allowed: a readable "
                + "YAML file\n", run("run", missing.toString()).err());
        assertEquals("resweep: " + d + ": is a directory; allowed: a readable YAML file\n", run("run", d.toString()).err());
        assertEquals("resweep: " + latin1 + ": is not UTF-8 text; allowed: a UTF-8 YAML file\n", run("run", latin1.toString()).err());
        assertFalse(Files.exists(dir.resolve("x")), "nothing written");
    }

    /** Case out-not-writable-stacktrace: --out is checked before Spark starts and named in the message. */
    @Test
    void outNamingAFileOrAnUnwritableDirectoryIsBadInput(@TempDir Path dir) throws IOException {
        Path spec = Files.writeString(dir.resolve("base.yaml"), BASE);
        Path file = Files.writeString(dir.resolve("afile"), "hello\n");
        assertOneLineUserError(run("run", spec.toString(), "--out", file.toString(), "--master", "local[1]"),
                "resweep: --out: " + file + " is a file, not a directory; allowed: a new or existing writable directory");
        assertOneLineUserError(run("run", spec.toString(), "--out", file.resolve("sub").toString()),
                "resweep: --out: " + file.resolve("sub") + " cannot be created: " + file.toAbsolutePath()
                        + " is a file, not a directory; allowed: a new or existing writable directory");
        assertEquals("hello\n", Files.readString(file), "the file is untouched");

        Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(Files.isWritable(ro), "running with permission-bypassing privileges (root)");
            assertOneLineUserError(run("run", spec.toString(), "--out", ro.toString()),
                    "resweep: --out: " + ro + " is not writable; allowed: a new or existing writable directory");
            assertOneLineUserError(run("run", spec.toString(), "--out", ro.resolve("sub").toString()),
                    "resweep: --out: " + ro.resolve("sub") + " cannot be created: " + ro.toAbsolutePath()
                            + " is not writable; allowed: a new or existing writable directory");
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** The same check in every command that writes a directory it is given. */
    /** review7 F11: picocli's "Value for option option '--conf' ..." for a --conf without '='. */
    @Test
    void confWithoutEqualsSignNamesTheOptionOnce(@TempDir Path dir) throws IOException {
        Path spec = Files.writeString(dir.resolve("base.yaml"), BASE);
        for (String cmd : List.of("run", "sql")) {
            String[] args = cmd.equals("run") ? new String[] {"run", spec.toString(), "--conf", "foo"}
                    : new String[] {"sql", "--conf", "foo", "--out", dir.toString(), "SELECT 1"};
            assertOneLineUserError(run(args), "resweep: --conf: 'foo' is not KEY=VALUE; allowed: KEY=VALUE (see 'resweep " + cmd + " --help')");
        }
    }

    @Test
    void reproduceAggregateAndPlotCheckTheirDirectoryToo(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("afile"), "hello\n");
        assertOneLineUserError(run("reproduce", "--quick", "--out", file.toString(), "--master", "local[1]"),
                "resweep: --out: " + file + " is a file, not a directory; allowed: a new or existing writable directory");
        Path ro = Files.createDirectories(dir.resolve("ro"));
        Files.createDirectories(ro.resolve("runs"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(Files.isWritable(ro), "running with permission-bypassing privileges (root)");
            assertOneLineUserError(run("aggregate", ro.toString()),
                    "resweep: DIR: " + ro + " is not writable; allowed: a new or existing writable directory");
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** Case all-skipped-exit0: a grid whose every point is skipped is bad input for plan and run, which list why. */
    @Test
    void everyPointSkippedIsBadInputAndRunListsTheSkippedPoints(@TempDir Path dir) throws IOException {
        Path spec = Files.writeString(dir.resolve("spec.yaml"),
                "name: empty\nepochs: 5\naxes: {shortcut: 3, depth: [2, 4], init: xavier, learning_rate: 0.1}\n");
        String listing = "skipped: 2 points (2 runs)\n"
                + "  data=mnist10k activation=linear positions=none shortcut=3 depth=2: depth 2 is not a multiple of shortcut length 3 (1 runs)\n"
                + "  data=mnist10k activation=linear positions=none shortcut=3 depth=4: depth 4 is not a multiple of shortcut length 3 (1 runs)\n";
        String error = "resweep: " + spec + ": axes: every point was skipped (2 point(s), 2 run(s); e.g. data=mnist10k "
                + "activation=linear positions=none shortcut=3 depth=2: depth 2 is not a multiple of shortcut length 3); "
                + "allowed: a grid with at least one run (with shortcut length n > 0 the depth must be a multiple of n; "
                + "plain networks, shortcut 0, take any depth)";
        Path out = dir.resolve("out");
        PlanCommandTest.Result r = run("run", spec.toString(), "--out", out.toString(), "--master", "local[1]");
        assertOneLineUserError(r, error);
        assertEquals(listing, r.out());
        assertFalse(Files.exists(out), "no empty result directory is created");
        PlanCommandTest.Result p = run("plan", spec.toString());
        assertOneLineUserError(p, error);
        assertTrue(p.out().contains("\ntasks: 0 (0 configurations × 1 seeds)\n" + listing), p.out());
    }

    /** A partly skipped grid: run lists the skipped points exactly as plan does, in the same format. */
    @Test
    void runListsSkippedPointsAsPlanDoes(@TempDir Path dir) throws IOException {
        Path spec = Files.writeString(dir.resolve("spec.yaml"),
                "name: some\nepochs: 5\naxes: {shortcut: 2, depth: [2, 3], init: xavier, learning_rate: 0.1}\n");
        Path file = Files.writeString(dir.resolve("afile"), "x"); // stops run before Spark, after the listing
        PlanCommandTest.Result r = run("run", spec.toString(), "--out", file.toString());
        assertEquals(2, r.code(), r.err());
        String line = "skipped: 1 points (1 runs)\n  data=mnist10k activation=linear positions=none shortcut=2 depth=3: "
                + "depth 3 is not a multiple of shortcut length 2 (1 runs)\n";
        assertEquals(line, r.out());
        assertTrue(run("plan", spec.toString()).out().contains("\n" + line), "plan prints the same lines");
    }

    @Test
    void negativeMinTaskCostIsBadInput(@TempDir Path dir) throws IOException {
        Path spec = Files.writeString(dir.resolve("base.yaml"), BASE);
        assertOneLineUserError(run("run", spec.toString(), "--min-task-cost", "-1", "--out", dir.resolve("o").toString()),
                "resweep: --min-task-cost: -1.0 is not allowed; allowed: a finite number of seconds ≥ 0");
    }

    @Test
    void unknownSplitValueIsBadInput(@TempDir Path dir) throws IOException {
        Path spec = Files.writeString(dir.resolve("base.yaml"), BASE);
        assertOneLineUserError(run("run", spec.toString(), "--split", "sometimes", "--out", dir.resolve("o").toString()),
                "resweep: --split: 'sometimes' is not allowed; allowed: auto, always, never");
    }

    /** Case aggregate-locked-stacktrace: a directory a run holds is one line and exit 2, as for run. */
    @Test
    void aggregateOnALockedDirectoryIsOneLineExitTwo(@TempDir Path dir) throws IOException {
        Path sweep = Files.createDirectories(dir.resolve("sweep"));
        Files.createDirectories(sweep.resolve("runs"));
        try (SweepLock held = SweepLock.acquire(sweep)) {
            PlanCommandTest.Result r = run("aggregate", sweep.toString(), "--master", "local[1]");
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("resweep: sweep directory " + sweep + " is in use by another resweep process ("),
                    r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
    }

    /** Review F1/F5: an entry of the sweep layout that is a file where resweep keeps a directory is one line, exit 2. */
    @Test
    void layoutEntryThatIsAFileIsOneLineExitTwo(@TempDir Path dir) throws IOException {
        Path sweep = Files.createDirectories(dir.resolve("sweep"));
        Files.createDirectories(sweep.resolve("runs"));
        Files.writeString(sweep.resolve("_resweep"), "mine");
        PlanCommandTest.Result r = run("aggregate", sweep.toString(), "--master", "local[1]");
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("resweep: " + sweep.resolve("_resweep") + " is a file, not a directory"), r.err());
        assertEquals("mine", Files.readString(sweep.resolve("_resweep")));
        try (var s = Files.list(sweep)) {
            assertEquals(2, s.count(), "nothing written into the sweep directory (no error log, no lock)");
        }
    }

    /** An internal IllegalArgumentException is not bad input: exit 1, short message, stack trace in a log file. */
    @Test
    void internalErrorsExitOneWithALogInTheSweepDirectory(@TempDir Path dir) throws IOException {
        Path sweep = Files.createDirectories(dir.resolve("sweep"));
        Files.createDirectories(sweep.resolve("runs"));
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        CommandLine.ParseResult parsed = cl.parseArgs("aggregate", sweep.toString());
        CommandLine sub = cl.getSubcommands().get("aggregate");
        int code = ErrorMapping.onExecutionException(new IllegalArgumentException("an internal bug"), sub, parsed);
        assertEquals(ExitCodes.FAILURE, code);
        List<Path> logs = logs(sweep);
        assertEquals(1, logs.size(), "one log in the sweep directory");
        String[] lines = err.toString().replace("\r", "").split("\n");
        assertEquals(2, lines.length, err.toString());
        assertEquals("resweep: internal error: java.lang.IllegalArgumentException: an internal bug", lines[0]);
        assertEquals("resweep: the stack trace is in " + logs.get(0).toAbsolutePath() + " (--debug prints it here)", lines[1]);
        String log = Files.readString(logs.get(0));
        assertTrue(log.startsWith("java.lang.IllegalArgumentException: an internal bug\n\tat "), log);
    }

    @Test
    void debugPrintsTheStackTraceToo(@TempDir Path dir) throws IOException {
        Path sweep = Files.createDirectories(dir.resolve("sweep"));
        Files.createDirectories(sweep.resolve("runs"));
        for (String[] args : List.of(new String[] {"--debug", "aggregate", sweep.toString()},
                new String[] {"aggregate", "--debug", sweep.toString()})) {
            CommandLine cl = Main.commandLine();
            StringWriter err = new StringWriter();
            cl.setErr(new PrintWriter(err));
            CommandLine.ParseResult parsed = cl.parseArgs(args);
            int code = ErrorMapping.onExecutionException(new IllegalStateException("boom"), cl.getSubcommands().get("aggregate"), parsed);
            assertEquals(ExitCodes.FAILURE, code);
            assertTrue(err.toString().contains("java.lang.IllegalStateException: boom\n\tat "), err.toString());
        }
    }

    @Command(name = "deep")
    static final class Deep implements Runnable {
        @Override
        public void run() { throw new StackOverflowError("simulated"); }
    }

    /** An Error (stack overflow, out of memory) is an internal error too, not a bare JVM trace. */
    @Test
    void errorsAreMappedLikeExceptions() {
        CommandLine cl = new CommandLine(new Deep());
        cl.setExecutionExceptionHandler(ExitCodes::onExecutionException);
        cl.setExecutionStrategy(ErrorMapping::execute);
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(ExitCodes.FAILURE, cl.execute());
        assertTrue(err.toString().startsWith("resweep: internal error: java.lang.StackOverflowError: simulated\n"
                + "resweep: the stack trace is in "), err.toString());
        Path log = Path.of(err.toString().split("the stack trace is in ")[1].split(" \\(--debug")[0]);
        assertTrue(log.getFileName().toString().startsWith(ErrorMapping.LOG_PREFIX), log.toString());
        assertTrue(Files.isRegularFile(log));
        try {
            Files.delete(log); // the temp directory's log, written by this test
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void userErrorTypesAreExactlyTheBadInputFamily() {
        assertTrue(ErrorMapping.isUserError(new ExitCodes.UserError("x")));
        assertTrue(ErrorMapping.isUserError(new org.resweep.driver.spec.SpecException("a", "b", "c")));
        assertTrue(ErrorMapping.isUserError(new org.resweep.core.data.DataFormatException("x")));
        assertTrue(ErrorMapping.isUserError(new SweepLock.LockedException("x")));
        assertFalse(ErrorMapping.isUserError(new IllegalArgumentException("x")));
        assertFalse(ErrorMapping.isUserError(new IllegalStateException("x")));
        assertFalse(ErrorMapping.isUserError(new NumberFormatException("Infinite or NaN")));
    }

    private static List<Path> logs(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(ErrorMapping.LOG_PREFIX)).toList();
        }
    }

    /** picocli's own errors are one line naming the option or command and what is allowed, exit 2. */
    @Test
    void optionErrorsAreOneLineNamingWhatIsAllowed(@TempDir Path dir) throws IOException {
        Path spec = Files.writeString(dir.resolve("s.yaml"), BASE);
        PlanCommandTest.Result r = run("plan", "--bogus", spec.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("resweep: Unknown option: '--bogus'; allowed: "), r.err());
        assertTrue(r.err().contains("--tasks") && r.err().contains("--json"), r.err());
        assertTrue(r.err().endsWith(" (see 'resweep plan --help')\n"), r.err());

        r = run("inspect", "--depth", "ten", "--shortcut", "2", "--init", "zero");
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("resweep: Invalid value for option '--depth': 'ten' is not an int"), r.err());

        r = run("plann", spec.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("resweep: unknown command 'plann'; allowed: help, inspect, plan, run"), r.err());
        assertTrue(r.err().endsWith(" (see 'resweep --help')\n"), r.err());
    }

    /** `resweep X --help` prints X's own help on stdout, exit 0, for every command. */
    @Test
    void everyCommandHasItsOwnHelp() {
        var commands = Main.commandLine().getSubcommands().keySet();
        assertTrue(commands.containsAll(List.of("inspect", "plan", "run", "aggregate", "sql", "plot", "reproduce")), commands.toString());
        for (String c : commands) {
            if (c.equals("help")) continue;
            PlanCommandTest.Result r = run(c, "--help");
            assertEquals(0, r.code(), c + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: resweep " + c + " "), c + ": " + r.out());
            assertEquals("", r.err(), c);
            assertEquals(r.out(), run("help", c).out(), "resweep help " + c);
        }
    }

    /** No command is a mistake: the usage on stderr, exit 2. */
    @Test
    void noCommandPrintsUsageToStderrAndExitsTwo() {
        PlanCommandTest.Result r = run();
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("Usage: resweep "), r.err());
        assertTrue(r.err().contains("plan"), r.err());
        PlanCommandTest.Result help = run("--help");
        assertEquals(0, help.code());
        assertEquals(r.err(), help.out(), "the same usage as --help");
    }

    /** `plan --tasks SPEC | head -2`: once the reader has gone, printing stops and the exit code is 0. */
    @Test
    void planStopsWhenItsOutputIsClosed(@TempDir Path dir) throws IOException {
        Path spec = Files.writeString(dir.resolve("s.yaml"), BASE.replace("epochs: 10\n", "epochs: 10\nseeds: 2000\n"));
        int[] attemptsAfterClose = {0};
        java.io.OutputStream closedAfter300Bytes = new java.io.OutputStream() {
            int written;
            @Override public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }
            @Override public void write(byte[] b, int off, int len) throws IOException {
                if (written + len > 300) {
                    attemptsAfterClose[0]++;
                    throw new IOException("Broken pipe");
                }
                written += len;
            }
        };
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(new java.io.OutputStreamWriter(closedAfter300Bytes, StandardCharsets.UTF_8)));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(0, cl.execute("plan", "--tasks", spec.toString()), err.toString());
        assertEquals("", err.toString());
        assertTrue(attemptsAfterClose[0] >= 1, "the output was closed while printing");
        assertTrue(attemptsAfterClose[0] <= 2, "kept printing 2000 task lines after the close: " + attemptsAfterClose[0] + " writes");
    }

    /** reproduce's help and its --experiments / --sweeps messages list every experiment id, from the Experiment enum. */
    @Test
    void reproduceListsEveryExperimentIdAndRefusesUnknownOnes(@TempDir Path dir) throws IOException {
        PlanCommandTest.Result help = run("reproduce", "--help");
        assertEquals(0, help.code(), help.err());
        String ids = org.resweep.jobs.repro.Experiment.ids();
        assertTrue(help.out().replaceAll("\\s+", " ").contains(ids), help.out());
        assertEquals(8, org.resweep.jobs.repro.Experiment.values().length, "a new experiment: check that help and messages name it");
        for (var e : org.resweep.jobs.repro.Experiment.values()) assertTrue(ids.contains(e.id()), ids);
        Path out = dir.resolve("out");
        assertOneLineUserError(run("reproduce", "--experiments", "fig7,fig10", "--out", out.toString(), "--master", "local[1]"),
                "resweep: --experiments: 'fig10' is not an experiment id; allowed: comma-separated ids among " + ids);
        for (String empty : new String[] {",", ",,", ""}) {   // an empty list is not "every experiment"
            assertOneLineUserError(run("reproduce", "--experiments", empty, "--out", out.toString(), "--master", "local[1]"),
                    "resweep: --experiments: no experiment id given; allowed: comma-separated ids among " + ids
                            + " (leave the option out to run every experiment)");
        }
        Path sweeps = Files.createDirectory(dir.resolve("sweeps"));
        assertOneLineUserError(run("reproduce", "--experiments", "escape", "--sweeps", sweeps.toString(), "--out", out.toString(),
                "--master", "local[1]"), "resweep: --sweeps: " + sweeps.resolve("escape.yaml") + " not found; allowed: a directory holding "
                + "escape.yaml (one file per experiment: " + ids + ")");
        assertFalse(Files.exists(out.resolve("escape")), "nothing run");
    }
}
