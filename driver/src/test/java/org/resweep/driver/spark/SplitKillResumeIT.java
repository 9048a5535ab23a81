package org.resweep.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.core.train.RunConfig;
import org.resweep.driver.testing.SplitSweepMain;
import org.resweep.driver.testing.SweepTestKit;

/**
 * The kill -9 test of {@link KillResumeIT} for split runs: a real driver process (local[2]) whose runs are all split
 * into a training task and checkpoint tasks is killed with SIGKILL after its first run is committed — while other
 * runs' trainings and checkpoints are in flight — then rerun: every run is stored exactly once, with each of its
 * checkpoint rows exactly once, and no checkpoint row belongs to a run that is not stored.
 */
class SplitKillResumeIT {
    @TempDir
    Path tmp;

    private Process start(Path out, Path log) throws Exception {
        return SweepTestKit.startJvm(SplitSweepMain.class, log, List.of("-Xmx1g"), out.toString(), "local[2]");
    }

    private static String read(Path log) { return SweepTestKit.read(log); }

    @Test
    void killedDriverResumesSplitRunsExactlyOnce() throws Exception {
        Path out = tmp.resolve("sweep"), log1 = tmp.resolve("1.log"), log2 = tmp.resolve("2.log");
        List<RunConfig> grid = SplitSweepMain.grid();
        Process first = start(out, log1);
        long deadline = System.currentTimeMillis() + 300_000L * Long.getLong("resweep.it.timeScale", 1);
        while (SweepTestKit.ids(out.resolve("runs")).isEmpty()) { // the first committed split run
            assertTrue(first.isAlive(), () -> "driver ended early: " + read(log1));
            assertTrue(System.currentTimeMillis() < deadline, () -> "no commits: " + read(log1));
            Thread.sleep(20);
        }
        first.destroyForcibly(); // SIGKILL
        assertTrue(first.waitFor(20, TimeUnit.SECONDS));
        int before = SweepTestKit.ids(out.resolve("runs")).size();
        assertTrue(before > 0 && before < grid.size(), "killed mid-sweep: " + before + " of " + grid.size());
        assertCheckpointsComplete(out, grid, SweepTestKit.ids(out.resolve("runs")));

        Process second = start(out, log2);
        assertTrue(second.waitFor(600L * Long.getLong("resweep.it.timeScale", 1), TimeUnit.SECONDS), () -> read(log2));
        assertEquals(0, second.exitValue(), () -> read(log2));
        assertTrue(read(log2).contains("skipped=" + before), read(log2));
        List<String> ids = SweepTestKit.ids(out.resolve("runs"));
        assertEquals(grid.size(), ids.size(), "one row per run");
        assertEquals(new TreeSet<>(grid.stream().map(RunConfig::runId).toList()), new TreeSet<>(ids));
        assertCheckpointsComplete(out, grid, ids);
    }

    /** Every stored run has all its checkpoint rows once; no checkpoint row of a run that is not stored. */
    private static void assertCheckpointsComplete(Path out, List<RunConfig> grid, List<String> stored) throws Exception {
        Map<String, Integer> perRun = new HashMap<>();
        for (String id : SweepTestKit.ids(out.resolve("checkpoints"))) perRun.merge(id, 1, Integer::sum);
        assertEquals(new TreeSet<>(stored), new TreeSet<>(perRun.keySet()), "checkpoint rows only of stored runs");
        Set<String> want = new TreeSet<>(grid.stream().map(RunConfig::runId).toList());
        for (Map.Entry<String, Integer> e : perRun.entrySet()) {
            assertTrue(want.contains(e.getKey()));
            assertEquals(SplitSweepMain.EPOCHS + 1, e.getValue(), "checkpoints of run " + e.getKey());
        }
    }
}
