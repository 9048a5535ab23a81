package org.resweep.driver.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.resweep.core.train.RunConfig;
import org.resweep.driver.results.ExecutedRun;
import org.resweep.driver.results.ResultRows;
import org.resweep.driver.results.SweepProvenance;
import org.resweep.driver.store.ParquetRunIds;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.store.SweepFs;

/**
 * Merging commit records, on any filesystem (the local one in {@code SweepDirectoryTest}, HDFS in
 * {@code HdfsSweepIT}): a sweep directory with one record per batch, the records merged, then the state a crash in the
 * middle of a merge leaves on disk (the merged record written, the replaced records still there, a half-written merge
 * temp file) is reopened: every run counts once, the superseded attempts and resweep's file ownership survive, and
 * recovery removes what the merge had left.
 */
public final class CommitRecordMerge {
    private CommitRecordMerge() {}

    /** One runs row and its checkpoints rows per configuration (from {@link FakeRuns}). */
    public static List<Object[]>[] rows(List<RunConfig> cs) {
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

    private static List<String> records(FileSystem fs, Path commits) throws IOException {
        List<String> out = new ArrayList<>();
        for (var s : fs.listStatus(commits)) if (!s.getPath().getName().endsWith(".crc")) out.add(s.getPath().getName());
        out.sort(null);
        return out;
    }

    /** Run ids of every row of {@code DIR/runs} (duplicates kept). */
    public static List<String> storedIds(Configuration conf, Path d) throws IOException {
        Path runs = new Path(d, "runs");
        SweepFs fs = new SweepFs(runs, conf);
        List<String> out = new ArrayList<>();
        for (String p : SweepDirectory.partNames(fs, runs)) out.addAll(ParquetRunIds.read(conf, new Path(runs, p), "run_id"));
        return out;
    }

    /**
     * The scenario, with assertions. {@code d} must not exist.
     *
     * @param notices receives the store's notices
     */
    public static void check(Configuration conf, Path d, java.util.function.Consumer<String> notices) throws IOException {
        List<RunConfig> grid = FakeRuns.grid(new int[] {2}, new double[] {0.5, 0.25, 2.0}, 2, 4).subList(0, 6);
        List<RunConfig> first = grid.subList(0, 5);
        String gone = first.get(1).runId();
        Path commits = new Path(d, "_resweep/commits");
        FileSystem fs = d.getFileSystem(conf);
        try (SweepDirectory dir = SweepDirectory.open(d, conf, SweepDirectory.Mode.CREATE, notices)) {
            for (RunConfig c : first) { // one batch per run
                List<Object[]>[] r = rows(List.of(c));
                StagedRows.commit(dir, r[0], r[1]);
            }
            dir.supersede(Map.of(gone, 1)); // rewrites two of resweep's files, records attempt 1 as superseded
        }
        List<String> before = records(fs, commits);
        assertTrue(before.size() >= 7 && before.size() < SweepDirectory.MERGE_RECORDS_AT_CLOSE,
                "one record per batch (schema, 5 runs, supersede), not merged at close: " + before);
        Path saved = new Path(d.getParent(), d.getName() + "-records");
        FileUtil.copy(fs, commits, fs, saved, false, conf);

        try (SweepDirectory dir = SweepDirectory.open(d, conf, SweepDirectory.Mode.EXISTING, notices)) {
            assertEquals(before.size(), dir.mergeCommitRecords(2));
        }
        List<String> merged = records(fs, commits);
        assertEquals(1, merged.size(), merged.toString());
        assertTrue(merged.get(0).startsWith("merged-") && merged.get(0).endsWith(".json"), merged.toString());

        // A crash in the middle of the merge: the merged record is whole, none of the replaced ones deleted yet, and a
        // later (interrupted) merge left its half-written temp file.
        for (String n : before) FileUtil.copy(fs, new Path(saved, n), fs, new Path(commits, n), false, conf);
        try (FSDataOutputStream out = fs.create(new Path(commits, ".merged-x-000009.json.0a1b2c3d.tmp"), false)) {
            out.writeBytes("{\"batch\":\"merged-x-000009\",\"kind\":\"mer");
        }
        assertEquals(before.size() + 2, records(fs, commits).size());

        TreeSet<String> expected = new TreeSet<>();
        for (RunConfig c : first) expected.add(c.runId());
        expected.remove(gone);
        try (SweepDirectory dir = SweepDirectory.open(d, conf, SweepDirectory.Mode.EXISTING, notices)) {
            assertEquals(expected, new TreeSet<>(dir.committedRunIds()), "every run once, the superseded one not at all");
            assertEquals(2, dir.nextAttempt(gone), "the superseded attempt survives the merge");
            assertEquals(merged, records(fs, commits), "recovery deleted the replaced records and the merge's temp file");
            List<Object[]>[] r = rows(List.of(first.get(1), grid.get(5)));
            StagedRows.commit(dir, r[0], r[1]); // the retried run and a new one, after the merge
            SweepDirectory.Compaction c = dir.compact(); // merges only files resweep owns: ownership survived the merge
            assertEquals(grid.size(), c.runsRows());
            assertTrue(c.runsFilesBefore() >= 5, c.toString());
            assertEquals(3, c.commitRecordsMerged(), "the merged record, the batch after it and the compaction: " + c);
        }
        List<String> ids = storedIds(conf, d);
        assertEquals(grid.size(), ids.size(), "one row per run id: " + ids);
        assertEquals(grid.size(), new TreeSet<>(ids).size());
        assertEquals(1, records(fs, commits).size());
        try (SweepDirectory dir = SweepDirectory.open(d, conf, SweepDirectory.Mode.EXISTING, notices)) {
            assertEquals(grid.size(), dir.committedRunIds().size());
            assertEquals(1, dir.nextAttempt(grid.get(0).runId()));
        }
    }
}
