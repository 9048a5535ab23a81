package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.driver.store.ParquetRunIds;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.store.SweepFs;
import org.resweep.driver.testing.MiniHdfs;
import org.resweep.jobs.testing.Processes;
import org.resweep.jobs.testing.ReferenceSweep;

/**
 * The command line on a real HDFS ({@link MiniHdfs} in this JVM): {@code run --out hdfs://…} in its own JVM, with the
 * object-store commit protocol forced (no reliance on atomic renames), is killed with SIGKILL after its first commit
 * and rerun; the rerun takes over the stale lock, and the HDFS directory then holds every run id exactly once and
 * the same rows, bit for bit, as the uninterrupted local reference run. {@code aggregate} and {@code sql} work on it.
 */
class HdfsCliIT {
    private static final int SWEEP_SECONDS = Integer.getInteger("resweep.it.sweepSeconds", 600);

    @TempDir
    Path tmp;

    private static int stored(String out) {
        try {
            org.apache.hadoop.fs.Path runs = new org.apache.hadoop.fs.Path(out + "/runs");
            SweepFs fs = new SweepFs(runs, new Configuration());
            int n = 0;
            for (String p : SweepDirectory.partNames(fs, runs)) n += ParquetRunIds.read(fs.conf(), new org.apache.hadoop.fs.Path(runs, p), "run_id").size();
            return n;
        } catch (Exception e) {
            return 0; // not there yet, or a file renamed while listing
        }
    }

    private static Process cli(Processes procs, Path spec, String out, Path log) throws Exception {
        return procs.runSweep(spec, out, log,
                List.of("-Dspark.hadoop." + SweepFs.ATOMIC_RENAME_KEY + "=false"), // the object-store commit protocol, on HDFS
                "--min-task-cost", "0");
    }

    @Test
    void killedCliOnHdfsResumesExactlyOnceAndEqualsTheLocalReference() throws Exception {
        Path spec = ReferenceSweep.writeSpec(tmp), log1 = tmp.resolve("1.log"), log2 = tmp.resolve("2.log");
        ReferenceSweep.dir(); // first: the reference would otherwise compete for the two cores
        try (MiniHdfs hdfs = new MiniHdfs(tmp.resolve("hdfs")); Processes procs = new Processes()) {
            String out = hdfs.uri() + "/sweeps/it";
            Process first = cli(procs, spec, out, log1);
            Processes.waitFor(() -> stored(out) > 0, SWEEP_SECONDS, "the first commit", log1);
            Processes.killTree(first.toHandle()); // SIGKILL
            assertFalse(first.isAlive());
            int stored = stored(out);
            assertTrue(stored > 0 && stored < ReferenceSweep.RUNS, "killed mid-sweep: " + stored + " of " + ReferenceSweep.RUNS);

            Process second = cli(procs, spec, out, log2);
            assertEquals(0, Processes.await(second, SWEEP_SECONDS, log2), () -> Processes.tail(log2));
            assertTrue(Processes.logContains(log2, ReferenceSweep.RUNS + " runs planned, " + stored + " already stored, "
                    + (ReferenceSweep.RUNS - stored) + " run now"), () -> Processes.tail(log2));
            assertTrue(Processes.logContains(log2, "taking over the lock"), () -> Processes.tail(log2));
            assertEquals(ReferenceSweep.RUNS, stored(out), "one runs row per run id");
            ReferenceSweep.assertSameAsReference(out, "killed and resumed on HDFS vs uninterrupted local");

            SqlCommandIT.Result agg = SqlCommandIT.run("aggregate", out, "--master", "local[1]");
            assertEquals(0, agg.code(), agg.err());
            SqlCommandIT.Result sql = SqlCommandIT.run("sql", "--out", out, "--master", "local[1]", "--format", "csv",
                    "SELECT count(*) AS n FROM runs");
            assertEquals(0, sql.code(), sql.err());
            assertEquals("n\n" + ReferenceSweep.RUNS + "\n", sql.out());
            FileSystem fs = FileSystem.get(java.net.URI.create(out), new Configuration());
            assertFalse(fs.exists(new org.apache.hadoop.fs.Path(out + "/resweep.lock")), "a finished sweep is not locked");
        }
    }
}
