package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.driver.store.SweepLock;
import org.resweep.jobs.testing.InProcessCli;
import org.resweep.jobs.testing.Processes;
import org.resweep.jobs.testing.ReferenceSweep;

/**
 * SIGINT and SIGTERM of the real command line ({@code Main run}, {@code local[2]}, own JVM) mid-sweep: exit 130 /
 * 143 with the one-line "interrupted: N runs stored in DIR; rerun the same command to resume", where N is what the
 * directory holds (the finished runs were committed); no stack trace and no Spark error in the output; no staging
 * file left and the lock free. Then SIGKILL of the third session (of its whole process tree) after a commit: the
 * rows stored stay, the lock is stale (formerly CliKillResumeIT, which ran the same sweep from scratch for this alone).
 * The rerun (in the test's JVM: the command needs no JVM of its own to finish) takes over the stale lock, resumes
 * exactly where the directory stands (skipping exactly the stored runs, with the engine's default packing), and the
 * finished directory equals the uninterrupted reference bit for bit (every run id and every checkpoint exactly once).
 */
class SignalIT {
    /** A guard against a hung test only (scaled by {@code -Dresweep.it.timeScale}). */
    private static final int SECONDS = Processes.seconds(900);

    @TempDir
    Path tmp;

    /** Attempts in fresh directories when a signal came too late to land mid-sweep (the sweep had already ended). */
    private static final int ATTEMPTS = 3;

    @Test
    void sigintThenSigtermThenSigkillThenResumeExactlyOnce() throws Exception {
        Path spec = ReferenceSweep.writeSpec(tmp);
        ReferenceSweep.dir(); // first: the reference would otherwise compete for the two cores
        List<String> lost = new java.util.ArrayList<>();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Path out = tmp.resolve("out-" + attempt);
            if (interruptTwiceAndResume(spec, out, lost)) {
                ReferenceSweep.assertSameAsReference(out, "interrupted twice and resumed vs uninterrupted");
                return;
            }
        }
        throw new AssertionError("no signal landed mid-sweep in " + ATTEMPTS + " attempts: " + lost);
    }

    /**
     * SIGINT after a commit, rerun, SIGTERM after a further commit, rerun, SIGKILL after a further commit, rerun to the
     * end. Returns false (the attempt says nothing) only when a signal was sent after the sweep had stored every run;
     * anything else is asserted.
     */
    private boolean interruptTwiceAndResume(Path spec, Path out, List<String> lost) throws Exception {
        int stored = 0;
        try (Processes procs = new Processes()) {
            for (String[] sig : new String[][] {{"INT", "130"}, {"TERM", "143"}}) {
                Path log = tmp.resolve(out.getFileName() + "-" + sig[0] + ".log");
                int before = stored;
                Process p = procs.runSweepRunByRun(spec, out, log);
                Processes.waitFor(() -> ReferenceSweep.storedRuns(out) > before || !p.isAlive(), SECONDS, "a commit", log);
                int atSignal = ReferenceSweep.storedRuns(out);
                boolean aliveAtSignal = p.isAlive();
                Processes.signal(p, sig[0]);
                int rc = Processes.await(p, SECONDS, log);
                if (rc == 0 && atSignal == ReferenceSweep.RUNS) { // the sweep had ended: the signal came too late
                    lost.add(out.getFileName() + ": SIG" + sig[0] + " after all " + atSignal + " runs were stored");
                    return false;
                }
                assertEquals(Integer.parseInt(sig[1]), rc,
                        () -> "SIG" + sig[0] + " sent with " + atSignal + " runs stored, process alive: " + aliveAtSignal + "\n" + Processes.tail(log));
                stored = ReferenceSweep.storedRuns(out);
                assertTrue(stored > before && stored < ReferenceSweep.RUNS, "stored after SIG" + sig[0] + ": " + stored);
                assertTrue(Processes.logContains(log, "resweep: interrupted (SIG" + sig[0] + "): " + stored + (stored == 1 ? " run" : " runs") + " stored in " + out
                        + "; rerun the same command to resume"), () -> Processes.tail(log));
                assertQuiet(log);
                assertNothingHalfWritten(out);
            }
            { // SIGKILL (of the whole tree) after a further commit
                Path log = tmp.resolve(out.getFileName() + "-KILL.log");
                int before = stored;
                Process p = procs.runSweepRunByRun(spec, out, log);
                Processes.waitFor(() -> ReferenceSweep.storedRuns(out) > before || !p.isAlive(), SECONDS, "a commit", log);
                boolean aliveAtKill = p.isAlive();
                Processes.killTree(p.toHandle());
                assertFalse(p.isAlive());
                stored = ReferenceSweep.storedRuns(out);
                if (!aliveAtKill && stored == ReferenceSweep.RUNS) { // the sweep had ended: the kill came too late
                    lost.add(out.getFileName() + ": SIGKILL after all " + stored + " runs were stored");
                    return false;
                }
                int s = stored;
                assertTrue(aliveAtKill, () -> "the driver ended before SIGKILL with " + s + " runs stored:\n" + Processes.tail(log));
                assertTrue(stored > before && stored < ReferenceSweep.RUNS, "killed mid-sweep: " + stored + " of " + ReferenceSweep.RUNS);
            }
            // the rerun to the end, with the engine's default packing: in this JVM (a command of its own, its own
            // local[2] session), since finishing needs no JVM of its own; it takes over the stale lock
            InProcessCli.Result r = InProcessCli.run("run", spec.toString(), "--out", out.toString(), "--master", "local[2]");
            assertEquals(0, r.code(), r::all);
            int s = stored;
            assertTrue(r.out().contains(ReferenceSweep.RUNS + " runs planned, " + s + " already stored, " + (ReferenceSweep.RUNS - s)
                    + " run now"), r::all);
            assertTrue(r.all().contains("taking over the lock"), r::all);
        }
        return true;
    }

    /** No stack trace, no exception, no Spark error or warning about the stop. */
    private static void assertQuiet(Path log) throws Exception {
        for (String line : Processes.read(log).split("\n")) {
            boolean bad = line.startsWith("\tat ") || line.contains("Exception") || line.contains(" ERROR ")
                    || line.contains("WARN TaskSetManager") || line.contains("WARN Executor");
            assertFalse(bad, () -> "unexpected line '" + line + "' in:\n" + Processes.tail(log));
        }
    }

    /** The lock is free and no staging file remains. */
    private static void assertNothingHalfWritten(Path out) throws Exception {
        try (SweepLock lock = SweepLock.acquire(out)) {
            assertTrue(lock != null);
        }
        Path staging = out.resolve("_staging");
        if (Files.isDirectory(staging)) {
            try (Stream<Path> s = Files.walk(staging)) {
                List<Path> files = s.filter(Files::isRegularFile).toList();
                assertEquals(List.of(), files, "staging files left behind");
            }
        }
    }
}
