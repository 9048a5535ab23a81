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
        for (String content : List.of("", ReproduceLog.HEADER.substring(0, ReproduceLog.CUT_HEADER_MIN), ReproduceLog.HEADER.substring(0, 30),
                ReproduceLog.HEADER)) {
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
     * A file holding only the first few bytes of the header, too few to name resweep's format (such as <code>{</code>), is
     * not taken for a cut header: left as it is with one warning, at open or when it appears before the first event
     * (review9 L4).
     */
    @Test
    void aShortPrefixOfTheHeaderIsLeftAlone() throws Exception {
        for (String content : List.of("{", ReproduceLog.HEADER.substring(0, ReproduceLog.CUT_HEADER_MIN - 1))) {
            warnings.clear();
            Path root = Files.createDirectories(dir.resolve("short" + content.length()));
            Path f = Files.writeString(root.resolve(ReproduceLog.FILE), content);
            ReproduceLog log = open(root);
            assertFalse(log.recording(), content);
            log.start(Instant.now(), "--quick", "local[2]");
            assertEquals(content, Files.readString(f));
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains(" was not written by resweep reproduce"), warnings.get(0));

            warnings.clear();
            Path later = Files.createDirectories(dir.resolve("later" + content.length()));
            ReproduceLog raced = open(later);
            Path g = Files.writeString(later.resolve(ReproduceLog.FILE), content);
            raced.start(Instant.now(), "--quick", "local[2]");
            assertEquals(content, Files.readString(g));
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("cannot add to " + g + " (its first line is no longer"), warnings.get(0));
        }
    }

    /**
     * The record was read at open but this invocation's first line could not be added (a file resweep did not write took
     * its name since): the report's sentence says the earlier rows come from the record, not "this one only" (review9 L1).
     */
    @Test
    void theReportSaysWhereItsRowsComeFromWhenTheFirstLineCannotBeAdded() throws Exception {
        Path root = Files.createDirectories(dir.resolve("unaddable"));
        ReproduceLog first = open(root);
        first.start(Instant.parse("2026-12-01T10:00:00Z"), "--quick", "local[2]");
        first.end(Instant.parse("2026-12-01T10:00:09Z"), 9.0);
        ReproduceLog second = open(root);
        Path f = root.resolve(ReproduceLog.FILE);
        Files.move(f, root.resolve("moved.jsonl"));
        Files.writeString(f, "my notes\n");
        second.start(Instant.parse("2026-12-01T11:00:00Z"), "", "local");
        assertFalse(second.recording());
        assertEquals(1, warnings.size(), warnings.toString());
        String table = second.table(1.0);
        assertTrue(table.startsWith("Made by 2 invocations of `resweep reproduce` in this directory, oldest first (the earlier ones as recorded in `"
                + ReproduceLog.FILE + "`; this one could not be added to it, see the warning it gave):\n"), table);
        assertEquals(2 + 2, table.strip().lines().filter(l -> l.startsWith("|")).count(), table);
    }

    /**
     * Reading a record is linear in its events: a hostile record of one invocation's 60,000 {@code sweep} events (review9 M2:
     * quadratic before, about 20 s of CPU for 76,000) allocates a bounded amount per event. The cost is counted as the bytes
     * this thread allocates (HotSpot's count), not timed: rebuilding the invocation's list per event allocates about 240 kB
     * per event at this size, building it once some hundred bytes to a few kB (parsing the time).
     */
    @Test
    void readingTheEventsIsLinear() {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(threads instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported()
                && t.isThreadAllocatedMemoryEnabled(), "needs HotSpot's per-thread allocation count");
        var counter = (com.sun.management.ThreadMXBean) threads;
        int n = 60_000;
        List<com.fasterxml.jackson.databind.JsonNode> events = new ArrayList<>();
        events.add(Json.read("{\"id\":\"a\",\"event\":\"start\",\"at\":\"2020-01-01T00:00:00Z\",\"options\":\"\",\"master\":\"local\"}"));
        com.fasterxml.jackson.databind.JsonNode sweep = Json.read("{\"id\":\"a\",\"event\":\"sweep\",\"at\":\"2020-01-01T00:00:00Z\",\"run_now\":1}");
        for (int i = 0; i < n; i++) events.add(sweep);
        long before = counter.getCurrentThreadAllocatedBytes();
        List<ReproduceLog.Invocation> read = ReproduceLog.invocations(events);
        long allocated = counter.getCurrentThreadAllocatedBytes() - before;
        assertEquals(1, read.size());
        assertEquals(n, read.get(0).sweeps().size());
        assertEquals(n, read.get(0).runNow());
        assertTrue(allocated < 24_000L * n, allocated / n + " bytes per event");
    }

    /**
     * A hostile record of 1,000 invocations (review9 M2: 71,000 {@code start} lines made a 6 MB report.md): the report lists
     * the first and the last {@value ReproduceLog#LISTED} and says how many it leaves out, with one warning.
     */
    @Test
    void theReportListsAtMostTheFirstAndLastInvocations() throws Exception {
        Path root = Files.createDirectories(dir.resolve("many"));
        StringBuilder sb = new StringBuilder(ReproduceLog.HEADER).append('\n');
        for (int i = 0; i < 1000; i++) {
            sb.append("{\"id\":\"i").append(i).append("\",\"event\":\"start\",\"at\":\"2020-01-01T00:00:00Z\",\"options\":\"--n ").append(i)
                    .append("\",\"master\":\"local\"}\n");
        }
        Files.writeString(root.resolve(ReproduceLog.FILE), sb);
        ReproduceLog log = open(root);
        assertEquals(1000, log.previous().size());
        log.start(Instant.parse("2026-12-01T12:00:00Z"), "--quick", "local[2]");
        String table = log.table(1.0);
        int listed = ReproduceLog.LISTED;
        assertTrue(table.startsWith("Made by 1001 invocations of `resweep reproduce` in this directory, oldest first (recorded in `"
                + ReproduceLog.FILE + "`); " + (1000 - 2 * listed) + " of them, between the first " + listed + " and the last " + listed
                + " earlier ones, are not listed:\n"), table);
        List<String> rows = table.lines().filter(l -> l.startsWith("| ")).skip(2).toList(); // without the column names and the rule
        assertEquals(2 * listed + 1 + 1, rows.size(), table);
        assertTrue(rows.get(listed - 1).contains("`--n " + (listed - 1) + "`"), rows.get(listed - 1));
        assertEquals("| … | " + (1000 - 2 * listed) + " more in `" + ReproduceLog.FILE + "` | | | | |", rows.get(listed));
        assertTrue(rows.get(listed + 1).contains("`--n " + (1000 - listed) + "`"), rows.get(listed + 1));
        assertTrue(rows.get(2 * listed + 1).endsWith(" | this invocation |"), rows.get(2 * listed + 1));
        assertEquals(List.of("resweep: warning: " + root.resolve(ReproduceLog.FILE) + " records 1000 earlier invocations: the report lists the first "
                + listed + " and the last " + listed + " of them"), warnings);
    }

    /**
     * Two records of one file open in one process (in-process runs, embedding code) take turns: no line is lost (review9
     * L3: the second lock in one JVM threw OverlappingFileLockException, shown as the reason "(null)").
     */
    @Test
    void twoRecordsOfOneFileInOneProcessTakeTurns() throws Exception {
        Path root = Files.createDirectories(dir.resolve("two"));
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failed = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 2; t++) {
            ReproduceLog log = ReproduceLog.open(new org.apache.hadoop.fs.Path(root.toUri()), new Configuration(), seen::add);
            String name = "t" + t;
            Thread th = new Thread(() -> {
                try {
                    together.await();
                    log.start(Instant.parse("2026-12-01T10:00:00Z"), name, "local");
                    for (int i = 0; i < 100; i++) log.sweepDone(name + "-" + i, 1, 0, 1, 0.5);
                    log.end(Instant.parse("2026-12-01T10:00:09Z"), 9.0);
                    log.close();
                } catch (Throwable e) {
                    failed.add(e);
                }
            });
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) th.join();
        assertEquals(List.of(), failed);
        assertEquals(List.of(), seen);
        List<ReproduceLog.Invocation> both = open(root).previous();
        assertEquals(2, both.size());
        for (ReproduceLog.Invocation v : both) {
            assertTrue(v.finished(), v.toString());
            assertEquals(100, v.runNow(), v.options());
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

    /**
     * Where the file is rewritten whole (HDFS; {@link HookedFs} stands in), a file resweep did not write that takes the
     * record's name between reading it and writing the new one is left as it is, not deleted (review9 L5: the check and
     * the write were separate calls); the record resweep wrote keeps its lines, nothing of the attempt is left beside them.
     */
    @Test
    void elsewhereAFileSwappedInBeforeTheWriteIsLeftAlone() throws Exception {
        Path root = Files.createDirectories(dir.resolve("hooked-swap"));
        org.apache.hadoop.fs.Path r = new org.apache.hadoop.fs.Path("other://" + root.toUri().getPath());
        ReproduceLog log = ReproduceLog.open(r, HookedFs.conf(), warnings::add);
        log.start(Instant.parse("2026-12-01T10:00:00Z"), "--quick", "local[2]");
        Path f = root.resolve(ReproduceLog.FILE), moved = root.resolve("moved.jsonl");
        HookedFs.beforeWrite = () -> {
            Files.move(f, moved);
            Files.writeString(f, "my notes\n");
        };
        log.sweepStarted("theorem2");
        assertEquals(null, HookedFs.beforeWrite, "the swap happened");
        assertEquals("my notes\n", Files.readString(f), "never deleted nor overwritten");
        assertEquals(2, Files.readString(moved).lines().count(), Files.readString(moved));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("(its first line is no longer " + ReproduceLog.HEADER), warnings.get(0));
        try (var s = Files.list(root)) {
            assertEquals(java.util.Set.of(f, moved), s.collect(java.util.stream.Collectors.toSet()));
        }
    }

    /**
     * Where the file is rewritten whole and renames are atomic (HDFS), invocations writing at the same moment from
     * several threads take turns (the lock file): every line of every invocation is in the one record, nothing is left
     * beside it (review10 R1: one found the record moved aside and started a new one, the history went to an .aside).
     */
    @Test
    void elsewhereConcurrentInvocationsKeepEveryLineInOneRecord() throws Exception {
        Path root = Files.createDirectories(dir.resolve("concurrent"));
        org.apache.hadoop.fs.Path r = new org.apache.hadoop.fs.Path("other://" + root.toUri().getPath());
        int writers = 3, sweeps = 12;
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        ReproduceLog first = ReproduceLog.open(r, HookedFs.conf(), seen::add);
        first.start(Instant.parse("2026-12-01T09:00:00Z"), "--quick", "local[2]");
        first.end(Instant.parse("2026-12-01T09:01:00Z"), 60);
        java.util.concurrent.CyclicBarrier go = new java.util.concurrent.CyclicBarrier(writers);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int id = w;
                done.add(pool.submit(() -> {
                    ReproduceLog log = ReproduceLog.open(r, HookedFs.conf(), seen::add);
                    go.await();
                    log.start(Instant.parse("2026-12-01T10:00:0" + id + "Z"), "--w" + id, "local");
                    for (int k = 0; k < sweeps; k++) {
                        log.sweepStarted("s" + id + "-" + k);
                        log.sweepDone("s" + id + "-" + k, 2, 0, 2, 1.0);
                    }
                    log.end(Instant.parse("2026-12-01T10:05:00Z"), 300);
                    return null;
                }));
            }
            for (var f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), seen);
        List<ReproduceLog.Invocation> all = ReproduceLog.open(r, HookedFs.conf(), warnings::add).previous();
        assertEquals(List.of(), warnings);
        assertEquals(writers + 1, all.size(), all.toString());
        for (ReproduceLog.Invocation i : all.subList(1, all.size())) assertEquals(sweeps, i.sweeps().size(), i.toString());
        try (var s = Files.list(root)) {
            assertEquals(List.of(root.resolve(ReproduceLog.FILE)), s.toList());
        }
    }

    /** Where the file is rewritten whole, a line another invocation adds between this one's read and write is kept. */
    @Test
    void elsewhereALineAddedMeanwhileIsKept() throws Exception {
        Path root = Files.createDirectories(dir.resolve("hooked-both"));
        org.apache.hadoop.fs.Path r = new org.apache.hadoop.fs.Path("other://" + root.toUri().getPath());
        ReproduceLog a = ReproduceLog.open(r, HookedFs.conf(), warnings::add), b = ReproduceLog.open(r, HookedFs.conf(), warnings::add);
        a.start(Instant.parse("2026-12-01T10:00:00Z"), "--quick", "local[2]");
        b.start(Instant.parse("2026-12-01T10:00:01Z"), "", "local");
        HookedFs.beforeWrite = () -> b.sweepStarted("fig7");
        a.sweepStarted("theorem2");
        assertEquals(null, HookedFs.beforeWrite, "b wrote during a's write");
        assertEquals(List.of(), warnings);
        List<ReproduceLog.Invocation> both = ReproduceLog.open(r, HookedFs.conf(), warnings::add).previous();
        assertEquals(List.of("theorem2", "fig7"), both.stream().map(ReproduceLog.Invocation::running).toList());
        try (var s = Files.list(root)) {
            assertEquals(List.of(root.resolve(ReproduceLog.FILE)), s.toList());
        }
    }

    /** {@link OtherFs} that runs {@link #beforeWrite} (once) when a temporary file is created: between the record's read and its write. */
    public static class HookedFs extends OtherFs {
        interface Hook {
            void run() throws Exception;
        }

        static volatile Hook beforeWrite;

        static Configuration conf() {
            Configuration conf = new Configuration();
            conf.set("fs.other.impl", HookedFs.class.getName());
            conf.setBoolean("fs.other.impl.disable.cache", true);
            return conf;
        }

        @Override
        public org.apache.hadoop.fs.FSDataOutputStream create(org.apache.hadoop.fs.Path f, boolean overwrite, int bufferSize, short replication,
                                                              long blockSize, org.apache.hadoop.util.Progressable progress) throws java.io.IOException {
            Hook h = beforeWrite;
            if (h != null && f.getName().endsWith(".tmp")) {
                beforeWrite = null;
                try {
                    h.run();
                } catch (Exception e) {
                    throw new java.io.IOException(e);
                }
            }
            return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
        }
    }

    /**
     * The local filesystem under the scheme {@code other:} (not {@code file:}, so not the local way of appending), with
     * HDFS's atomic create-if-absent: RawLocalFileSystem's {@code create(f, overwrite = false)} checks and then creates,
     * so two threads could both create the lock file that HDFS's namenode gives to one.
     */
    public static class OtherFs extends org.apache.hadoop.fs.RawLocalFileSystem {
        @Override
        public java.net.URI getUri() { return java.net.URI.create("other:///"); }

        @Override
        public org.apache.hadoop.fs.FSDataOutputStream create(org.apache.hadoop.fs.Path f, boolean overwrite, int bufferSize, short replication,
                                                              long blockSize, org.apache.hadoop.util.Progressable progress) throws java.io.IOException {
            if (!overwrite) {
                try {
                    Files.createFile(pathToFile(f).toPath());
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    throw new org.apache.hadoop.fs.FileAlreadyExistsException(f + " already exists");
                }
            }
            return super.create(f, true, bufferSize, replication, blockSize, progress);
        }

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
