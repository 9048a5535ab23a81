package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.jobs.testing.Processes;
import org.resweep.jobs.testing.ReferenceSweep;

/**
 * The real command line ({@code org.resweep.jobs.Main run SPEC --out DIR}, real trainer, {@code local[2]}) in its own
 * JVM is killed with SIGKILL after its first commit, then rerun: the rerun resumes (skipping exactly the stored runs)
 * and the finished directory holds every run id and every checkpoint exactly once — the same rows, bit for bit, as
 * the uninterrupted reference run.
 */
class CliKillResumeIT {
    /** Seconds a local sweep may take: a guard against a hung test (~10 s of work on two idle cores, plus Spark's start). */
    private static final int SWEEP_SECONDS = Processes.seconds(900);

    @TempDir
    Path tmp;

    @Test
    void killedCliResumesExactlyOnce() throws Exception {
        Path spec = ReferenceSweep.writeSpec(tmp), out = tmp.resolve("out"), log1 = tmp.resolve("1.log"), log2 = tmp.resolve("2.log");
        ReferenceSweep.dir(); // first: the reference would otherwise compete for the two cores
        try (Processes procs = new Processes()) {
            Process first = procs.runSweepRunByRun(spec, out, log1);
            Processes.waitFor(() -> ReferenceSweep.storedRuns(out) > 0, SWEEP_SECONDS, "the first commit", log1);
            Processes.killTree(first.toHandle()); // SIGKILL
            assertFalse(first.isAlive());
            int stored = ReferenceSweep.storedRuns(out);
            assertTrue(stored > 0 && stored < ReferenceSweep.RUNS, "killed mid-sweep: " + stored + " of " + ReferenceSweep.RUNS);

            Process second = procs.runSweep(spec, out, log2);
            assertEquals(0, Processes.await(second, SWEEP_SECONDS, log2), () -> Processes.tail(log2));
            assertTrue(Processes.logContains(log2, ReferenceSweep.RUNS + " runs planned, " + stored + " already stored, "
                    + (ReferenceSweep.RUNS - stored) + " run now"), () -> Processes.tail(log2));
        }
        assertEquals(ReferenceSweep.RUNS, ReferenceSweep.storedRuns(out), "one runs row per run id");
        ReferenceSweep.assertSameAsReference(out, "killed and resumed vs uninterrupted");
    }
}
