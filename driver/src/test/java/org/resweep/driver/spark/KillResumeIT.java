package org.resweep.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.store.SweepLock;
import org.resweep.driver.testing.FakeRuns;
import org.resweep.driver.testing.FakeSweepMain;
import org.resweep.driver.testing.SweepTestKit;

/**
 * A real driver process (its own JVM, local[2]) is killed with SIGKILL mid-sweep, then rerun: every planned run id
 * must appear exactly once in runs, and every checkpoint row exactly once, none orphaned. While the first process
 * runs, a second owner of the directory is refused.
 */
class KillResumeIT {
    @TempDir
    Path tmp;

    private Process start(Path out, Path log) throws Exception {
        return SweepTestKit.startJvm(FakeSweepMain.class, log, List.of("-Xmx1g", "-Dresweep.fake.sleepMillis=40"), out.toString(), "local[2]");
    }

    private static List<String> column(Path table, String col) throws Exception { return SweepTestKit.column(table, col); }

    private static String read(Path log) { return SweepTestKit.read(log); }

    @Test
    void killedDriverResumesExactlyOnce() throws Exception {
        Path out = tmp.resolve("sweep"), log1 = tmp.resolve("1.log"), log2 = tmp.resolve("2.log");
        Process first = start(out, log1);
        long deadline = System.currentTimeMillis() + 300_000L * Long.getLong("resweep.it.timeScale", 1); // a hang guard only
        while (SweepDirectory.partNames(out.resolve("runs")).size() < 2 || SweepTestKit.committedRunIds(out).isEmpty()) {
            assertTrue(first.isAlive(), () -> "driver ended early: " + read(log1));
            assertTrue(System.currentTimeMillis() < deadline, () -> "no commits: " + read(log1));
            Thread.sleep(50);
        }
        assertThrows(SweepLock.LockedException.class, () -> SweepDirectory.open(out));
        first.destroyForcibly(); // SIGKILL
        assertTrue(first.waitFor(20, TimeUnit.SECONDS));
        // what a resume keeps: the runs of committed batches (a part file the kill left without its commit record is
        // rolled back by the resume, so counting part files races with the commit)
        int before = SweepTestKit.committedRunIds(out).size();
        List<RunConfig> grid = FakeSweepMain.grid();
        assertTrue(before > 0 && before < grid.size(), "killed mid-sweep: " + before + " of " + grid.size());

        Process second = start(out, log2);
        assertTrue(second.waitFor(600L * Long.getLong("resweep.it.timeScale", 1), TimeUnit.SECONDS), () -> read(log2));
        assertEquals(0, second.exitValue(), () -> read(log2));
        assertTrue(read(log2).contains("skipped=" + before), read(log2));

        List<String> ids = column(out.resolve("runs"), "run_id");
        assertEquals(grid.size(), ids.size(), "one row per run");
        Set<String> want = new TreeSet<>(grid.stream().map(RunConfig::runId).toList());
        assertEquals(want, new TreeSet<>(ids));

        // checkpoints: every row belongs to a committed run, and each run has its checkpoints exactly once
        List<String> cpIds = column(out.resolve("checkpoints"), "run_id");
        Map<String, Integer> perRun = new HashMap<>();
        for (String id : cpIds) perRun.merge(id, 1, Integer::sum);
        assertTrue(want.containsAll(perRun.keySet()));
        assertEquals(grid.stream().filter(c -> c.learningRate() != FakeRuns.THROW_LR).count(), perRun.size(),
                "every run that did not fail has checkpoints");
        Map<String, RunConfig> byId = new HashMap<>();
        grid.forEach(c -> byId.put(c.runId(), c));
        for (Map.Entry<String, Integer> e : perRun.entrySet()) {
            double lr = byId.get(e.getKey()).learningRate();
            assertEquals(lr >= 1.0 ? 1 : 2, e.getValue(), "checkpoints of run " + e.getKey() + " (lr " + lr + ")");
        }
        assertTrue(Files.isDirectory(out.resolve("best_lr")));
    }
}
