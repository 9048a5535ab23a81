package org.resweep.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.resweep.driver.store.SweepFs;
import org.resweep.driver.store.SweepPaths;

/**
 * The record of the {@code reproduce} invocations that worked in a reproduction's directory, {@code DIR/}{@value #FILE}:
 * so that the report of a resumed reproduction names every invocation that contributed (options, start time, wall time,
 * runs run), not only the last one. One JSON object per line after a header line naming the format; each invocation
 * appends {@code start} (after Spark started), {@code sweep-start} and {@code sweep} (each sweep before and after it
 * ran, with its counts) and {@code end} events under its own id. An invocation that fails or is refused after Spark
 * started (a sweep directory in use, a stored sweep planned differently, a signal) writes an {@code end} with its outcome,
 * exit code and reason. A killed invocation has no {@code end}: the report says so, with the time and runs of its last event.
 *
 * <p>The file is {@code reproduce}'s own and only ever grows: lines are appended ({@link #append}: its first line is
 * checked before every append, on the file written to). A file of that name that resweep did not write (its first
 * line is not the header), that is not a regular file (a pipe, a device) or that is larger than {@value #MAX_BYTES}
 * bytes is left as it is, with one warning, and this invocation is not recorded; an empty file or a header cut by a
 * crash ({@link #cutHeader}) counts as absent (the header is completed); lines that cannot be read (e.g. cut by a crash)
 * are skipped with one warning. A failure to read or write the record is a warning too: it never fails a reproduction.
 * The report lists at most the first and the last {@value #LISTED} earlier invocations.
 */
final class ReproduceLog {
    /** The record's name in DIR. */
    static final String FILE = "reproduce-log.jsonl";
    /** Its first line. */
    static final String HEADER = "{\"format\":\"resweep reproduce log\",\"version\":1}";
    /** A record larger than this is not one resweep wrote (a few hundred bytes per invocation): not read, not appended to. */
    static final long MAX_BYTES = 4L << 20;

    /** One sweep an invocation ran (or was running when it stopped: {@code runNow} −1). */
    record SweepEntry(String sweep, long planned, long stored, long runNow, double seconds) {}

    /**
     * One invocation as recorded.
     *
     * @param last    time of its last event
     * @param seconds wall time from start to {@code end}, or NaN when it has no {@code end} (interrupted)
     * @param running the sweep it had started but not finished when its record stops, or null
     * @param outcome how an invocation with an {@code end} that did not finish ended ({@code refused (exit 2)},
     *                {@code failed (exit 1)}, {@code interrupted (exit 130)}), or null (finished, or no end)
     * @param reason  the first line of its message (with an outcome), or null
     */
    record Invocation(String id, Instant started, String options, String master, List<SweepEntry> sweeps, Instant last, double seconds,
                      String running, String outcome, String reason) {
        long runNow() { return sweeps.stream().mapToLong(s -> Math.max(0, s.runNow())).sum(); }

        boolean finished() { return !Double.isNaN(seconds); }
    }

    private final SweepFs fs;
    private final Path file;
    private final Consumer<String> warn;
    private final String id = java.util.UUID.randomUUID().toString();
    private final List<Invocation> previous;
    /** False: a foreign, too large or unwritable record — nothing more is written. */
    private boolean writable;
    /** On the local filesystem, the record as opened by the first append: every later line goes to that same file. */
    private java.nio.channels.FileChannel channel;

    private ReproduceLog(SweepFs fs, Path file, Consumer<String> warn, List<Invocation> previous, boolean writable) {
        this.fs = fs;
        this.file = file;
        this.warn = warn;
        this.previous = previous;
        this.writable = writable;
    }

