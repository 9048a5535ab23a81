package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record of {@code reproduce} invocations in a reproduction's directory ({@link ReproduceLog}): a resumed
 * reproduction's report lists every invocation (options, start, wall time, runs run), a killed one as interrupted; the
 * file only grows; a foreign file is left alone and a damaged line skipped, each with one warning and no stack trace.
 */
class ReproduceLogTest {
    @TempDir
    Path dir;

    final List<String> warnings = new ArrayList<>();

    ReproduceLog open(Path root) throws Exception {
        return ReproduceLog.open(new org.apache.hadoop.fs.Path(root.toUri()), new Configuration(), warnings::add);
    }

    @Test
    void aResumedReproductionListsEveryInvocation() throws Exception {
        Path root = dir.resolve("repro"); // not created yet: the first event creates it
        ReproduceLog first = open(root);
        assertEquals(List.of(), first.previous());
        first.start(Instant.parse("2026-12-01T10:00:00Z"), "--quick --experiments fig7", "local[2]");
        first.sweepStarted("fig7");
        first.sweepDone("fig7", 39, 0, 24, 12.5);
        first.sweepStarted("fig8-coarse"); // then killed: no sweep, no end
        String afterFirst = Files.readString(root.resolve(ReproduceLog.FILE));
        assertTrue(afterFirst.startsWith(ReproduceLog.HEADER + "\n"), afterFirst);
        assertEquals(5, afterFirst.lines().count(), afterFirst);

        ReproduceLog second = open(root);
        assertEquals(1, second.previous().size());
        ReproduceLog.Invocation killed = second.previous().get(0);
        assertEquals("--quick --experiments fig7", killed.options());
        assertEquals(Instant.parse("2026-12-01T10:00:00Z"), killed.started());
        assertFalse(killed.finished());
        assertEquals("fig8-coarse", killed.running());
        assertEquals(24, killed.runNow());
        second.start(Instant.parse("2026-12-01T11:00:00Z"), "--quick", "local[2]");
        second.sweepDone("fig7", 39, 24, 15, 8.0);
        second.sweepDone("theorem2", 8, 0, 8, 3.0);
        second.end(Instant.parse("2026-12-01T11:01:00Z"), 60.0);
        assertTrue(Files.readString(root.resolve(ReproduceLog.FILE)).startsWith(afterFirst), "the record only grows");

        ReproduceLog third = open(root);
        assertEquals(2, third.previous().size());
        assertTrue(third.previous().get(1).finished());
        assertEquals(23, third.previous().get(1).runNow());
        third.start(Instant.parse("2026-12-01T12:00:00Z"), "", "local[1]");
        third.sweepDone("fig7", 39, 39, 0, 1.0);
        String table = third.table(5.25);
        assertTrue(table.startsWith("Made by 3 invocations of `resweep reproduce` in this directory, oldest first (recorded in `"
                + ReproduceLog.FILE + "`):"), table);
        assertTrue(table.contains("| 2026-12-01T10:00:00Z | `--quick --experiments fig7` | local[2] | ≥ "), table);
        assertTrue(table.contains(" | ≥ 24 | interrupted during `fig8-coarse` (its runs stored then are not counted) |"), table);
        assertTrue(table.contains("| 2026-12-01T11:00:00Z | `--quick` | local[2] | 60.0 s | 23 | finished |"), table);
        assertTrue(table.contains("| 2026-12-01T12:00:00Z | `(none)` | local[1] | 5.2 s (to the report) | 0 | this invocation |")
                || table.contains("| 2026-12-01T12:00:00Z | `(none)` | local[1] | 5.3 s (to the report) | 0 | this invocation |"), table);
        assertEquals(List.of(), warnings);
    }

    @Test
    void aFileResweepDidNotWriteIsLeftAloneWithOneWarning() throws Exception {
        Path root = Files.createDirectories(dir.resolve("foreign"));
        Path f = Files.writeString(root.resolve(ReproduceLog.FILE), "my notes\n");
        ReproduceLog log = open(root);
        assertFalse(log.recording());
        log.start(Instant.now(), "--quick", "local[2]");
        log.sweepDone("fig7", 1, 0, 1, 1.0);
        log.end(Instant.now(), 1.0);
        assertEquals("my notes\n", Files.readString(f), "never rewritten");
        assertEquals(1, warnings.size(), warnings.toString());
        assertEquals("resweep: warning: " + f + " was not written by resweep reproduce (its first line is not " + ReproduceLog.HEADER
                + "): left as it is; this invocation is not recorded, and the report lists it alone", warnings.get(0));
        String table = log.table(1.0);
        assertTrue(table.startsWith("Made by one invocation of `resweep reproduce` (this one only: `" + ReproduceLog.FILE + "` is not usable"), table);
        assertEquals(2 + 1, table.strip().lines().filter(l -> l.startsWith("|")).count(), table);
    }

