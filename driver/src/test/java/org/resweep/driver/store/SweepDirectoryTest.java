package org.resweep.driver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.resweep.driver.testing.CommitRecordMerge.rows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.core.train.RunConfig;
import org.resweep.driver.testing.FakeRuns;
import org.resweep.driver.testing.StagedRows;

/**
 * The store on the local filesystem through the Hadoop API, with both commit protocols (atomic rename, and the
 * object-store protocol forced): committed runs read back; interrupted batches rolled back touching only their
 * recorded files; unreadable part files quarantined with their pair; foreign files never deleted; lock ownership.
 */
class SweepDirectoryTest {
    @TempDir
    Path tmp;
    private final List<String> notices = new ArrayList<>();

    private SweepDirectory open(Path d, boolean atomicRename) throws Exception {
        Configuration conf = new Configuration();
        conf.set(SweepFs.ATOMIC_RENAME_KEY, Boolean.toString(atomicRename));
        return SweepDirectory.open(new org.apache.hadoop.fs.Path(d.toUri()), conf, SweepDirectory.Mode.CREATE, notices::add);
    }

    private static List<String> parts(Path table) throws Exception { return SweepDirectory.partNames(table); }

    private static List<String> ids(Path table) throws Exception {
        List<String> out = new ArrayList<>();
        for (String p : parts(table)) {
            out.addAll(ParquetRunIds.read(new Configuration(), new org.apache.hadoop.fs.Path(table.resolve(p).toUri()), "run_id"));
        }
        return out;
    }

    @Test
    void committedRunsReadBackOnBothProtocols() throws Exception {
        for (boolean atomic : new boolean[] {true, false}) {
            List<RunConfig> grid = FakeRuns.grid(new int[] {2}, new double[] {0.5, 0.25}, 2, 4);
            Path d = tmp.resolve("sw-" + atomic);
            try (SweepDirectory dir = open(d, atomic)) {
                assertEquals(atomic, dir.fs().atomicRename());
                assertEquals(Set.of(), dir.committedRunIds());
                List<Object[]>[] r = rows(grid.subList(0, 3));
                StagedRows.commit(dir, r[0], r[1]);
                assertEquals(Set.of(grid.get(0).runId(), grid.get(1).runId(), grid.get(2).runId()), dir.committedRunIds());
                assertTrue(Files.exists(d.resolve(SweepLock.FILE)));
            }
            assertFalse(Files.exists(d.resolve(SweepLock.FILE)), "a finished sweep does not look locked");
            try (var s = Files.list(d.resolve("_resweep/staging"))) {
                assertEquals(0, s.count(), "staging emptied on close");
            }
            try (SweepDirectory dir = open(d, atomic)) {
                assertEquals(3, dir.committedRunIds().size());
            }
            // the empty schema files plus one committed pair
            assertEquals(2, parts(d.resolve("runs")).size());
            assertEquals(2, parts(d.resolve("checkpoints")).size());
            assertEquals(3, ids(d.resolve("runs")).size());
        }
    }

    /** Two committed runs ({@code grid(...)}'s first two), in one batch, with the object-store protocol. */
    private void twoRunsCommitted(Path d, List<RunConfig> grid) throws Exception {
        try (SweepDirectory dir = open(d, false)) {
            List<Object[]>[] r = rows(grid.subList(0, 2));
            StagedRows.commit(dir, r[0], r[1]);
        }
    }

    /** Four committed runs ({@code grid}'s first four), in two batches, with the atomic-rename protocol. */
    private void twoBatchesCommitted(Path d, List<RunConfig> grid) throws Exception {
        try (SweepDirectory dir = open(d, true)) {
            List<Object[]>[] a = rows(grid.subList(0, 2)), b = rows(grid.subList(2, 4));
            StagedRows.commit(dir, a[0], a[1]);
            StagedRows.commit(dir, b[0], b[1]);
        }
    }

