package org.resweep.jobs.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.resweep.jobs.Main;

/**
 * Starts JVMs for the integration tests and ends them, with every process they started, however the test ends.
 * Every process started here is remembered; {@link #close()} kills each whole tree with SIGKILL (descendants are
 * collected before their parent dies, since an orphan is no longer a descendant).
 */
public final class Processes implements AutoCloseable {
    /** Classpath entries of the test JVM that belong to resweep itself or are test-only: not Spark's runtime. */
    private static final List<String> NOT_SPARK = List.of("/org/resweep/", "/org/ejml/", "/dev/ludovic/", "/info/picocli/",
            "/org/snakeyaml/", "/org/junit/", "/org/opentest4j/", "/org/apiguardian/", "/org/duckdb/");

    private final List<Process> started = new ArrayList<>();

    /** Also on a JVM exit that skips the test's finally blocks (e.g. the test run is interrupted). */
    private final Thread onExit = new Thread(this::killAll, "kill test processes");

    public Processes() {
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    /** Spark's module flags (conf/jvm-module-flags), as every JVM that runs Spark needs them. */
    public static List<String> moduleFlags() throws IOException {
        return Arrays.asList(Files.readString(repoRoot().resolve("conf").resolve("jvm-module-flags")).trim().split("\\s+"));
    }

    /** The repository root (tests run in a module directory). */
    public static Path repoRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("conf")) ? here : here.getParent();
    }

    /** This test JVM's classpath entries (surefire/failsafe set java.class.path to the full test classpath). */
    public static List<String> testClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * The Spark runtime alone: the test classpath without resweep's modules (the repository's target folders and
     * org/resweep artifacts), resweep's own dependencies and the test libraries — what a Spark installation's
     * {@code jars/} holds and {@code spark-submit} puts on the driver's classpath.
     */
    public static List<String> sparkClasspath() {
        String root = repoRoot().toString() + File.separator;
        return testClasspath().stream()
                .filter(e -> !Path.of(e).toAbsolutePath().toString().startsWith(root))
                .filter(e -> NOT_SPARK.stream().noneMatch(e.replace(File.separatorChar, '/')::contains))
                .toList();
    }

    /**
     * {@code env --default-signal=INT,TERM} (GNU coreutils ≥ 8.31) when available, else nothing: a build started as a
     * background job without job control (nohup, {@code cmd &} in a script) inherits SIGINT as ignored, and an ignored
     * signal stays ignored across exec; the child JVM must see SIGINT and SIGTERM as a user's terminal delivers them
     * (env then execs java, so the pid is the JVM's).
     */
    private static final List<String> DEFAULT_SIGNALS = defaultSignals();

    private static List<String> defaultSignals() {
        List<String> prefix = List.of("env", "--default-signal=INT,TERM");
        try {
            List<String> probe = new ArrayList<>(prefix);
            probe.add("true");
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 ? prefix : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /**
     * Starts {@code java FLAGS -cp CP MAIN ARGS} with stdout and stderr into {@code log}, SIGINT and SIGTERM
     * at their default handling ({@link #DEFAULT_SIGNALS}).
     *
     * @param env added to the inherited environment
     */
    public Process java(List<String> jvmArgs, List<String> classpath, String mainClass, List<String> args,
                        Map<String, String> env, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(DEFAULT_SIGNALS);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classpath));
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        synchronized (started) {
            started.add(p);
        }
        return p;
    }

    /**
     * Starts the command line, {@code org.resweep.jobs.Main ARGS}, in its own JVM as the launcher does: Spark's module
     * flags, a 1 GiB heap, then {@code extraJvm}; the test classpath; {@code SPARK_LOCAL_IP=127.0.0.1} and
     * {@code OPENBLAS_NUM_THREADS=1}, then {@code extraEnv}, added to the inherited environment; stdout and stderr
     * into {@code log}. Ended, with its whole tree, by {@link #close()}. With {@code -Dresweep.it.cds=true} (failsafe)
     * the JVM maps a class-data archive of the test classpath ({@link ChildClassData}: the same classes, in jars).
     */
    public Process cli(List<String> extraJvm, List<String> args, Map<String, String> extraEnv, Path log) throws IOException {
        ChildClassData.Setup cds = ChildClassData.get();
        List<String> jvm = new ArrayList<>(moduleFlags());
        jvm.add("-Xmx1g");
        jvm.addAll(cds.jvmFlags());
        jvm.addAll(extraJvm);
        Map<String, String> env = new LinkedHashMap<>(Map.of("SPARK_LOCAL_IP", "127.0.0.1", "OPENBLAS_NUM_THREADS", "1"));
        env.putAll(extraEnv);
        return java(jvm, cds.classpath(), Main.class.getName(), args, env, log);
    }

    /**
     * One sweep on {@code local[2]} through the command line in its own JVM ({@link #cli(List, List, Map, Path)}):
     * {@code run SPEC --out OUT --master local[2] EXTRA_ARGS}.
     *
     * @param out the sweep directory, a local path or a Hadoop URI
     * @param extraJvm JVM options after the defaults (system properties ...)
     */
    public Process runSweep(Path spec, String out, Path log, List<String> extraJvm, String... extraArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", spec.toString(), "--out", out, "--master", "local[2]"));
        args.addAll(Arrays.asList(extraArgs));
        return cli(extraJvm, args, Map.of(), log);
    }

    /**
     * {@link #runSweep(Path, Path, Path)} with one run per task ({@code --min-task-cost 0}) and a commit every 250 ms
     * ({@code -Dresweep.commitMillis=250}): the stored count grows run by run, so a kill or signal after a commit
     * finds runs in flight. The crash and signal tests use it: with the default packing a small sweep may be one
     * or two commits in all.
     */
    public Process runSweepRunByRun(Path spec, Path out, Path log) throws IOException {
        return runSweep(spec, out.toString(), log, List.of("-Dresweep.commitMillis=250"), "--min-task-cost", "0");
    }

    /** {@code run SPEC --out OUT --master local[2]} in its own JVM: {@link #runSweep(Path, String, Path, List, String...)}. */
    public Process runSweep(Path spec, Path out, Path log) throws IOException {
        return runSweep(spec, out.toString(), log, List.of());
    }

    /**
     * A time limit of the integration tests: {@code seconds} times {@code -Dresweep.it.timeScale} (default 1). The
     * limits are generous (several times what an idle 2-core machine needs) and only stop a hung test; on a slower or
     * busier machine raise the scale rather than the limits.
     */
    public static int seconds(int seconds) {
        double scale = Double.parseDouble(System.getProperty("resweep.it.timeScale", "1"));
        return (int) Math.ceil(seconds * Math.max(scale, 0.01));
    }

    /** Sends signal {@code name} (INT, TERM, ...) to {@code p} with {@code kill -NAME PID}. */
    public static void signal(Process p, String name) throws IOException, InterruptedException {
        int rc = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).inheritIO().start().waitFor();
        if (rc != 0) throw new AssertionError("kill -" + name + " " + p.pid() + " failed: " + rc);
    }

    /** SIGKILL of {@code p} and all its descendants; waits until they are gone. */
    public static void killTree(ProcessHandle p) {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(0, p);
        for (ProcessHandle h : all) h.destroyForcibly();
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                // still reported by isAlive() to the caller if it matters
            }
        }
    }

    /** Waits for {@code p} to exit; fails with the tail of its log if it does not within {@code seconds}. */
    public static int await(Process p, int seconds, Path log) throws InterruptedException {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            killTree(p.toHandle());
            throw new AssertionError("process did not end within " + seconds + " s; log:\n" + tail(log));
        }
        return p.exitValue();
    }

    /** Polls {@code cond} every 50 ms; fails with {@code what} and the log tail after {@code seconds}. */
    public static void waitFor(BooleanSupplier cond, int seconds, String what, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out (" + seconds + " s) waiting for " + what + "; log:\n" + tail(log));
            Thread.sleep(50);
        }
    }

    /** The last 6,000 characters of a log file. */
    public static String tail(Path log) {
        try {
            String s = read(log);
            return s.length() <= 6000 ? s : "..." + s.substring(s.length() - 6000);
        } catch (IOException e) {
            return "(no log " + log + ")";
        }
    }

    /** Whether {@code log} contains {@code text} (false while it does not exist). */
    public static boolean logContains(Path log, String text) {
        return count(log, text) > 0;
    }

    /** Occurrences of {@code text} in {@code log}. */
    public static int count(Path log, String text) {
        try {
            String s = read(log);
            int n = 0;
            for (int i = s.indexOf(text); i >= 0; i = s.indexOf(text, i + 1)) n++;
            return n;
        } catch (IOException e) {
            return 0;
        }
    }

    /** A log's text (bytes as ISO-8859-1, so that no byte makes reading fail). */
    public static String read(Path log) throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1);
    }

    /** Kills every process started here, each with its whole tree, newest first. */
    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs (or ran) anyway
        }
    }

    private void killAll() {
        List<Process> all;
        synchronized (started) {
            all = new ArrayList<>(started);
            started.clear();
        }
        for (int i = all.size() - 1; i >= 0; i--) killTree(all.get(i).toHandle());
    }
}
