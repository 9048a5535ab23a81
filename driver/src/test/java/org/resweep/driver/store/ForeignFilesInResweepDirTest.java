package org.resweep.driver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.core.train.RunConfig;
import org.resweep.driver.testing.CommitRecordMerge;
import org.resweep.driver.testing.FakeRuns;
import org.resweep.driver.testing.StagedRows;

/**
 * Files of the user's inside {@code DIR/_resweep/} whose names look like resweep's (a {@code .json} copy of a commit
 * record, a {@code .json} note among the intents, a hidden {@code .tmp} file) are not resweep's: opening the
 * directory (recovery), merging the commit records ({@code compact}, close) and closing leave them where they are,
 * with their content, and the sweep reads exactly as before.
 */
class ForeignFilesInResweepDirTest {
    @TempDir
    Path tmp;

    @Test
    void userFilesWithRecordLikeNamesSurviveRecoveryAndMerge() throws Exception {
        Path d = tmp.resolve("sweep");
        Configuration conf = new Configuration();
        org.apache.hadoop.fs.Path hd = new org.apache.hadoop.fs.Path(d.toUri());
        List<RunConfig> grid = FakeRuns.grid(new int[] {2}, new double[] {0.5, 0.25}, 2, 4).subList(0, 3);
        try (SweepDirectory dir = SweepDirectory.open(hd, conf, SweepDirectory.Mode.CREATE, s -> {})) {
            for (RunConfig c : grid) { // one batch (and commit record) per run
                List<Object[]>[] r = CommitRecordMerge.rows(List.of(c));
                StagedRows.commit(dir, r[0], r[1]);
            }
        }
        Path commits = d.resolve("_resweep/commits"), intents = d.resolve("_resweep/intents");
        Path record;
        try (var s = Files.list(commits)) {
            record = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().findFirst().orElseThrow();
        }
        Files.createDirectories(intents);
        List<Path> mine = List.of(commits.resolve("backup-of-first.json"), intents.resolve("notes.json"),
                commits.resolve(".mine.tmp"), intents.resolve(".draft.json.tmp"));
        Files.copy(record, mine.get(0)); // a backup copy of a real record: valid JSON, resweep's content
        Files.writeString(mine.get(1), "my notes\n");
        Files.writeString(mine.get(2), "hidden\n");
        Files.writeString(mine.get(3), "{\n");
        List<String> contents = new ArrayList<>();
        for (Path p : mine) contents.add(Files.readString(p));

        List<String> notices = new ArrayList<>();
        try (SweepDirectory dir = SweepDirectory.open(hd, conf, SweepDirectory.Mode.EXISTING, notices::add)) {
            assertEquals(new TreeSet<>(grid.stream().map(RunConfig::runId).toList()), new TreeSet<>(dir.committedRunIds()));
            assertEquals(grid.size() + 1, dir.mergeCommitRecords(2), "resweep's records (schema + one per run) merged, no other file");
        }
        assertTrue(notices.stream().noneMatch(n -> n.contains("notes")), notices.toString());
        for (int i = 0; i < mine.size(); i++) {
            assertTrue(Files.exists(mine.get(i)), "left alone: " + mine.get(i));
            assertEquals(contents.get(i), Files.readString(mine.get(i)), "unchanged: " + mine.get(i));
        }
        try (SweepDirectory dir = SweepDirectory.open(hd, conf, SweepDirectory.Mode.EXISTING, s -> {})) {
            assertEquals(new TreeSet<>(grid.stream().map(RunConfig::runId).toList()), new TreeSet<>(dir.committedRunIds()));
        }
        assertEquals(grid.size(), CommitRecordMerge.storedIds(conf, hd).size(), "every run once");
        try (var s = Files.list(commits)) {
            assertEquals(1, s.filter(p -> p.getFileName().toString().startsWith("merged-")).count());
        }
    }
}
