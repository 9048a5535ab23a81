package org.resweep.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.core.net.Activation;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.net.Position;
import org.resweep.core.train.HessianSchedule;
import org.resweep.core.train.RunConfig;
import org.resweep.driver.spec.CostModel;
import org.resweep.driver.spec.PlannedRun;
import org.resweep.driver.spec.SplitPolicy;
import org.resweep.driver.testing.SweepTestKit;

/**
 * Split runs on real local Spark with the production trainer: the tables of a sweep whose runs are split into a
 * training task and checkpoint tasks equal, column for column (wall times and completion instants aside), those of
 * the same sweep run as one task per run; a checkpoint task that fails leaves its run entirely unstored (never a run
 * row without its checkpoints, nor checkpoints without their run) until a rerun stores it once; a retried checkpoint
 * task changes nothing.
 */
class SplitRunIT {
    private static final List<String> VOLATILE = List.of("wall_seconds", "completed_at");

    @TempDir
    Path tmp;
    private SparkSession spark;
    private final List<String> jobs = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        System.clearProperty("resweep.split.faultEpoch");
        if (spark != null) spark.stop();
    }

    private void start(String master) {
        if (spark != null) spark.stop();
        spark = SparkSessions.start(master, "split-it");
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart e) {
                jobs.add(String.valueOf(e.properties().getProperty("spark.job.description")));
            }
        });
    }

    /** Small runs with several checkpoints: moment path (spectra and weights stored), data path, a diverging run. */
    static List<RunConfig> grid() {
        NetworkSpec relu = new NetworkSpec(2, 2, 10, Activation.RELU, EnumSet.of(Position.MID));
        return List.of(
                new RunConfig("mnist10k", NetworkSpec.linear(4, 2, 10), InitKind.SMALL, 0.01, 0.1, 20, 0,
                        HessianSchedule.every(5), true, true),
                new RunConfig("mnist10k", NetworkSpec.linear(4, 2, 10), InitKind.SMALL, 0.01, 2.0, 60, 1,
                        HessianSchedule.every(3), false, false),
                new RunConfig("mnist10k", relu, InitKind.XAVIER, 1.0, 0.05, 10, 0, HessianSchedule.every(2), true, false),
                new RunConfig("mnist10k", NetworkSpec.linear(4, 1, 10), InitKind.XAVIER, 1.0, 0.05, 6, 0,
                        HessianSchedule.INIT_AND_END, false, false));
    }

    private static List<PlannedRun> planned(List<RunConfig> grid) {
        List<PlannedRun> out = new ArrayList<>();
        for (RunConfig c : grid) out.add(new PlannedRun(c, CostModel.run(c, 10_000), CostModel.checkpoints(c, 10_000)));
        return out;
    }

    private SweepRun.Outcome sweep(Path out, List<RunConfig> grid, SplitPolicy split, double minTaskCost) throws Exception {
        return SweepRun.run(spark, out.toString(), new SweepRun.Request("split", "split-1", "name: split\n", planned(grid),
                        false, false, split), new RunnerTask(), SweepRun::lStar,
                new SweepEngine.Options(minTaskCost, 8, 200, null, false), s -> { });
    }

    private List<Row> table(Path dir, String name, String... order) throws Exception {
        return SweepTestKit.comparable(spark, dir, name, VOLATILE, order);
    }

    private long splitTrainingJobs() {
        synchronized (jobs) {
            return jobs.stream().filter(d -> d.contains("training of split run")).count();
        }
    }

    @Test
    void splitRunsStoreTheRowsOfOneTaskRuns() throws Exception {
        start("local[2]");
        List<RunConfig> grid = grid();
        Path one = tmp.resolve("one"), split = tmp.resolve("split"), packed = tmp.resolve("packed");
        SweepRun.Outcome o = sweep(one, grid, SplitPolicy.NEVER, 0);
        assertEquals(grid.size(), o.summary().runs());
        assertEquals(0, splitTrainingJobs());
        List<Row> runs = table(one, "runs", "run_id"), cps = table(one, "checkpoints", "run_id", "epoch");
        assertEquals(grid.size(), runs.size());
        assertTrue(runs.stream().anyMatch(r -> r.getAs("status").equals("diverged")), "the grid has a diverging run");
        assertTrue(cps.size() > 10);

        SweepRun.Outcome s = sweep(split, grid, SplitPolicy.ALWAYS, 0);
        assertEquals(grid.size(), s.summary().runs());
        assertEquals(grid.size(), splitTrainingJobs(), "every run (each has ≥ 2 checkpoints) was split: " + jobs);
        assertEquals(runs, table(split, "runs", "run_id"));
        assertEquals(cps, table(split, "checkpoints", "run_id", "epoch"));

        // checkpoints packed several to a task (minimum task cost above a checkpoint's estimate): the same rows
        sweep(packed, grid, SplitPolicy.ALWAYS, 1.0);
        assertEquals(runs, table(packed, "runs", "run_id"));
        assertEquals(cps, table(packed, "checkpoints", "run_id", "epoch"));
    }

    @Test
    void aFailedCheckpointTaskStoresNothingOfItsRunAndARerunStoresItOnce() throws Exception {
        start("local[2]");
        RunConfig hit = new RunConfig("mnist10k", NetworkSpec.linear(4, 2, 10), InitKind.SMALL, 0.01, 0.1, 20, 0,
                HessianSchedule.every(5), false, false); // checkpoints 0, 5, 10, 15, 20
        RunConfig spared = new RunConfig("mnist10k", NetworkSpec.linear(4, 2, 10), InitKind.SMALL, 0.01, 0.1, 20, 1,
                HessianSchedule.every(3), false, false); // 0, 3, …, 18, 20: no epoch 10
        List<RunConfig> grid = List.of(hit, spared);
        Path out = tmp.resolve("fault");
        System.setProperty("resweep.split.faultEpoch", "10");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sweep(out, grid, SplitPolicy.ALWAYS, 0));
        assertTrue(e.getMessage().contains("split run " + hit.runId()) && e.getMessage().contains("injected fault"), e.getMessage());
        assertEquals(List.of(spared.runId()), ids(out.resolve("runs")), "only the run without the fault is stored");
        assertEquals(Set.of(spared.runId()), new TreeSet<>(ids(out.resolve("checkpoints"))), "no checkpoint row of the failed run");
        assertEquals(8, ids(out.resolve("checkpoints")).size());

        System.clearProperty("resweep.split.faultEpoch");
        SweepRun.Outcome o = sweep(out, grid, SplitPolicy.ALWAYS, 0);
        assertEquals(1, o.skipped());
        assertEquals(1, o.summary().runs());
        assertEquals(new TreeSet<>(List.of(hit.runId(), spared.runId())), new TreeSet<>(ids(out.resolve("runs"))));
        assertEquals(2, ids(out.resolve("runs")).size(), "each run once");
        Map<String, Integer> perRun = new HashMap<>();
        for (String id : ids(out.resolve("checkpoints"))) perRun.merge(id, 1, Integer::sum);
        assertEquals(Map.of(hit.runId(), 5, spared.runId(), 8), perRun);
        assertFalse(Files.exists(out.resolve("resweep.lock")));
    }

    @Test
    void aRetriedCheckpointTaskChangesNothing() throws Exception {
        RunConfig c = new RunConfig("mnist10k", NetworkSpec.linear(4, 2, 10), InitKind.SMALL, 0.01, 0.1, 20, 0,
                HessianSchedule.every(5), true, false);
        start("local[2]");
        Path one = tmp.resolve("one"), retried = tmp.resolve("retried");
        sweep(one, List.of(c), SplitPolicy.NEVER, 0);
        List<Row> runs = table(one, "runs", "run_id"), cps = table(one, "checkpoints", "run_id", "epoch");
        start("local[2,3]"); // Spark retries a failed task up to 3 times
        System.setProperty("resweep.split.faultEpoch", "10:once");
        SweepRun.Outcome o = sweep(retried, List.of(c), SplitPolicy.ALWAYS, 0);
        assertEquals(1, o.summary().runs());
        assertEquals(1, splitTrainingJobs());
        assertEquals(runs, table(retried, "runs", "run_id"));
        assertEquals(cps, table(retried, "checkpoints", "run_id", "epoch"));
    }

    /**
     * Interrupting a sweep of split runs (what SIGINT does) cancels their jobs, commits only complete runs, releases
     * the lock; the rerun stores every run once with all its checkpoints.
     */
    @Test
    void interruptedSplitRunsAreStoredWholeOrNotAtAll() throws Exception {
        start("local[2]");
        List<RunConfig> grid = org.resweep.driver.testing.SplitSweepMain.grid();
        int perRun = org.resweep.driver.testing.SplitSweepMain.EPOCHS + 1;
        Path out = tmp.resolve("interrupted");
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                sweep(out, grid, SplitPolicy.ALWAYS, 0);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        while (ids(out.resolve("runs")).isEmpty()) {
            assertTrue(t.isAlive(), () -> "sweep ended early: " + thrown.get());
            Thread.sleep(20);
        }
        t.interrupt();
        t.join(300_000);
        assertFalse(t.isAlive());
        assertTrue(thrown.get() instanceof java.io.InterruptedIOException, String.valueOf(thrown.get()));
        assertFalse(Files.exists(out.resolve("resweep.lock")), "lock released");
        List<String> stored = ids(out.resolve("runs"));
        assertTrue(stored.size() < grid.size(), "stored " + stored.size() + " of " + grid.size());
        assertEquals(checkpointCounts(stored, perRun), checkpointCounts(out));

        SweepRun.Outcome o = sweep(out, grid, SplitPolicy.ALWAYS, 0);
        assertEquals(stored.size(), o.skipped());
        List<String> all = ids(out.resolve("runs"));
        assertEquals(grid.size(), all.size(), "each run once");
        assertEquals(new TreeSet<>(grid.stream().map(RunConfig::runId).toList()), new TreeSet<>(all));
        assertEquals(checkpointCounts(all, perRun), checkpointCounts(out));
    }

    private static Map<String, Integer> checkpointCounts(List<String> runs, int perRun) {
        Map<String, Integer> m = new HashMap<>();
        for (String id : runs) m.put(id, perRun);
        return m;
    }

    private static Map<String, Integer> checkpointCounts(Path out) throws Exception {
        Map<String, Integer> m = new HashMap<>();
        for (String id : ids(out.resolve("checkpoints"))) m.merge(id, 1, Integer::sum);
        return m;
    }

    private static List<String> ids(Path table) throws Exception { return SweepTestKit.ids(table); }
}
