package org.resweep.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.core.train.RunConfig;
import org.resweep.driver.results.SweepProvenance;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.testing.FakeRuns;
import org.resweep.driver.testing.SweepTestKit;

/**
 * Real local Spark jobs with {@code spark.kryo.registrationRequired=true} (so they prove the Kryo registration is
 * complete): identical tables on local[1], local[2] and another partitioning; resume skips stored runs; failed
 * and diverged runs are rows, not a dead job.
 */
class SweepEngineIT {
    /** Columns that legitimately differ between two executions of the same runs. */
    private static final List<String> VOLATILE = List.of("wall_seconds", "completed_at", "executor_host", "sweep_id");

    @TempDir
    Path tmp;
    private SparkSession spark;

    @AfterEach
    void stop() {
        if (spark != null) spark.stop();
    }

    private SweepEngine.Summary sweep(String master, Path out, List<RunConfig> runs, double minTaskCost) throws Exception {
        if (spark != null) spark.stop();
        spark = SparkSessions.start(master, "it");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        SweepEngine engine = new SweepEngine(spark, new FakeRuns(),
                new SweepEngine.Options(minTaskCost, 8, 500, new PrintStream(progress, true), false));
        try (SweepDirectory dir = SweepDirectory.open(out)) {
            var done = dir.committedRunIds();
            List<RunConfig> todo = runs.stream().filter(c -> !done.contains(c.runId())).toList();
            SweepEngine.Summary s = engine.run(dir, new SweepProvenance(master, "test", spark.version()),
                    SweepRun.planned(todo, FakeRuns::cost), Map.of("mnist10k", 0.05), runs.size() - todo.size());
            assertTrue(progress.toString().contains(s.runs() + "/" + todo.size() + " runs"), progress.toString());
            return s;
        }
    }

    private List<Row> table(Path dir, String name, String... order) throws Exception {
        return SweepTestKit.comparable(spark, dir, name, VOLATILE, order);
    }

    @Test
    void sameTablesOnAnyMasterAndPartitioningAndResumeSkips() throws Exception {
        List<RunConfig> grid = FakeRuns.grid(new int[] {2, 4}, new double[] {0.5, FakeRuns.THROW_LR, 2.0}, 2, 5);
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        SweepEngine.Summary sa = sweep("local[1]", a, grid, 0);
        assertEquals(grid.size(), sa.runs());
        assertEquals(grid.size() / 3, sa.failed());
        assertEquals(grid.size() / 3, sa.diverged());
        List<Row> runsA = table(a, "runs", "run_id"), cpsA = table(a, "checkpoints", "run_id", "epoch");

        // local[2], and cheap runs packed several to a task: a different partitioning
        sweep("local[2]", b, grid, 4 * FakeRuns.cost(grid.get(0)));
        assertEquals(runsA, table(b, "runs", "run_id"));
        assertEquals(cpsA, table(b, "checkpoints", "run_id", "epoch"));
        assertEquals(new HashSet<>(grid.stream().map(RunConfig::runId).toList()).size(), runsA.size());

        Row failed = table(a, "runs", "run_id").stream().filter(r -> r.getAs("status").equals("failed")).findFirst().orElseThrow();
        assertTrue(((String) failed.getAs("message")).contains("synthetic failure"), (String) failed.getAs("message"));
        assertNull(failed.getAs("end_cond"));

        // resume: nothing left to do
        SweepEngine.Summary again = sweep("local[2]", b, grid, 0);
        assertEquals(0, again.runs());
        assertEquals(runsA.size(), table(b, "runs", "run_id").size());
    }

    /**
     * The contract SIGINT handling relies on: interrupting the thread running a sweep cancels the Spark job, commits
     * every finished task, releases the lock and throws {@link java.io.InterruptedIOException}; a rerun completes
     * the sweep exactly once.
     */
    @Test
    void interruptCommitsFinishedTasksReleasesTheLockAndResumesExactlyOnce() throws Exception {
        List<RunConfig> grid = FakeRuns.grid(new int[] {2, 4, 6}, new double[] {0.5, 0.25}, 2, 4);
        Path out = tmp.resolve("interrupted");
        spark = SparkSessions.start("local[2]", "it");
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        System.setProperty("resweep.fake.sleepMillis", "250");
        Thread t = new Thread(() -> {
            try {
                SweepRun.run(spark, out.toString(), new SweepRun.Request("int", "int-1", "name: int\n",
                                SweepRun.planned(grid, FakeRuns::cost), false, false), new FakeRuns(), ds -> 0.05,
                        new SweepEngine.Options(0, 1, 100, null, false), s -> { });
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        List<String> stored;
        try {
            t.start();
            while (ids(out).size() < 2) {
                assertTrue(t.isAlive(), () -> "sweep ended early: " + thrown.get());
                Thread.sleep(50);
            }
            t.interrupt();
            t.join(120_000);
            assertFalse(t.isAlive());
        } finally {
            System.clearProperty("resweep.fake.sleepMillis");
        }
        assertTrue(thrown.get() instanceof java.io.InterruptedIOException, String.valueOf(thrown.get()));
        assertFalse(java.nio.file.Files.exists(out.resolve("resweep.lock")), "lock released");
        stored = ids(out);
        assertTrue(stored.size() >= 2 && stored.size() < grid.size(), "stored " + stored.size() + " of " + grid.size());
        SweepRun.Outcome o = SweepRun.run(spark, out.toString(), new SweepRun.Request("int", "int-1", "name: int\n",
                SweepRun.planned(grid, FakeRuns::cost), false, false), new FakeRuns(), ds -> 0.05,
                new SweepEngine.Options(0, 8, 300, null, false), s -> { });
        assertEquals(stored.size(), o.skipped());
        List<String> all = ids(out);
        assertEquals(grid.size(), all.size());
        assertEquals(new HashSet<>(grid.stream().map(RunConfig::runId).toList()), new HashSet<>(all));
    }

    private static List<String> ids(Path out) throws Exception {
        List<String> ids = new ArrayList<>();
        Path runs = out.resolve("runs");
        if (!java.nio.file.Files.isDirectory(runs)) return ids;
        for (String p : SweepDirectory.partNames(runs)) {
            try {
                ids.addAll(org.resweep.driver.store.ParquetRunIds.read(runs.resolve(p), "run_id"));
            } catch (java.io.IOException e) {
                // renamed while listing: poll again
            }
        }
        return ids;
    }
}
