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
 * ran, with its counts) and {@code end} events under its own id. A killed invocation has no {@code end}: the report
 * says so, with the time and runs of its last event.
 *
 * <p>The file is {@code reproduce}'s own and only ever grows: a line is appended (on the local filesystem with
 * {@code O_APPEND}; elsewhere the file is rewritten whole, old content first, through {@link SweepFs#replace}). A file of
 * that name that resweep did not write (its first line is not the header) or that is larger than {@value #MAX_BYTES}
 * bytes is left as it is, with one warning, and this invocation is not recorded; lines that cannot be read (e.g. cut by
 * a crash) are skipped with one warning. A failure to write the record is a warning too: it never fails a reproduction.
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
     */
    record Invocation(String id, Instant started, String options, String master, List<SweepEntry> sweeps, Instant last, double seconds,
                      String running) {
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
    /** Whether the file's last byte is not a newline (a line cut by a crash): the next line starts a new one. */
    private boolean needsNewline;

    private ReproduceLog(SweepFs fs, Path file, Consumer<String> warn, List<Invocation> previous, boolean writable, boolean needsNewline) {
        this.fs = fs;
        this.file = file;
        this.warn = warn;
        this.previous = previous;
        this.writable = writable;
        this.needsNewline = needsNewline;
    }

    /** Reads the record in {@code root} (qualified), if any; problems are one warning each through {@code warn}. */
    static ReproduceLog open(Path root, org.apache.hadoop.conf.Configuration conf, Consumer<String> warn) throws IOException {
        SweepFs fs = new SweepFs(root, conf);
        Path file = new Path(root, FILE);
        String shown = SweepPaths.display(file);
        if (!fs.exists(file)) return new ReproduceLog(fs, file, warn, List.of(), true, false);
        if (fs.isDirectory(file) || fs.fs().getFileStatus(file).getLen() > MAX_BYTES) {
            warn.accept("resweep: warning: " + shown + " is not the record resweep reproduce keeps (" + (fs.isDirectory(file) ? "a directory"
                    : "larger than " + MAX_BYTES + " bytes") + "): left as it is; this invocation is not recorded, and the report lists it alone");
            return new ReproduceLog(fs, file, warn, List.of(), false, false);
        }
        // at most MAX_BYTES + 1 bytes, whatever length the filesystem reports (a device or a growing file reports 0 or less)
        byte[] bytes;
        try (java.io.InputStream in = fs.fs().open(file)) {
            bytes = in.readNBytes((int) MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            warn.accept("resweep: warning: " + shown + " is not the record resweep reproduce keeps (larger than " + MAX_BYTES
                    + " bytes): left as it is; this invocation is not recorded, and the report lists it alone");
            return new ReproduceLog(fs, file, warn, List.of(), false, false);
        }
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !isHeader(lines.get(0))) {
            warn.accept("resweep: warning: " + shown + " was not written by resweep reproduce (its first line is not " + HEADER
                    + "): left as it is; this invocation is not recorded, and the report lists it alone");
            return new ReproduceLog(fs, file, warn, List.of(), false, false);
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
        return new ReproduceLog(fs, file, warn, invocations(events), true, !text.isEmpty() && !text.endsWith("\n"));
    }

    private static boolean isHeader(String line) {
        try {
            JsonNode n = Json.read(line);
            return n.isObject() && "resweep reproduce log".equals(n.path("format").textValue()) && n.path("version").asInt() == 1;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The events grouped by invocation id, in the order of their first event; events before an invocation's start are skipped. */
    static List<Invocation> invocations(List<JsonNode> events) {
        Map<String, Invocation> byId = new LinkedHashMap<>();
        for (JsonNode n : events) {
            String id = n.get("id").textValue(), event = n.get("event").textValue();
            Instant at = Instant.parse(n.get("at").textValue());
            Invocation v = byId.get(id);
            if (event.equals("start")) {
                if (v == null) byId.put(id, new Invocation(id, at, n.path("options").asText(""), n.path("master").asText(""), List.of(), at,
                        Double.NaN, null));
                continue;
            }
            if (v == null) continue;
            List<SweepEntry> sweeps = v.sweeps();
            String running = v.running();
            double seconds = v.seconds();
            switch (event) {
                case "sweep-start" -> running = n.path("sweep").asText("");
                case "sweep" -> {
                    sweeps = new ArrayList<>(sweeps);
                    sweeps.add(new SweepEntry(n.path("sweep").asText(""), n.path("planned").asLong(), n.path("stored").asLong(),
                            n.path("run_now").asLong(), n.path("seconds").asDouble()));
                    sweeps = List.copyOf(sweeps);
                    running = null;
                }
                case "end" -> seconds = n.path("seconds").asDouble(Double.NaN);
                default -> { } // a later version's event: its time still counts as the last
            }
            byId.put(id, new Invocation(id, v.started(), v.options(), v.master(), sweeps, at, seconds, running));
        }
        return List.copyOf(byId.values());
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
        append(event("end", at, Map.of("seconds", seconds)));
    }

    private String event(String event, Instant at, Map<String, Object> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("event", event);
        m.put("at", at.toString());
        m.putAll(new java.util.TreeMap<>(fields));
        return Json.write(m);
    }

    private void append(String line) {
        if (!writable) return;
        try {
            if (!fs.exists(file)) {
                fs.mkdirs(file.getParent()); // a new --out: its sweeps are not created yet
                try {
                    fs.createNew(file, HEADER + "\n" + line + "\n");
                    return;
                } catch (org.apache.hadoop.fs.FileAlreadyExistsException raced) {
                    // another invocation created it just now: append below
                }
            }
            String add = (needsNewline ? "\n" : "") + line + "\n";
            if ("file".equals(fs.fs().getScheme())) {
                java.nio.file.Files.writeString(java.nio.file.Path.of(file.toUri()), add, StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.APPEND, java.nio.file.StandardOpenOption.SYNC);
            } else {
                String old = fs.read(file);
                if (!old.startsWith(HEADER)) throw new IOException("its first line changed since it was read");
                fs.replace(file, old + add);
            }
            needsNewline = false;
        } catch (IOException | RuntimeException e) {
            writable = false;
            warn.accept("resweep: warning: cannot add to " + SweepPaths.display(file) + " (" + OutDir.reason(e)
                    + "): this invocation's record stops here; the reproduction goes on");
        }
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
        Invocation current = new Invocation(id, started, options, master, List.copyOf(mine), Instant.now(), secondsSoFar, null);
        List<Invocation> all = new ArrayList<>(previous);
        all.add(current);
        StringBuilder sb = new StringBuilder();
        sb.append(all.size() == 1 ? "Made by one invocation of `resweep reproduce`" : "Made by " + all.size() + " invocations of `resweep reproduce` "
                + "in this directory, oldest first").append(writable ? " (recorded in `" + FILE + "`):" : " (this one only: `" + FILE
                + "` is not usable, see the warning it gave):").append("\n\n");
        sb.append("| started (UTC) | options | master | wall time | runs run | outcome |\n| --- | --- | --- | --- | --- | --- |\n");
        for (Invocation v : all) {
            boolean now = v == current;
            String wall = now ? String.format(Locale.ROOT, "%.1f s (to the report)", v.seconds())
                    : v.finished() ? String.format(Locale.ROOT, "%.1f s", v.seconds())
                    : String.format(Locale.ROOT, "≥ %.1f s", seconds(Duration.between(v.started(), v.last())));
            String runs = (v.finished() || now ? "" : "≥ ") + v.runNow();
            String outcome = now ? "this invocation" : v.finished() ? "finished" : "interrupted" + (v.running() != null
                    ? " during `" + cell(v.running()) + "` (its runs stored then are not counted)" : " (no end recorded)");
            sb.append("| ").append(v.started().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append(" | `")
                    .append(cell(v.options().isEmpty() ? "(none)" : v.options())).append("` | ").append(cell(v.master())).append(" | ")
                    .append(wall).append(" | ").append(runs).append(" | ").append(outcome).append(" |\n");
        }
        return sb.toString();
    }

    /** A duration in seconds, for any two recorded instants (Duration.toMillis overflows beyond ±292 million years). */
    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    /** A value inside a Markdown table cell (or its code span): no pipe, backtick or line break. */
    private static String cell(String s) {
        return s.replace("|", "\\|").replace("`", "'").replace("\n", " ").replace("\r", " ");
    }
}