    @Test
    void aDamagedLineIsSkippedWithOneWarningAndTheRecordGoesOn() throws Exception {
        Path root = Files.createDirectories(dir.resolve("damaged"));
        ReproduceLog log = open(root);
        log.start(Instant.parse("2026-12-01T10:00:00Z"), "--quick", "local[2]");
        log.end(Instant.parse("2026-12-01T10:00:09Z"), 9.0);
        Path f = root.resolve(ReproduceLog.FILE);
        Files.writeString(f, "not json\n{\"id\":\"x\",\"event\":\"sweep\",\"at\":\"2026-12-01T1", java.nio.file.StandardOpenOption.APPEND); // cut by a crash
        ReproduceLog next = open(root);
        assertEquals(List.of("resweep: warning: " + f + ": 2 lines that cannot be read (e.g. cut by a killed process) skipped; the report "
                + "lists the invocations of the others"), warnings);
        assertEquals(1, next.previous().size());
        assertTrue(next.recording());
        next.start(Instant.parse("2026-12-01T11:00:00Z"), "--quick", "local[2]");
        warnings.clear();
        ReproduceLog again = open(root);
        assertEquals(2, again.previous().size(), "the new line starts on a line of its own");
        assertEquals(1, warnings.size(), "the same two damaged lines: " + warnings);
    }

    @Test
    void optionsAreQuotedAndCredentialsLeftOut() {
        assertEquals("--quick --out '/tmp/my dir' --conf spark.hadoop.fs.s3a.secret.key=*** --conf=spark.hadoop.fs.s3a.access.key=*** "
                        + "--conf spark.executor.memory=2g",
                ReproduceLog.options(List.of("--quick", "--out", "/tmp/my dir", "--conf", "spark.hadoop.fs.s3a.secret.key=abc",
                        "--conf=spark.hadoop.fs.s3a.access.key=AKIA", "--conf", "spark.executor.memory=2g")));
        // the credential's name need not end the key (review8 F3)
        for (String key : List.of("spark.hadoop.fs.azure.account.key.myacct.dfs.core.windows.net", "spark.hadoop.fs.cosn.userinfo.secretKey",
                "spark.hadoop.fs.azure.sas.mycontainer.myacct.blob.core.windows.net", "spark.hadoop.fs.azure.account.oauth2.client.secret.myacct",
                "spark.hadoop.fs.gs.auth.service.account.private.key", "spark.hadoop.x.apikey")) {
            assertEquals("--conf " + key + "=***", ReproduceLog.options(List.of("--conf", key + "=VALUE")), key);
        }
    }

    @Test
    void recordedTimesFarApartGiveAReportNotAnOverflow() throws Exception {
        Path root = Files.createDirectories(dir.resolve("far"));
        Files.writeString(root.resolve(ReproduceLog.FILE), ReproduceLog.HEADER + "\n"
                + "{\"id\":\"a\",\"event\":\"start\",\"at\":\"-1000000000-01-01T00:00:00Z\",\"options\":\"\",\"master\":\"local\"}\n"
                + "{\"id\":\"a\",\"event\":\"sweep-start\",\"at\":\"+1000000000-12-31T23:59:59Z\",\"sweep\":\"theorem2\"}\n");
        ReproduceLog log = open(root);
        log.start(Instant.parse("2026-12-01T12:00:00Z"), "--quick", "local[2]");
        String table = log.table(1.0);
        assertTrue(table.contains("interrupted"), table);
    }

    @Test
    void aRecordLongerThanItsReportedLengthIsReadOnlyUpToTheLimit() throws Exception {
        Path root = Files.createDirectories(dir.resolve("zero"));
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(zero), "needs /dev/zero");
        Files.createSymbolicLink(root.resolve(ReproduceLog.FILE), zero);
        ReproduceLog log = open(root);
        assertFalse(log.recording());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("larger than " + ReproduceLog.MAX_BYTES + " bytes"), warnings.get(0));
    }
}
