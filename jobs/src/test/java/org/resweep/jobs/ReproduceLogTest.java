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
        assertTrue(warnings.get(0).contains("(not a regular file: a pipe, a device or a socket): left as it is"), warnings.get(0));
    }

    @Test
    void aRegularRecordLargerThanTheLimitIsLeftAlone() throws Exception {
        Path root = Files.createDirectories(dir.resolve("large"));
        Path f = root.resolve(ReproduceLog.FILE);
        Files.writeString(f, ReproduceLog.HEADER + "\n");
        try (java.io.RandomAccessFile r = new java.io.RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(ReproduceLog.MAX_BYTES + 1); // sparse
        }
        ReproduceLog log = open(root);
        assertFalse(log.recording());
        log.start(Instant.now(), "", "local");
        assertEquals(ReproduceLog.MAX_BYTES + 1, Files.size(f), "not appended to");
        assertEquals(List.of("resweep: warning: " + f + " is not the record resweep reproduce keeps (larger than " + ReproduceLog.MAX_BYTES
                + " bytes): left as it is; this invocation is not recorded, and the report lists it alone"), warnings);
    }

    /**
     * A FIFO of that name is not read (the read would block {@code reproduce} until something writes to it: review8 F2).
     * A writer of this test's own is waiting on it: before, the record read its line and called the file foreign.
     */
    @Test
    void aPipeOfThatNameIsNotReadNorBlocks() throws Exception {
        Path root = Files.createDirectories(dir.resolve("fifo"));
        Path fifo = root.resolve(ReproduceLog.FILE);
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "needs mkfifo");
        Thread writer = new Thread(() -> {
            try {
                Files.writeString(fifo, "from a pipe\n"); // blocks until a reader opens the pipe
            } catch (java.io.IOException e) {
                // the reader left first
            }
        });
        writer.setDaemon(true);
        writer.start();
        ReproduceLog log = open(root);
        assertFalse(log.recording());
        log.start(Instant.now(), "", "local");
        log.end(Instant.now(), 1.0);
        assertEquals(List.of("resweep: warning: " + fifo + " is not the record resweep reproduce keeps (not a regular file: a pipe, a device "
                + "or a socket): left as it is; this invocation is not recorded, and the report lists it alone"), warnings);
        try (java.io.InputStream in = Files.newInputStream(fifo)) { // releases the writer
            assertEquals("from a pipe\n", new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "nothing was read nor written");
        }
        writer.join();
    }

    /** A record replaced by a file resweep did not write while an invocation runs: the foreign file is never written to (review8 F4). */
    @Test
    void aFileSwappedInDuringARunIsNeverAppendedTo() throws Exception {
        Path root = Files.createDirectories(dir.resolve("swapped"));
        ReproduceLog log = open(root);
        log.start(Instant.parse("2026-12-01T10:00:00Z"), "--quick", "local[2]");
        Path f = root.resolve(ReproduceLog.FILE), moved = root.resolve("moved.jsonl");
        Files.move(f, moved);
        Files.writeString(f, "my notes\n");
        log.sweepStarted("theorem2");
        log.end(Instant.parse("2026-12-01T10:00:09Z"), 9.0);
        assertEquals("my notes\n", Files.readString(f), "the foreign file is left as it is");
        assertEquals(List.of(), warnings);
        assertEquals(4, Files.readString(moved).lines().count(), "the record resweep opened has every line: " + Files.readString(moved));
    }

    /** A foreign file created between {@code open} (no record) and the first event: not appended to; one warning (review8 F4). */
    @Test
    void aFileCreatedBeforeTheFirstEventIsNotAppendedTo() throws Exception {
        Path root = Files.createDirectories(dir.resolve("raced"));
        ReproduceLog log = open(root);
        Path f = Files.writeString(root.resolve(ReproduceLog.FILE), "my notes\n");
        log.start(Instant.now(), "--quick", "local[2]");
        log.sweepStarted("theorem2");
        assertEquals("my notes\n", Files.readString(f));
        assertEquals(List.of("resweep: warning: cannot add to " + f + " (its first line is no longer " + ReproduceLog.HEADER + ": a file resweep "
                + "did not write has taken its name): this invocation's record stops here; the reproduction goes on"), warnings);
    }

    /** An empty file, or a header cut by a crash between creating the file and writing it: absent, completed (review8 F5). */
    @Test
    void anEmptyFileOrACutHeaderIsCompleted() throws Exception {
        for (String content : List.of("", ReproduceLog.HEADER.substring(0, 7), ReproduceLog.HEADER)) {
            Path root = Files.createDirectories(dir.resolve("cut" + content.length()));
            Path f = Files.writeString(root.resolve(ReproduceLog.FILE), content);
            ReproduceLog log = open(root);
            assertTrue(log.recording(), content);
            log.start(Instant.parse("2026-12-01T10:00:00Z"), "--quick", "local[2]");
            log.end(Instant.parse("2026-12-01T10:00:09Z"), 9.0);
            assertEquals(List.of(), warnings, content);
            String text = Files.readString(f);
            assertTrue(text.startsWith(ReproduceLog.HEADER + "\n{\"id\""), text);
            assertEquals(1, open(root).previous().size(), text);
        }
    }

    /**
     * An invocation refused after Spark started (the second of two into one DIR: "in use by another resweep process")
     * writes its end: the report says refused, with the reason, not "interrupted" (review8 F5).
     */
    @Test
    void aRefusedInvocationIsListedAsRefusedNotInterrupted() throws Exception {
        Path root = dir.resolve("refused");
        ReproduceLog log = open(root);
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        log.start(t0, "--quick", "local[2]");
        log.sweepStarted("theorem2");
        ReproduceCommand.ended(log, t0, new ExitCodes.UserError("DIR theorem2 is in use by another resweep process (pid 12)\nsecond line"));
        ReproduceLog other = open(root);
        other.start(t0, "", "local");
        other.sweepStarted("fig7");
        ReproduceCommand.ended(other, t0, new IllegalStateException("boom"));
        ReproduceLog next = open(root);
        next.start(t0, "", "local");
        assertEquals(2, next.previous().size());
        ReproduceLog.Invocation refused = next.previous().get(0);
        assertTrue(refused.finished());
        assertEquals("refused (exit 2)", refused.outcome());
        String table = next.table(1.0);
        assertTrue(table.contains(" | ≥ 0 | refused (exit 2) during `theorem2` (its runs stored then are not counted): DIR theorem2 is in use by "
                + "another resweep process (pid 12) |"), table);
        assertTrue(table.contains(" | failed (exit 1) during `fig7` (its runs stored then are not counted): IllegalStateException: boom |"), table);
        assertFalse(table.contains("interrupted"), table);
        assertEquals(List.of(), warnings);
    }

    /** The end of an invocation stopped by Ctrl-C is written although its thread is still flagged as interrupted. */
    @Test
    void theEndIsWrittenOnAnInterruptedThread() throws Exception {
        Path root = dir.resolve("interrupted");
        ReproduceLog log = open(root);
        log.start(Instant.parse("2026-12-01T10:00:00Z"), "--quick", "local[2]");
        Thread.currentThread().interrupt();
        try {
            log.end(Instant.parse("2026-12-01T10:00:05Z"), 5.0, "interrupted", 130, "SIGINT");
            assertTrue(Thread.currentThread().isInterrupted(), "the flag is kept");
        } finally {
            Thread.interrupted();
        }
        log.close();
        assertEquals(List.of(), warnings);
        ReproduceLog.Invocation v = open(root).previous().get(0);
        assertEquals("interrupted (exit 130)", v.outcome());
        assertEquals("SIGINT", v.reason());
    }

    /**
     * Elsewhere than the local filesystem each event rewrites the file whole, also where the filesystem could append:
     * HDFS's append fails on a cluster with fewer live datanodes than the client's replication and leaves the file's
     * lease held (review9 H1). Both invocations' lines are kept when they take turns. A filesystem of this test's own,
     * the local one under another scheme, stands in for HDFS (with append) and an object store (without).
     */
    @Test
    void elsewhereAnEventRewritesTheFileWhole() throws Exception {
        for (Class<?> impl : List.of(OtherFs.class, OtherFsWithoutAppend.class)) {
            Path root = Files.createDirectories(dir.resolve(impl.getSimpleName()));
            Configuration conf = new Configuration();
            conf.set("fs.other.impl", impl.getName());
            conf.setBoolean("fs.other.impl.disable.cache", true);
            org.apache.hadoop.fs.Path r = new org.apache.hadoop.fs.Path("other://" + root.toUri().getPath());
            ReproduceLog a = ReproduceLog.open(r, conf, warnings::add), b = ReproduceLog.open(r, conf, warnings::add);
            a.start(Instant.parse("2026-12-01T10:00:00Z"), "--quick", "local[2]");
            Path f = root.resolve(ReproduceLog.FILE);
            Object inode = Files.getAttribute(f, "unix:ino");
            b.start(Instant.parse("2026-12-01T10:00:01Z"), "", "local");
            boolean sameFile = inode.equals(Files.getAttribute(f, "unix:ino")); // after one event (a freed inode may be reused later)
            a.sweepDone("theorem2", 8, 0, 8, 1.0);
            b.end(Instant.parse("2026-12-01T10:00:05Z"), 4.0);
            a.end(Instant.parse("2026-12-01T10:00:09Z"), 9.0);
            assertEquals(List.of(), warnings);
            assertFalse(sameFile, impl.getSimpleName() + ": rewritten, not appended to");
            List<ReproduceLog.Invocation> both = ReproduceLog.open(r, conf, warnings::add).previous();
            assertEquals(2, both.size());
            assertTrue(both.get(0).finished() && both.get(1).finished(), both.toString());
            assertEquals(8, both.get(0).runNow());
        }
    }

    /** The local filesystem under the scheme {@code other:} (not {@code file:}, so not the local way of appending). */
    public static class OtherFs extends org.apache.hadoop.fs.RawLocalFileSystem {
        @Override
        public java.net.URI getUri() { return java.net.URI.create("other:///"); }

        @Override
        public String getScheme() { return "other"; }
    }

    /** {@link OtherFs} without append (as an object store). */
    public static class OtherFsWithoutAppend extends OtherFs {
        @Override
        public boolean hasPathCapability(org.apache.hadoop.fs.Path path, String capability) throws java.io.IOException {
            return !capability.equals(org.apache.hadoop.fs.CommonPathCapabilities.FS_APPEND) && super.hasPathCapability(path, capability);
        }
    }
}