    /**
     * The state a crash leaves after the files of batch {@code dead0000-000001} were placed but before its commit
     * record: a committed runs part copied under a new name (and its checkpoints part, with {@code checkpointsToo}) and
     * an intent naming them. Returns the placed file name.
     */
    private String crashedAfterPlacing(Path d, boolean checkpointsToo) throws Exception {
        String placed = "part-dead0000-00000000-t9.snappy.parquet";
        String committedName = parts(d.resolve("runs")).stream().filter(n -> !n.contains("schema")).findFirst().orElseThrow();
        Files.copy(d.resolve("runs").resolve(committedName), d.resolve("runs").resolve(placed));
        List<CommitLog.Added> added = new ArrayList<>();
        if (checkpointsToo) {
            Files.copy(d.resolve("checkpoints").resolve(committedName), d.resolve("checkpoints").resolve(placed));
            added.add(new CommitLog.Added("checkpoints", placed, "/nowhere/c", List.of("x"), null));
        }
        added.add(new CommitLog.Added("runs", placed, "/nowhere/r", List.of("x"), checkpointsToo ? placed : null));
        CommitLog.Batch b = new CommitLog.Batch("dead0000-000001", "tasks", added, List.of(), Map.of());
        Files.writeString(d.resolve("_resweep/intents/dead0000-000001.json"), b.json());
        return placed;
    }

    @Test
    void interruptedBatchIsRolledBackTouchingOnlyItsFiles() throws Exception {
        List<RunConfig> grid = FakeRuns.grid(new int[] {2}, new double[] {0.5, 0.25}, 2, 4);
        Path d = tmp.resolve("crash");
        twoRunsCommitted(d, grid);
        String placed = crashedAfterPlacing(d, true);
        // files the user put there, including one with resweep-like naming: never touched
        Files.writeString(d.resolve("runs").resolve("part-user-notes.txt"), "mine");
        Files.createDirectories(d.resolve("_staging"));
        Files.writeString(d.resolve("_staging").resolve("thesis.tex"), "draft");
        assertEquals(4, ids(d.resolve("runs")).size(), "duplicates visible before recovery");
        try (SweepDirectory dir = open(d, false)) {
            assertEquals(2, dir.committedRunIds().size());
        }
        assertFalse(Files.exists(d.resolve("runs").resolve(placed)));
        assertFalse(Files.exists(d.resolve("checkpoints").resolve(placed)));
        assertEquals(2, ids(d.resolve("runs")).size());
        assertEquals("mine", Files.readString(d.resolve("runs").resolve("part-user-notes.txt")));
        assertEquals("draft", Files.readString(d.resolve("_staging").resolve("thesis.tex")));
        assertTrue(notices.stream().anyMatch(n -> n.contains("dead0000-000001") && n.contains("rolled back")), notices.toString());
    }

    /**
     * A kill while a commit record or an intent was being written (on filesystems where a created file is visible
     * before it is closed, e.g. HDFS with the object-store protocol, a partial file remains): the batch is not
     * committed and rolls back; a partial record with no intent beside it is damage and stays refused.
     */
    @Test
    void recordOrIntentLeftPartialByAKillRollsTheBatchBack() throws Exception {
        for (String partial : List.of("", "{\"batch\":\"dead0000-000001\",\"kind\":\"ta")) {
            List<RunConfig> grid = FakeRuns.grid(new int[] {2}, new double[] {0.5, 0.25}, 2, 4);
            Path d = tmp.resolve("partial-" + partial.length());
            twoRunsCommitted(d, grid);
            String placed = crashedAfterPlacing(d, false);
            Files.writeString(d.resolve("_resweep/commits/dead0000-000001.json"), partial); // the kill hit its write
            Files.writeString(d.resolve("_resweep/intents/dead0000-000002.json"), partial); // and another batch's intent
            Files.writeString(d.resolve("_resweep/commits/.dead0000-000003.json.0badf00d.tmp"), "{"); // a temp of createWhole
            try (SweepDirectory dir = open(d, false)) {
                assertEquals(Set.of(grid.get(0).runId(), grid.get(1).runId()), dir.committedRunIds());
            }
            assertFalse(Files.exists(d.resolve("runs").resolve(placed)), "the interrupted batch's file rolled back");
            assertEquals(2, ids(d.resolve("runs")).size());
            try (var names = Files.list(d.resolve("_resweep/commits"))) {
                assertTrue(names.noneMatch(f -> f.getFileName().toString().startsWith("dead") || f.getFileName().toString().startsWith(".dead")));
            }
            try (var names = Files.list(d.resolve("_resweep/intents"))) {
                assertEquals(0, names.count(), "no intent left");
            }
            assertTrue(notices.stream().anyMatch(n -> n.contains("dead0000-000001") && n.contains("rolled back")), notices.toString());
            // the same partial record with no intent beside it is damage: refused, left as it is
            Files.writeString(d.resolve("_resweep/commits/dead0000-000004.json"), partial);
            SweepDirectoryException e = assertThrows(SweepDirectoryException.class, () -> open(d, false).close());
            assertTrue(e.getMessage().contains("dead0000-000004.json"), e.getMessage());
            assertEquals(partial, Files.readString(d.resolve("_resweep/commits/dead0000-000004.json")));
        }
    }

