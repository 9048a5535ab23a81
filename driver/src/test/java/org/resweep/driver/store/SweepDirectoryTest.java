package org.resweep.driver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.core.train.RunConfig;
import org.resweep.driver.results.ExecutedRun;
import org.resweep.driver.results.ResultRows;
import org.resweep.driver.results.SweepProvenance;
import org.resweep.driver.testing.FakeRuns;

class SweepDirectoryTest {
    @TempDir
    Path tmp;

    private static List<Object[]>[] rows(List<RunConfig> cs) {
        List<Object[]> runs = new ArrayList<>(), cps = new ArrayList<>();
        for (RunConfig c : cs) {
            ExecutedRun e = ExecutedRun.here(new FakeRuns().run(c));
            runs.add(ResultRows.runRow(e, new SweepProvenance("s", "v", "4.2.0"), 0.1, java.time.Instant.parse("2024-01-01T00:00:00Z")));
            cps.addAll(ResultRows.checkpointRows(e, "s"));
        }
        @SuppressWarnings("unchecked")
        List<Object[]>[] out = new List[] {runs, cps};
        return out;
    }

    @Test
    void committedRunsAreReadBackAndOrphanCheckpointsRemoved() throws Exception {
        List<RunConfig> grid = FakeRuns.grid(new int[] {2}, new double[] {0.5, 0.25}, 2, 4);
        Path d = tmp.resolve("sw");
        try (SweepDirectory dir = SweepDirectory.open(d)) {
            List<Object[]>[] r = rows(grid.subList(0, 3));
            dir.commit(r[0], r[1]);
            assertEquals(Set.of(grid.get(0).runId(), grid.get(1).runId(), grid.get(2).runId()), dir.committedRunIds());
        }
        // a crash between the two renames: a checkpoints part without its runs part
        Path orphan = d.resolve("checkpoints").resolve("part-dead-00000.snappy.parquet");
        Files.copy(Files.list(d.resolve("checkpoints")).findFirst().orElseThrow(), orphan);
        Files.createDirectories(d.resolve("_staging"));
        Files.writeString(d.resolve("_staging").resolve("junk"), "x");
        try (SweepDirectory dir = SweepDirectory.open(d)) {
            assertFalse(Files.exists(orphan));
            assertFalse(Files.exists(d.resolve("_staging")));
            assertEquals(1, SweepDirectory.partNames(d.resolve("checkpoints")).size());
            assertEquals(3, dir.committedRunIds().size());
        }
    }

    @Test
    void secondOwnerIsRefusedWithTheOwnersPid() throws Exception {
        Path d = tmp.resolve("locked");
        try (SweepDirectory first = SweepDirectory.open(d)) {
            SweepLock.LockedException e = assertThrows(SweepLock.LockedException.class, () -> SweepDirectory.open(d));
            assertTrue(e.getMessage().contains("pid=" + ProcessHandle.current().pid()), e.getMessage());
        }
        SweepDirectory.open(d).close(); // released
    }

    @Test
    void changedSpecIsRefusedUnlessExtended() throws Exception {
        Path d = tmp.resolve("spec");
        try (SweepDirectory dir = SweepDirectory.open(d)) {
            SweepMeta m = SweepState.reconcile(dir, "n", "id1", "a: 1", List.of("b", "a"), false);
            assertEquals(List.of("a", "b"), m.plannedRunIds());
            assertEquals("id1", SweepState.reconcile(dir, "n", "id2", "a:   1 # same", List.of("a", "b"), false).sweepId());
            SweepState.SpecChangedException e = assertThrows(SweepState.SpecChangedException.class,
                    () -> SweepState.reconcile(dir, "n", "id3", "a: 2", List.of("a", "c"), false));
            assertTrue(e.getMessage().contains("1 new and 1 no longer in the spec") && e.getMessage().contains("--extend"),
                    e.getMessage());
            SweepMeta ext = SweepState.reconcile(dir, "n", "id3", "a: 2", List.of("a", "c"), true);
            assertEquals(List.of("a", "b", "c"), ext.plannedRunIds());
            assertEquals("id1", ext.sweepId());
            assertEquals("a: 1", Files.readString(d.resolve("sweep.1.yaml"))); // a resume does not rewrite the spec
            assertEquals("a: 2", Files.readString(d.resolve("sweep.yaml")));
        }
    }
}