    /** Reads the record in {@code root} (qualified), if any; problems are one warning each through {@code warn}. */
    static ReproduceLog open(Path root, org.apache.hadoop.conf.Configuration conf, Consumer<String> warn) {
        SweepFs fs = new SweepFs(root, conf);
        Path file = new Path(root, FILE);
        String shown = SweepPaths.display(file);
        String notUsed = ": left as it is; this invocation is not recorded, and the report lists it alone";
        ReproduceLog absent = new ReproduceLog(fs, file, warn, List.of(), true), disabled = new ReproduceLog(fs, file, warn, List.of(), false);
        byte[] bytes;
        try {
            org.apache.hadoop.fs.FileStatus st;
            try {
                st = fs.fs().getFileStatus(file);
            } catch (java.io.FileNotFoundException e) {
                return absent;
            }
            java.nio.file.Path local = local(fs, file);
            String kind = st.isDirectory() ? "a directory" // a pipe would block the read, a device never end: neither is read
                    : local != null && !java.nio.file.Files.isRegularFile(local) ? "not a regular file: a pipe, a device or a socket" : null;
            if (kind != null) {
                warn.accept("resweep: warning: " + shown + " is not the record resweep reproduce keeps (" + kind + ")" + notUsed);
                return disabled;
            }
            bytes = fs.readAtMost(file, (int) MAX_BYTES);
        } catch (IOException e) {
            warn.accept("resweep: warning: cannot read " + shown + " (" + OutDir.reason(e) + ")" + notUsed);
            return disabled;
        }
        if (bytes == null) {
            warn.accept("resweep: warning: " + shown + " is not the record resweep reproduce keeps (larger than " + MAX_BYTES + " bytes)" + notUsed);
            return disabled;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (cutHeader(text)) return absent; // empty, or its header cut by a crash: the first event completes it
        List<String> lines = text.lines().toList();
        if (!isHeader(lines.get(0))) {
            warn.accept("resweep: warning: " + shown + " was not written by resweep reproduce (its first line is not " + HEADER + ")" + notUsed);
            return disabled;
        }
        int damaged = 0;
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            try {
                JsonNode n = Json.read(line);
                if (!n.isObject() || !n.path("id").isTextual() || !n.path("event").isTextual() || !n.path("at").isTextual()) {
                    damaged++;
                    continue;
                }
                Instant.parse(n.get("at").textValue());
                events.add(n);
            } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
                damaged++;
            }
        }
        if (damaged > 0) {
            warn.accept("resweep: warning: " + shown + ": " + damaged + " line" + (damaged == 1 ? "" : "s") + " that cannot be read (e.g. cut "
                    + "by a killed process) skipped; the report lists the invocations of the others");
        }
        return new ReproduceLog(fs, file, warn, invocations(events), true);
    }

    /** {@code file} as a local path, or null when it is on another filesystem. */
    private static java.nio.file.Path local(SweepFs fs, Path file) {
        return "file".equals(fs.fs().getScheme()) ? java.nio.file.Path.of(file.toUri()) : null;
    }

    /**
     * Whether a file holding {@code text} is the record's start cut by a crash, to be completed: empty, or a prefix of the
     * header (and its newline) that names the format, at least {@code {"format":"resweep}. A shorter prefix, such as a
     * file holding only <code>{</code>, is not taken to be resweep's (review9 L4): the file is left as it is.
     */
    static boolean cutHeader(String text) {
        return text.isEmpty() || text.length() >= CUT_HEADER_MIN && (HEADER + "\n").startsWith(text);
    }

    /** How much of the header a cut one keeps at least: {@code {"format":"resweep}. */
    static final int CUT_HEADER_MIN = "{\"format\":\"resweep".length();

    private static boolean isHeader(String line) {
        try {
            JsonNode n = Json.read(line);
            return n.isObject() && "resweep reproduce log".equals(n.path("format").textValue()) && n.path("version").asInt() == 1;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The events grouped by invocation id, in the order of their first event; events before an invocation's start are
     * skipped. Linear in the events: each invocation is accumulated in place and built once (review9 M2: rebuilding it per
     * event made a hostile 4 MiB record of one invocation's 76,000 events cost about 20 s).
     */
    static List<Invocation> invocations(List<JsonNode> events) {
        Map<String, Building> byId = new LinkedHashMap<>();
        for (JsonNode n : events) {
            String id = n.get("id").textValue(), event = n.get("event").textValue();
            Instant at = Instant.parse(n.get("at").textValue());
            Building v = byId.get(id);
            if (event.equals("start")) {
                if (v == null) byId.put(id, new Building(id, at, n.path("options").asText(""), n.path("master").asText("")));
                continue;
            }
            if (v == null) continue;
            v.last = at;
            switch (event) {
                case "sweep-start" -> v.running = n.path("sweep").asText("");
                case "sweep" -> {
                    v.sweeps.add(new SweepEntry(n.path("sweep").asText(""), n.path("planned").asLong(), n.path("stored").asLong(),
                            n.path("run_now").asLong(), n.path("seconds").asDouble()));
                    v.running = null;
                }
                case "end" -> {
                    v.seconds = n.path("seconds").asDouble(Double.NaN);
                    v.outcome = n.path("outcome").isTextual() ? n.get("outcome").textValue() + " (exit " + n.path("exit").asInt() + ")" : null;
                    v.reason = v.outcome != null && n.path("reason").isTextual() ? n.get("reason").textValue() : null;
                }
                default -> { } // a later version's event: its time still counts as the last
            }
        }
        return byId.values().stream().map(Building::build).toList();
    }

    /** An {@link Invocation} while its events are read. */
    private static final class Building {
        final String id, options, master;
        final Instant started;
        final List<SweepEntry> sweeps = new ArrayList<>();
        Instant last;
        double seconds = Double.NaN;
        String running, outcome, reason;

        Building(String id, Instant started, String options, String master) {
            this.id = id;
            this.started = started;
            this.last = started;
            this.options = options;
            this.master = master;
        }

        Invocation build() {
            return new Invocation(id, started, options, master, List.copyOf(sweeps), last, seconds, running, outcome, reason);
        }
    }

    /** The invocations recorded before this one, oldest first (none when the record was absent, foreign or unreadable). */
    List<Invocation> previous() { return previous; }

    /** Whether this invocation is being recorded. */
    boolean recording() { return writable; }

    /** This invocation's start, options and master ({@link #start}) and the sweeps it ran so far. */
    private Instant started;
    private String options = "", master = "";
    private final List<SweepEntry> mine = new ArrayList<>();

    void start(Instant at, String options, String master) {
        this.started = at;
        this.options = options;
        this.master = master;
        append(event("start", at, Map.of("options", options, "master", master)));
    }

    void sweepStarted(String sweep) {
        append(event("sweep-start", Instant.now(), Map.of("sweep", sweep)));
    }

    void sweepDone(String sweep, long planned, long stored, long runNow, double seconds) {
        mine.add(new SweepEntry(sweep, planned, stored, runNow, seconds));
        append(event("sweep", Instant.now(), Map.of("sweep", sweep, "planned", planned, "stored", stored, "run_now", runNow, "seconds", seconds)));
    }

    void end(Instant at, double seconds) {
        end(at, seconds, null, 0, null);
    }

    /**
     * The end of an invocation that did not finish: {@code outcome} {@code refused} (a user error after Spark started, e.g.
     * a sweep directory in use), {@code failed} or {@code interrupted}, its exit code and the first line of its reason
     * (at most 200 characters); with {@code outcome} null, a finished one. Nothing is written before {@link #start}.
     */
    void end(Instant at, double seconds, String outcome, int exit, String reason) {
        if (started == null) return;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("seconds", seconds);
        if (outcome != null) {
            fields.put("outcome", outcome);
            fields.put("exit", exit);
            if (reason != null) {
                String line = reason.lines().findFirst().orElse("").strip();
                fields.put("reason", line.length() > 200 ? line.substring(0, 199) + "…" : line);
            }
        }
        append(event("end", at, fields));
    }

    /** Releases the record (the local file stays open from the first append on). */
    void close() {
        try {
            if (channel != null) channel.close();
        } catch (IOException e) {
            // nothing was pending: every append forced its bytes
        }
    }

    private String event(String event, Instant at, Map<String, Object> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("event", event);
        m.put("at", at.toString());
        m.putAll(new java.util.TreeMap<>(fields));
        return Json.write(m);
    }

    /**
     * Appends a line, only ever to the record resweep wrote: its first line is checked before every append, on the file
     * the line then goes to. On the local filesystem the file is opened once (at the first append) and every line is
     * written through that descriptor under an exclusive lock (concurrent invocations take turns), so a file renamed
     * into its place later is never written. Elsewhere the file is rewritten whole: where renames are atomic (HDFS) only
     * if it still holds what was read ({@link #replaceIfUnchanged}, else read again, at most three times); on an object
     * store overwritten ({@link SweepFs#replace}: two invocations writing at the same moment can then lose one's line,
     * and a file put in its place between the read and the write is overwritten). An empty file or a header cut by a
     * crash ({@link #cutHeader}) is completed; a line cut by a crash is ended first.
     */
    private void append(String line) {
        if (!writable) return;
        // the end of an invocation stopped by Ctrl-C: its thread may still be flagged, and an interrupted thread's
        // FileChannel (or HDFS client) fails and closes; the flag is restored after the line is written
        boolean interrupted = Thread.interrupted();
        try {
            java.nio.file.Path local = local(fs, file);
            if (local != null) appendLocal(local, line);
            else appendElsewhere(line);
        } catch (IOException | RuntimeException e) {
            writable = false;
            warn.accept("resweep: warning: cannot add to " + SweepPaths.display(file) + " (" + OutDir.reason(e)
                    + "): this invocation's record stops here; the reproduction goes on");
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private void appendLocal(java.nio.file.Path f, String line) throws IOException {
        if (channel == null) {
            java.nio.file.Files.createDirectories(f.getParent()); // a new --out: its sweeps are not created yet
            try {
                channel = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.READ,
                        java.nio.file.StandardOpenOption.WRITE);
            } catch (java.nio.file.FileAlreadyExistsException there) { // read at open, or created by another invocation since
                channel = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE);
            }
            try {
                lockKey = f.toRealPath().toString();
            } catch (IOException moved) { // moved away since: the lines go to the file opened, under the name it was opened by
                lockKey = f.toAbsolutePath().normalize().toString();
            }
        }
        // a file lock is held by the process, not the channel: a second lock on the same file in this JVM would throw
        // OverlappingFileLockException (two records open in one process: review9 L3), so appends to one file take turns here first
        synchronized (IN_THIS_JVM.computeIfAbsent(lockKey, k -> new Object())) {
            java.nio.channels.FileLock lock;
            try {
                lock = channel.lock();
            } catch (java.nio.channels.OverlappingFileLockException e) { // the same file under another name (a hard link), locked here
                throw new IOException("this process holds its lock through another name", e);
            } catch (IOException unsupported) { // a filesystem without locks: one invocation at a time is the user's to keep
                lock = null;
            }
            try {
                long size = channel.size();
                byte[] head = readAt(channel, 0, (int) Math.min(size, HEAD_BYTES));
                byte last = size == 0 ? (byte) '\n' : readAt(channel, size - 1, 1)[0];
                java.nio.ByteBuffer add = java.nio.ByteBuffer.wrap((before(head, last) + line + "\n").getBytes(StandardCharsets.UTF_8));
                for (long at = size; add.hasRemaining(); ) at += channel.write(add, at);
                channel.force(true);
            } finally {
                if (lock != null) lock.release();
            }
        }
    }

    /** One monitor per record file (its real path) that a {@link ReproduceLog} of this process has written. */
    private static final java.util.concurrent.ConcurrentMap<String, Object> IN_THIS_JVM = new java.util.concurrent.ConcurrentHashMap<>();
    /** The real path of the file {@link #channel} opened: its key in {@link #IN_THIS_JVM}. */
    private String lockKey;

    /**
     * Where renames are atomic (HDFS), the read-modify-write of {@link #appendRewriting} runs under a lock file beside
     * the record, {@code .reproduce-log.jsonl.lock} (created with overwrite off: atomic on HDFS), so that two invocations
     * writing at the same moment take turns instead of one finding the record moved aside and starting a new one
     * (review10 R1). Reentrant within a thread of this JVM. A lock left by a killed invocation (held for milliseconds
     * otherwise) is taken over when it stays unchanged for {@link #STALE_LOCK_MS} of waiting (no clock is compared).
     */
    private void appendElsewhere(String line) throws IOException {
        if (!fs.atomicRename()) {
            appendRewriting(line);
            return;
        }
        Path lock = new Path(file.getParent(), "." + FILE + ".lock");
        String key = lock.toString();
        java.util.Set<String> held = HELD.get();
        if (held.contains(key)) { // this thread holds it already (an append made while another of this thread's is written)
            appendRewriting(line);
            return;
        }
        String token = java.util.UUID.randomUUID().toString();
        takeLock(lock, token);
        held.add(key);
        try {
            appendRewriting(line);
        } finally {
            held.remove(key);
            releaseLock(lock, token);
        }
    }

    /** Lock files of records this thread holds ({@link #appendElsewhere}). */
    private static final ThreadLocal<java.util.Set<String>> HELD = ThreadLocal.withInitial(java.util.HashSet::new);
    /** How long a lock file must stay unchanged while waiting for it before it counts as left by a killed invocation. */
    static final long STALE_LOCK_MS = 30_000;
    /** How long to wait for a lock file held by a live invocation before this invocation's record stops. */
    static final long LOCK_WAIT_MS = 120_000;

    private void takeLock(Path lock, String token) throws IOException {
        org.apache.hadoop.fs.FileSystem hfs = fs.fs();
        fs.mkdirs(lock.getParent()); // a new --out: its sweeps are not created yet
        long start = System.nanoTime(), seenSince = 0;
        org.apache.hadoop.fs.FileStatus seen = null;
        IOException last = null;
        int absent = 0;
        while (true) {
            try (org.apache.hadoop.fs.FSDataOutputStream out = hfs.create(lock, false)) {
                out.write(token.getBytes(StandardCharsets.UTF_8));
                return;
            } catch (IOException held) { // FileAlreadyExistsException, or AlreadyBeingCreatedException while another creates it
                last = held;
            }
            org.apache.hadoop.fs.FileStatus now;
            try {
                now = hfs.getFileStatus(lock);
            } catch (java.io.FileNotFoundException released) { // released meanwhile, or the create failed for another reason
                if (++absent > 3) throw last;
                continue;
            }
            long t = System.nanoTime();
            if (seen == null || now.getModificationTime() != seen.getModificationTime() || now.getLen() != seen.getLen()) {
                seen = now;
                seenSince = t;
            } else if (t - seenSince > STALE_LOCK_MS * 1_000_000L) { // left by a killed invocation: taken over
                hfs.delete(lock, false);
                seen = null;
                continue;
            }
            if (t - start > LOCK_WAIT_MS * 1_000_000L) {
                throw new IOException("another invocation holds " + SweepPaths.display(lock) + " (delete it if no reproduce runs in this directory)", last);
            }
            try {
                Thread.sleep(50 + java.util.concurrent.ThreadLocalRandom.current().nextInt(100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for " + SweepPaths.display(lock));
            }
        }
    }

    /** Deletes the lock file if it is still this invocation's (taken over as stale meanwhile: left alone). */
    private void releaseLock(Path lock, String token) throws IOException {
        byte[] held;
        try {
            held = fs.readAtMost(lock, 100);
        } catch (java.io.FileNotFoundException takenOverAndReleased) {
            return;
        }
        if (held != null && new String(held, StandardCharsets.UTF_8).equals(token)) fs.fs().delete(lock, false);
    }

    private void appendRewriting(String line) throws IOException {
        // not HDFS's append: on a cluster with fewer live datanodes than the client's dfs.replication (a one-datanode
        // test cluster, a client without the cluster's hdfs-site.xml) an append to a partial block fails and leaves the
        // file's lease held (review9 H1); the whole file is rewritten instead (it is small: MAX_BYTES at most)
        for (int attempt = 1; ; attempt++) {
            if (!fs.exists(file)) {
                fs.mkdirs(file.getParent()); // a new --out: its sweeps are not created yet
                try {
                    fs.createNew(file, HEADER + "\n" + line + "\n");
                    return;
                } catch (org.apache.hadoop.fs.FileAlreadyExistsException raced) {
                    // another invocation created it just now: add to it below
                }
            }
            byte[] old = fs.readAtMost(file, (int) MAX_BYTES);
            if (old == null) throw new IOException("it grew beyond " + MAX_BYTES + " bytes");
            byte last = old.length == 0 ? (byte) '\n' : old[old.length - 1];
            byte[] add = (before(java.util.Arrays.copyOf(old, Math.min(old.length, HEAD_BYTES)), last) + line + "\n").getBytes(StandardCharsets.UTF_8);
            byte[] now = java.util.Arrays.copyOf(old, old.length + add.length);
            System.arraycopy(add, 0, now, old.length, add.length);
            if (!fs.atomicRename()) { // an object store: overwritten in place, unchecked between the read and the write
                fs.replace(file, new String(now, StandardCharsets.UTF_8));
                return;
            }
            if (replaceIfUnchanged(old, now)) return;
            if (attempt == 3) throw new IOException("it kept changing while it was being added to");
        }
    }

    /**
     * Replaces the record by {@code now} if it still holds {@code old} (where renames are atomic: HDFS): {@code now} is
     * written beside it, the record is moved aside and what was moved is compared with {@code old}. The same: {@code now}
     * takes its place and the old one is deleted. Not the same (another invocation added a line since it was read, or a
     * file resweep did not write took its name: review9 L5): it is moved back, untouched, and false returned. So a file
     * resweep did not write is never deleted nor overwritten. Not a lock: another invocation writing while the record is
     * moved aside finds no record and starts a new one (review10 R1; docs/reproduce.md: one reproduce per directory).
     */
    private boolean replaceIfUnchanged(byte[] old, byte[] now) throws IOException {
        org.apache.hadoop.fs.FileSystem hfs = fs.fs();
        String tag = java.util.UUID.randomUUID().toString().substring(0, 8);
        Path tmp = new Path(file.getParent(), "." + FILE + "." + tag + ".tmp"), aside = new Path(file.getParent(), "." + FILE + "." + tag + ".aside");
        try {
            try (org.apache.hadoop.fs.FSDataOutputStream out = hfs.create(tmp, false)) {
                out.write(now);
                out.hsync();
            }
            if (!hfs.rename(file, aside)) {
                if (!hfs.exists(file)) return false; // removed since it was read: created anew
                throw new IOException("cannot move it aside to replace it");
            }
            byte[] moved;
            try {
                moved = fs.readAtMost(aside, (int) MAX_BYTES);
            } catch (IOException notAFile) { // e.g. a directory: not the record, put back below
                moved = null;
            }
            if (moved == null || !java.util.Arrays.equals(moved, old)) {
                if (hfs.exists(file) || !hfs.rename(aside, file)) {
                    throw new IOException("it changed while it was being added to, and could not be put back: it is now " + SweepPaths.display(aside));
                }
                return false;
            }
            if (hfs.exists(file) || !hfs.rename(tmp, file)) {
                throw new IOException("another file took its name while it was being replaced; the record is now " + SweepPaths.display(aside));
            }
            hfs.delete(aside, false);
            return true;
        } finally {
            if (hfs.exists(tmp)) hfs.delete(tmp, false);
        }
    }

    /** How many first bytes are read to check the header before an append. */
    private static final int HEAD_BYTES = 4096;

    /**
     * What goes before a new line, given the file's first bytes ({@link #HEAD_BYTES} at most) and its last byte: the rest of
     * the header when the file is empty or its header was cut by a crash; a newline when its last line was cut.
     *
     * @throws IOException when the first line is not the header: another file has taken the record's name
     */
    private static String before(byte[] head, byte last) throws IOException {
        String h = new String(head, StandardCharsets.UTF_8);
        if (cutHeader(h)) return (HEADER + "\n").substring(h.length());
        int nl = h.indexOf('\n');
        if (nl < 0 || !isHeader(h.substring(0, nl))) {
            throw new IOException("its first line is no longer " + HEADER + ": a file resweep did not write has taken its name");
        }
        return last == '\n' ? "" : "\n";
    }

    private static byte[] readAt(java.nio.channels.FileChannel ch, long position, int n) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) break;
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    /**
     * Values of {@code --conf} keys that may hold credentials: not written to the record (it sits beside the results). Broad
     * on purpose (any key naming a key, secret, password, token, credential, SAS, OAuth, auth, user info, signature or
     * certificate anywhere in it, e.g. {@code fs.azure.account.key.ACCOUNT...}, {@code fs.cosn.userinfo.secretKey}): hiding a
     * harmless value costs nothing.
     */
    private static final Pattern SECRET = Pattern.compile(
            "(?i).*(secret|passw|token|credential|key|sas|oauth|auth|userinfo|signature|cert).*");

    /**
     * The options of an invocation as recorded and shown: its arguments after {@code reproduce}, space-separated, those
     * with spaces quoted; the value of a {@code --conf KEY=VALUE} whose KEY looks like a credential replaced by {@code ***}.
     */
    static String options(List<String> args) {
        List<String> out = new ArrayList<>();
        boolean confNext = false;
        for (String a : args) {
            String shown = a;
            if (confNext || a.startsWith("--conf=")) {
                String kv = a.startsWith("--conf=") ? a.substring("--conf=".length()) : a;
                int eq = kv.indexOf('=');
                if (eq > 0 && SECRET.matcher(kv.substring(0, eq).strip()).matches()) {
                    shown = (a.startsWith("--conf=") ? "--conf=" : "") + kv.substring(0, eq + 1) + "***";
                }
            }
            confNext = a.equals("--conf");
            out.add(shown.isEmpty() || shown.chars().anyMatch(Character::isWhitespace) ? "'" + shown.replace("'", "'\\''") + "'" : shown);
        }
        return String.join(" ", out);
    }

    /**
     * The report's list of invocations: the recorded ones, then this one (its wall time {@code secondsSoFar}: up to the report),
     * as a Markdown table, with a sentence saying where it comes from.
     */
    String table(double secondsSoFar) {
        Invocation current = new Invocation(id, started, options, master, List.copyOf(mine), Instant.now(), secondsSoFar, null, null, null);
        List<Invocation> all = new ArrayList<>(previous);
        all.add(current);
        int total = all.size(), left = previous.size() - 2 * LISTED; // earlier invocations not listed: those between the first and last LISTED
        if (left > 0) {
            all.subList(LISTED, LISTED + left).clear();
            all.add(LISTED, null);
            warn.accept("resweep: warning: " + SweepPaths.display(file) + " records " + previous.size() + " earlier invocations: the report lists "
                    + "the first " + LISTED + " and the last " + LISTED + " of them");
        }
        StringBuilder sb = new StringBuilder();
        sb.append(total == 1 ? "Made by one invocation of `resweep reproduce`" : "Made by " + total + " invocations of `resweep reproduce` "
                + "in this directory, oldest first").append(writable ? " (recorded in `" + FILE + "`)"
                : previous.isEmpty() ? " (this one only: `" + FILE + "` is not usable, see the warning it gave)"
                : " (the earlier ones as recorded in `" + FILE + "`; this one could not be added to it, see the warning it gave)")
                .append(left > 0 ? "; " + left + " of them, between the first " + LISTED + " and the last " + LISTED + " earlier ones, are not listed:"
                        : ":").append("\n\n");
        sb.append("| started (UTC) | options | master | wall time | runs run | outcome |\n| --- | --- | --- | --- | --- | --- |\n");
        for (Invocation v : all) {
            if (v == null) {
                sb.append("| … | ").append(left).append(" more in `").append(FILE).append("` | | | | |\n");
                continue;
            }
            boolean now = v == current;
            String wall = now ? String.format(Locale.ROOT, "%.1f s (to the report)", v.seconds())
                    : v.finished() ? String.format(Locale.ROOT, "%.1f s", v.seconds())
                    : String.format(Locale.ROOT, "≥ %.1f s", seconds(Duration.between(v.started(), v.last())));
            String runs = ((v.finished() && v.running() == null) || now ? "" : "≥ ") + v.runNow();
            String during = v.running() != null ? " during `" + cell(v.running()) + "` (its runs stored then are not counted)" : "";
            String outcome = now ? "this invocation" : !v.finished() ? "interrupted" + (during.isEmpty() ? " (no end recorded)" : during)
                    : v.outcome() == null ? "finished" : cell(v.outcome()) + during + (v.reason() != null ? ": " + cell(v.reason()) : "");
            sb.append("| ").append(v.started().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append(" | `")
                    .append(cell(v.options().isEmpty() ? "(none)" : v.options())).append("` | ").append(cell(v.master())).append(" | ")
                    .append(wall).append(" | ").append(runs).append(" | ").append(outcome).append(" |\n");
        }
        return sb.toString();
    }

    /** How many of the oldest and of the newest earlier invocations the report lists at most (review9 M2: a hostile record of 71,000 starts). */
    static final int LISTED = 50;

    /** A duration in seconds, for any two recorded instants (Duration.toMillis overflows beyond ±292 million years). */
    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    /** A value inside a Markdown table cell (or its code span): no pipe, backtick or line break. */
    private static String cell(String s) {
        return s.replace("|", "\\|").replace("`", "'").replace("\n", " ").replace("\r", " ");
    }
}