    @Test
    void nonEmptyDirectoryThatIsNoSweepIsRefusedAndLeftAlone() throws Exception {
        Path d = tmp.resolve("unrelated");
        Files.createDirectories(d.resolve("_staging"));
        Files.createDirectories(d.resolve("checkpoints"));
        Files.writeString(d.resolve("_staging").resolve("thesis.tex"), "my thesis draft");
        Files.writeString(d.resolve("checkpoints").resolve("model-epoch10.parquet"), "PAR1 fake");
        SweepDirectoryException e = assertThrows(SweepDirectoryException.class, () -> open(d, true));
        assertTrue(e.getMessage().contains("not a sweep directory") && e.getMessage().contains(d.getFileName().toString()),
                e.getMessage());
        assertEquals("my thesis draft", Files.readString(d.resolve("_staging").resolve("thesis.tex")));
        assertEquals("PAR1 fake", Files.readString(d.resolve("checkpoints").resolve("model-epoch10.parquet")));
        assertFalse(Files.exists(d.resolve(SweepLock.FILE)));
    }

    @Test
    void layoutEntryOfTheWrongKindIsRefusedBeforeAnythingIsMoved() throws Exception {
        List<RunConfig> grid = FakeRuns.grid(new int[] {2}, new double[] {0.5, 0.25}, 2, 4);
        Path d = tmp.resolve("layout");
        twoBatchesCommitted(d, grid);
        List<String> cpBefore = parts(d.resolve("checkpoints"));
        for (String entry : List.of("runs", "checkpoints", "_resweep", "_resweep/commits", "_resweep/intents", "quarantine")) {
            Path p = d.resolve(entry), aside = tmp.resolve("aside");
            if (Files.exists(p)) Files.move(p, aside);
            Files.writeString(p, "mine");
            SweepDirectoryException e = assertThrows(SweepDirectoryException.class, () -> open(d, true), entry);
            assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("is a file, not a directory")
                    && !e.getMessage().contains("\n"), e.getMessage());
            assertEquals("mine", Files.readString(p), "the user's file is left alone");
            assertFalse(Files.exists(d.resolve(SweepLock.FILE)), entry);
            if (!entry.equals("quarantine")) assertFalse(Files.exists(d.resolve("quarantine")), "nothing quarantined: " + entry);
            Files.delete(p);
            if (Files.exists(aside)) Files.move(aside, p);
            if (!entry.equals("checkpoints")) assertEquals(cpBefore, parts(d.resolve("checkpoints")), entry);
        }
        Files.createDirectories(d.resolve(SweepLock.FILE));
        SweepDirectoryException e = assertThrows(SweepDirectoryException.class, () -> open(d, true));
        assertTrue(e.getMessage().contains(SweepLock.FILE + " is a directory, not a file"), e.getMessage());
        Files.delete(d.resolve(SweepLock.FILE));
        try (SweepDirectory dir = open(d, true)) {
            assertEquals(4, dir.committedRunIds().size(), "the restored sweep is whole again");
        }
    }

    @Test
    void truncatedRunsPartIsQuarantinedWithItsCheckpointsAndForeignFilesAreData() throws Exception {
        List<RunConfig> grid = FakeRuns.grid(new int[] {2}, new double[] {0.5, 0.25}, 2, 4);
        Path d = tmp.resolve("trunc");
        twoBatchesCommitted(d, grid);
        List<String> runParts = parts(d.resolve("runs")).stream().filter(n -> !n.contains("schema")).toList();
        Path victim = d.resolve("runs").resolve(runParts.get(0));
        Set<String> victimIds = new TreeSet<>(ParquetRunIds.read(new Configuration(), new org.apache.hadoop.fs.Path(victim.toUri()), "run_id"));
        // a foreign copy of the other pair's checkpoints, as DuckDB would write after a user's compaction
        Files.copy(d.resolve("checkpoints").resolve(runParts.get(1)), d.resolve("checkpoints").resolve("compacted.parquet"));
        byte[] bytes = Files.readAllBytes(victim);
        Files.write(victim, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        try (SweepDirectory dir = open(d, true)) {
            Set<String> left = dir.committedRunIds();
            assertEquals(2, left.size());
            for (String id : victimIds) assertFalse(left.contains(id));
        }
        assertTrue(Files.exists(d.resolve("quarantine/runs").resolve(runParts.get(0))), "moved aside, not deleted");
        assertTrue(Files.exists(d.resolve("quarantine/checkpoints").resolve(runParts.get(0))), "its pair goes with it");
        assertTrue(Files.exists(d.resolve("checkpoints/compacted.parquet")), "a foreign file is data");
        assertTrue(notices.stream().anyMatch(n -> n.contains(runParts.get(0)) && n.contains("quarantine")), notices.toString());
    }

    /**
     * A runs part rewritten in place (valid Parquet, other bytes) beside the stale Hadoop {@code .crc} side file an
     * older resweep wrote is read as it is — as DuckDB reads it — not quarantined as "Checksum error"; the .crc is kept.
     */
    @Test
    void partRewrittenBesideAStaleCrcIsReadNotQuarantined() throws Exception {
        List<RunConfig> grid = FakeRuns.grid(new int[] {2}, new double[] {0.5, 0.25}, 2, 4);
        Path d = tmp.resolve("crc");
        twoBatchesCommitted(d, grid);
        assertEquals(List.of(), Files.list(d.resolve("runs")).map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith(".crc")).toList(), "resweep writes no .crc");
        String part = parts(d.resolve("runs")).stream().filter(n -> !n.contains("schema")).findFirst().orElseThrow();
        Path victim = d.resolve("runs").resolve(part);
        byte[] valid = Files.readAllBytes(victim);
        // an older resweep's .crc, of other content (written through a checksummed LocalFileSystem of its own) ...
        Files.delete(victim);
        try (org.apache.hadoop.fs.LocalFileSystem old = new org.apache.hadoop.fs.LocalFileSystem()) {
            old.initialize(java.net.URI.create("file:///"), new Configuration());
            try (var out = old.create(new org.apache.hadoop.fs.Path(victim.toUri()), false)) {
                out.write(Files.readAllBytes(d.resolve("checkpoints").resolve(part)));
            }
        }
        Path crc = victim.resolveSibling("." + part + ".crc");
        assertTrue(Files.exists(crc));
        // ... and the part's content rewritten by another tool (mv over it)
        Path t = tmp.resolve("rewritten.parquet");
        Files.write(t, valid);
        Files.move(t, victim, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (SweepDirectory dir = open(d, true)) {
            assertEquals(4, dir.committedRunIds().size());
        }
        assertFalse(Files.exists(d.resolve("quarantine")), "nothing quarantined: " + notices);
        assertTrue(Files.exists(crc), "the .crc is kept");
        assertTrue(java.util.Arrays.equals(valid, Files.readAllBytes(victim)));
    }

    @Test
    void secondOwnerIsRefusedWithTheOwnersPidAndAStaleLockIsTakenOver() throws Exception {
        Path d = tmp.resolve("locked");
        try (SweepDirectory first = open(d, true)) {
            SweepLock.LockedException e = assertThrows(SweepLock.LockedException.class, () -> open(d, true));
            assertTrue(e.getMessage().contains("pid=" + ProcessHandle.current().pid()), e.getMessage());
        }
        open(d, true).close(); // released
        // a lock left by a dead process on this host
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Files.writeString(d.resolve(SweepLock.FILE), "pid=" + p.pid() + " host=" + SweepLock.HOST + " started=2020-01-01T00:00:00Z token=t\n");
        open(d, true).close();
        assertTrue(notices.stream().anyMatch(n -> n.contains("taking over the lock") && n.contains("pid=" + p.pid())), notices.toString());
    }

    @Test
    void foreignLockFileIsNamedEscapedAndNeverTakenOver() throws Exception {
        Path d = tmp.resolve("foreignlock");
        open(d, true).close();
        Path lock = d.resolve(SweepLock.FILE);
        Files.write(lock, new byte[] {'g', 'a', 'r', 'b', 'a', 'g', 'e', 0, (byte) 0xff, '\n', 'x'});
        Files.setLastModifiedTime(lock, java.nio.file.attribute.FileTime.fromMillis(0)); // old enough to look stale
        SweepLock.LockedException e = assertThrows(SweepLock.LockedException.class, () -> open(d, true));
        assertTrue(e.getMessage().contains("is not one resweep wrote") && e.getMessage().contains("garbage\\u0000")
                && e.getMessage().contains(lock.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\u0000"), e.getMessage());
        assertEquals(11, Files.size(lock), "the foreign lock file is left as it was");
    }

    @Test
    void damagedCommitRecordIsNamedInOneLineSayingWhatIsWrong() throws Exception {
        List<RunConfig> grid = FakeRuns.grid(new int[] {2}, new double[] {0.5, 0.25}, 2, 4);
        Path d = tmp.resolve("damagedrecord");
        try (SweepDirectory dir = open(d, true)) {
            List<Object[]>[] a = rows(grid.subList(0, 2));
            StagedRows.commit(dir, a[0], a[1]);
        }
        Path record;
        try (var s = Files.list(d.resolve("_resweep/commits"))) {
            record = s.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        String good = Files.readString(record);
        Map<String, String> cases = Map.of("", "is empty", good.substring(0, 51), "is not valid JSON at line 1, column ",
                "[1, 2]", "lacks a field resweep needs");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Files.writeString(record, c.getKey());
            SweepDirectoryException e = assertThrows(SweepDirectoryException.class, () -> open(d, true), c.getKey());
            String m = e.getMessage();
            assertTrue(m.contains(record.getFileName().toString()) && m.contains(c.getValue()), m);
            assertFalse(m.contains("\n") || m.contains("Exception") || m.contains("com.fasterxml"), m);
        }
        Files.writeString(record, good);
        try (SweepDirectory dir = open(d, true)) {
            assertEquals(2, dir.committedRunIds().size());
        }
    }

    @Test
    void changedSpecIsRefusedUnlessExtendedAndExtendNeverRemoves() throws Exception {
        Path d = tmp.resolve("spec");
        try (SweepDirectory dir = open(d, true)) {
            SweepMeta m = SweepState.reconcile(dir, "n", "id1", "a: 1", List.of("b", "a"), false);
            assertEquals(List.of("a", "b"), m.plannedRunIds());
            assertEquals("id1", SweepState.reconcile(dir, "n", "id2", "a:   1 # same", List.of("a", "b"), false).sweepId());
            SweepState.SpecChangedException e = assertThrows(SweepState.SpecChangedException.class,
                    () -> SweepState.reconcile(dir, "n", "id3", "a: 2", List.of("a", "c"), false));
            assertTrue(e.getMessage().contains("1 new and 1 no longer in the spec") && e.getMessage().contains("--extend"),
                    e.getMessage());
            SweepState.SpecChangedException r = assertThrows(SweepState.SpecChangedException.class,
                    () -> SweepState.reconcile(dir, "n", "id3", "a: 2", List.of("a", "c"), true));
            assertTrue(r.getMessage().contains("leaves out 1 of the 2 runs") && r.getMessage().contains("run_id b"), r.getMessage());
            SweepMeta ext = SweepState.reconcile(dir, "n", "id3", "a: 2", List.of("a", "b", "c"), true);
            assertEquals(List.of("a", "b", "c"), ext.plannedRunIds());
            assertEquals("id1", ext.sweepId());
            assertEquals("a: 1", Files.readString(d.resolve("sweep.1.yaml"))); // a resume does not rewrite the spec
            assertEquals("a: 2", Files.readString(d.resolve("sweep.yaml")));
        }
    }

    @Test
    void damagedSweepJsonIsNamed() throws Exception {
        Path d = tmp.resolve("badjson");
        try (SweepDirectory dir = open(d, true)) {
            SweepState.reconcile(dir, "n", "id1", "a: 1", List.of("a"), false);
        }
        for (String bad : new String[] {"{\"sweep_id\": \"abc", "{}"}) {
            Files.writeString(d.resolve("sweep.json"), bad);
            try (SweepDirectory dir = open(d, true)) {
                SweepDirectoryException e = assertThrows(SweepDirectoryException.class,
                        () -> SweepState.reconcile(dir, "n", "id1", "a: 1", List.of("a"), false));
                assertTrue(e.getMessage().contains("sweep.json is damaged") && e.getMessage().contains("restore it")
                        && !e.getMessage().contains("\n"), e.getMessage());
            }
        }
    }

    @Test
    void supersedeAndCompactRewriteOnlyResweepFilesExactlyOnce() throws Exception {
        List<RunConfig> grid = FakeRuns.grid(new int[] {2}, new double[] {0.5, 0.25}, 2, 4);
        Path d = tmp.resolve("compact");
        try (SweepDirectory dir = open(d, false)) {
            for (int i = 0; i < grid.size(); i += 2) {
                List<Object[]>[] r = rows(grid.subList(i, Math.min(grid.size(), i + 2)));
                StagedRows.commit(dir, r[0], r[1]);
            }
            String gone = grid.get(1).runId();
            dir.supersede(Map.of(gone, 1));
            assertFalse(dir.committedRunIds().contains(gone));
            assertEquals(2, dir.nextAttempt(gone));
            assertEquals(1, dir.nextAttempt(grid.get(0).runId()));
            SweepDirectory.Compaction c = dir.compact();
            assertTrue(c.runsFilesBefore() > 1, c.toString());
            assertEquals(grid.size() - 1, c.runsRows());
        }
        assertEquals(1, parts(d.resolve("runs")).size());
        assertEquals(1, parts(d.resolve("checkpoints")).size());
        List<String> ids = ids(d.resolve("runs"));
        assertEquals(grid.size() - 1, ids.size());
        assertEquals(grid.size() - 1, new TreeSet<>(ids).size());
        try (SweepDirectory dir = open(d, true)) {
            assertEquals(2, dir.nextAttempt(grid.get(1).runId()), "attempts survive compaction");
            assertEquals(grid.size() - 1, dir.committedRunIds().size());
        }
    }

    @Test
    void commitRecordsMergeCrashSafely() throws Exception {
        for (boolean atomic : new boolean[] {true, false}) {
            Configuration conf = new Configuration();
            conf.set(SweepFs.ATOMIC_RENAME_KEY, Boolean.toString(atomic));
            org.resweep.driver.testing.CommitRecordMerge.check(conf, new org.apache.hadoop.fs.Path(tmp.resolve("merge-" + atomic).toUri()),
                    notices::add);
        }
    }

    @Test
    void closeMergesManyCommitRecords() throws Exception {
        List<RunConfig> grid = FakeRuns.grid(new int[] {2, 3}, new double[] {0.5, 0.25}, 4, 2); // 16 runs
        Path d = tmp.resolve("many");
        try (SweepDirectory dir = open(d, true)) {
            for (RunConfig c : grid) {
                List<Object[]>[] r = rows(List.of(c));
                StagedRows.commit(dir, r[0], r[1]);
            }
            assertEquals(grid.size() + 1, Files.list(d.resolve("_resweep/commits")).count(), "one record per batch until close");
        }
        try (var s = Files.list(d.resolve("_resweep/commits"))) {
            List<String> left = s.map(p -> p.getFileName().toString()).toList();
            assertEquals(1, left.size(), left.toString());
            assertTrue(left.get(0).startsWith("merged-"), left.toString());
        }
        try (SweepDirectory dir = open(d, false)) {
            assertEquals(grid.size(), dir.committedRunIds().size());
            assertEquals(grid.size() + 1, dir.compact().runsFilesBefore(), "every file is still resweep's (schema file included)");
        }
        assertEquals(grid.size(), ids(d.resolve("runs")).size());
    }

    /** A long session merges its commit records every {@code MERGE_EVERY_KEY} batches, not only at close. */
    @Test
    void longSessionMergesCommitRecordsAsItGoes() throws Exception {
        List<RunConfig> grid = FakeRuns.grid(new int[] {2}, new double[] {0.5, 0.25, 2.0}, 3, 4).subList(0, 9);
        Path d = tmp.resolve("session");
        Configuration conf = new Configuration();
        conf.setInt(SweepDirectory.MERGE_EVERY_KEY, 4);
        try (SweepDirectory dir = SweepDirectory.open(new org.apache.hadoop.fs.Path(d.toUri()), conf, SweepDirectory.Mode.CREATE, notices::add)) {
            for (RunConfig c : grid) {
                List<Object[]>[] r = rows(List.of(c));
                StagedRows.commit(dir, r[0], r[1]);
                try (var s = Files.list(d.resolve("_resweep/commits"))) {
                    List<String> records = s.map(p -> p.getFileName().toString()).toList();
                    assertTrue(records.size() <= 4, "at most one merged record and the batches since: " + records);
                }
            }
            try (var s = Files.list(d.resolve("_resweep/commits"))) {
                assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("merged-")), "merged during the session");
            }
            assertEquals(grid.size(), dir.committedRunIds().size());
        }
        try (SweepDirectory dir = open(d, true)) {
            assertEquals(new TreeSet<>(grid.stream().map(RunConfig::runId).toList()), dir.committedRunIds());
            assertEquals(grid.size() + 1, dir.compact().runsFilesBefore(), "every file is still resweep's (schema file included)");
        }
        assertEquals(grid.size(), ids(d.resolve("runs")).size());
        assertTrue(notices.stream().noneMatch(n -> n.contains("not merged")), notices.toString());
    }

    /**
     * A bad merge-records-every setting (a user's --conf) is one line naming it, its value and what is allowed (exit 2:
     * BadInputException), before the directory is created; it was an internal NumberFormatException ('abc', a number
     * beyond int) or silently 2 (0, negative) (review5 F2).
     */
    @Test
    void badMergeEverySettingIsRefusedBeforeAnythingIsWritten() {
        for (String bad : List.of("abc", "0", "-3", "1", "99999999999", "2.5")) {
            Configuration conf = new Configuration();
            conf.set(SweepDirectory.MERGE_EVERY_KEY, bad);
            Path d = tmp.resolve("bad-merge-" + bad);
            org.resweep.core.util.BadInputException e = assertThrows(org.resweep.core.util.BadInputException.class,
                    () -> SweepDirectory.open(new org.apache.hadoop.fs.Path(d.toUri()), conf, SweepDirectory.Mode.CREATE, notices::add));
            assertEquals(SweepDirectory.MERGE_EVERY_KEY + " (e.g. --conf spark.hadoop." + SweepDirectory.MERGE_EVERY_KEY + "=N): '" + bad
                    + "' is not allowed; allowed: an integer from 2 to 2147483647 (commit records are merged every that many batches; "
                    + "default 512)", e.getMessage());
            assertFalse(Files.exists(d), "nothing created for " + bad);
        }
        Configuration ok = new Configuration();
        ok.set(SweepDirectory.MERGE_EVERY_KEY, " 7 ");
        assertEquals(7, SweepDirectory.mergeEvery(ok));
        assertEquals(SweepDirectory.MERGE_RECORDS_IN_SESSION, SweepDirectory.mergeEvery(new Configuration()));
    }
}
