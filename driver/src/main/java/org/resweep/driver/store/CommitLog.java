package org.resweep.driver.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.resweep.core.util.BadInputException;

/**
 * resweep's own record of the files it wrote, under {@code DIR/_resweep/}: the commit protocol of a sweep directory.
 *
 * <pre>
 * _resweep/intents/BATCH.json   a batch being committed: the files it adds and removes (written first)
 * _resweep/commits/BATCH.json   the same record once the batch is committed (created last, without overwrite)
 * _resweep/trash/BATCH/         files the batch removes, kept until it is committed
 * _resweep/staging/SESSION/     files being written (executors' task outputs, rewrites)
 * </pre>
 *
 * <p>Merging ({@link #merge}): every record is replaced by one {@code merged} record holding the state they add up
 * to (the files resweep owns now, the superseded attempts) and the ids of the records it {@code replaces}. It is
 * written first, whole ({@link SweepFs#createWhole}), under a new name; the replaced records
 * are deleted only after. A reader that sees the merged record and some replaced ones ({@link #committed}) skips the
 * replaced ones, so a crash at any point of a merge counts every file and run once; recovery deletes what is left.
 *
 * <p>Committing a batch: create its intent; move the files it removes into its trash folder; move its new files
 * from staging into the tables; create its commit record; delete its trash and intent. The commit record is the
 * commit point on every filesystem: with atomic renames (local, HDFS) and without (object stores, where a rename is
 * copy + delete but never exposes a partial destination). Recovery after a crash ({@link SweepDirectory#open}) rolls
 * every batch with an intent but no commit record back — deleting only the files that intent lists as added, moving
 * its trash back — and finishes every batch whose commit record exists. So a file resweep deletes is always one it
 * wrote and recorded, and a run is done iff the batch holding its row is committed.
 */
final class CommitLog {
    static final String DIR = "_resweep", INTENTS = "intents", COMMITS = "commits", TRASH = "trash", STAGING = "staging";
    /** Kind of a record that replaces others (see {@link #merge}). */
    static final String MERGED = "merged";
    /** Prefix of a merged record's batch id (so recovery finds merged records by name). */
    static final String MERGED_PREFIX = "merged-";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /**
     * The names resweep gives intents and commit records: {@code BATCH.json} with BATCH = {@code SESSION-NNNNNN} or
     * {@code merged-SESSION-NNNNNN}. Any other file in {@code intents/} or {@code commits/} is not resweep's: it is
     * neither read nor moved nor deleted.
     */
    private static final java.util.regex.Pattern RECORD_NAME =
            java.util.regex.Pattern.compile("(" + MERGED_PREFIX + ")?[0-9A-Za-z]+-[0-9]{6,}\\.json");
    /** The temporary file {@link SweepFs#createWhole} leaves beside a record when killed: {@code .BATCH.json.TAG.tmp}. */
    private static final java.util.regex.Pattern RECORD_TEMP =
            java.util.regex.Pattern.compile("\\.(" + MERGED_PREFIX + ")?[0-9A-Za-z]+-[0-9]{6,}\\.json\\.[0-9A-Za-z]+\\.tmp");

    /** Whether {@code name} is a name resweep gives an intent or a commit record. */
    static boolean isRecordName(String name) { return RECORD_NAME.matcher(name).matches(); }

    /** Whether {@code name} is the temporary file of a record or intent being written whole (resweep's own). */
    static boolean isRecordTemp(String name) { return RECORD_TEMP.matcher(name).matches(); }

    /**
     * One file a batch adds to a table.
     *
     * @param table   table directory name
     * @param file    file name in the table
     * @param from    where it is staged (absolute path), or null once committed
     * @param runIds  the runs whose rows it holds
     * @param pair    for a runs file, the checkpoints file of the same runs (null if none)
     */
    record Added(String table, String file, String from, List<String> runIds, String pair) {}

    /** A file a batch removes from a table (it goes to the batch's trash first). */
    record Removed(String table, String file) {}

    /**
     * A batch.
     *
     * @param id         BATCH (unique: session and sequence number)
     * @param kind       what it does: tasks, schema, supersede, compact, best_lr
     * @param added      files added
     * @param removed    files removed
     * @param superseded run id → attempt number of rows this batch removes as superseded (retried runs)
     * @param replaces   for a merged record ({@link #MERGED}): the ids of the records it replaces; else empty
     */
    record Batch(String id, String kind, List<Added> added, List<Removed> removed, Map<String, Integer> superseded,
                 List<String> replaces) {
        Batch(String id, String kind, List<Added> added, List<Removed> removed, Map<String, Integer> superseded) {
            this(id, kind, added, removed, superseded, List.of());
        }

        String json() {
            ObjectNode n = MAPPER.createObjectNode();
            n.put("batch", id);
            n.put("kind", kind);
            ArrayNode a = n.putArray("added");
            for (Added x : added) {
                ObjectNode o = a.addObject();
                o.put("table", x.table());
                o.put("file", x.file());
                if (x.from() != null) o.put("from", x.from());
                if (x.pair() != null) o.put("pair", x.pair());
                ArrayNode ids = o.putArray("run_ids");
                x.runIds().forEach(ids::add);
            }
            ArrayNode r = n.putArray("removed");
            for (Removed x : removed) r.addObject().put("table", x.table()).put("file", x.file());
            ObjectNode s = n.putObject("superseded");
            superseded.forEach(s::put);
            if (!replaces.isEmpty()) replaces.forEach(n.putArray("replaces")::add);
            return n.toString() + "\n";
        }

        static Batch parse(String text) throws IOException {
            JsonNode n = MAPPER.readTree(text);
            List<Added> added = new ArrayList<>();
            for (JsonNode o : n.path("added")) {
                List<String> ids = new ArrayList<>();
                o.path("run_ids").forEach(x -> ids.add(x.asText()));
                added.add(new Added(o.get("table").asText(), o.get("file").asText(), o.hasNonNull("from") ? o.get("from").asText() : null,
                        ids, o.hasNonNull("pair") ? o.get("pair").asText() : null));
            }
            List<Removed> removed = new ArrayList<>();
            for (JsonNode o : n.path("removed")) removed.add(new Removed(o.get("table").asText(), o.get("file").asText()));
            Map<String, Integer> sup = new LinkedHashMap<>();
            n.path("superseded").fields().forEachRemaining(e -> sup.put(e.getKey(), e.getValue().asInt()));
            List<String> replaces = new ArrayList<>();
            n.path("replaces").forEach(x -> replaces.add(x.asText()));
            return new Batch(n.get("batch").asText(), n.path("kind").asText(""), added, removed, sup, replaces);
        }
    }

    private final SweepFs fs;
    private final Path dir;

    CommitLog(SweepFs fs, Path sweepDir) {
        this.fs = fs;
        this.dir = sweepDir;
    }

    Path root() { return new Path(dir, DIR); }

    Path intents() { return new Path(root(), INTENTS); }

    Path commits() { return new Path(root(), COMMITS); }

    Path trash(String batch) { return new Path(new Path(root(), TRASH), batch); }

    Path staging() { return new Path(root(), STAGING); }

    /** The names ({@code BATCH.json}) of the commit records on disk, sorted. */
    List<String> recordNames() throws IOException {
        return fs.names(commits()).stream().filter(CommitLog::isRecordName).toList();
    }

    /**
     * Committed batches: merged records first, then the others in name order; a record that a present merged record
     * replaces is skipped (a merge interrupted before it deleted it). A damaged record names its file.
     */
    List<Batch> committed() throws IOException {
        List<Batch> all = new ArrayList<>();
        for (String n : recordNames()) all.add(read(new Path(commits(), n)));
        java.util.Set<String> replaced = new java.util.HashSet<>();
        for (Batch b : all) replaced.addAll(b.replaces());
        List<Batch> out = new ArrayList<>();
        for (Batch b : all) if (MERGED.equals(b.kind()) && !replaced.contains(b.id())) out.add(b);
        for (Batch b : all) if (!MERGED.equals(b.kind()) && !replaced.contains(b.id())) out.add(b);
        return out;
    }

    /**
     * Reads one commit record. A damaged one is named in one line saying what is wrong with it: empty, not valid JSON
     * (with the line and column where parsing stopped), or lacking a field resweep needs.
     *
     * @throws SweepDirectoryException the record is damaged
     */
    Batch read(Path f) throws IOException {
        String why;
        Throwable cause = null;
        try {
            String text = fs.read(f);
            if (text.isBlank()) {
                why = "is empty";
            } else {
                return Batch.parse(text);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            com.fasterxml.jackson.core.JsonLocation l = e.getLocation();
            why = "is not valid JSON" + (l == null || l.getLineNr() < 0 ? "" : " at line " + l.getLineNr() + ", column " + l.getColumnNr());
            cause = e;
        } catch (IOException e) {
            why = "cannot be read (" + BadInputException.echo(e.getMessage()) + ")";
            cause = e;
        } catch (RuntimeException e) {
            why = "lacks a field resweep needs (batch; table and file of every added or removed file)";
            cause = e;
        }
        throw new SweepDirectoryException(SweepPaths.display(f) + " (resweep's commit record) " + why
                + ": restore it from a backup or use a new --out", cause);
    }

    /** Commits {@code b} (see the class comment). */
    void commit(Batch b) throws IOException {
        fs.mkdirs(intents());
        fs.mkdirs(commits());
        Path intent = new Path(intents(), b.id() + ".json");
        fs.createWhole(intent, b.json().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (!b.removed().isEmpty()) {
            for (Removed r : b.removed()) {
                Path t = new Path(trash(b.id()), r.table());
                fs.mkdirs(t);
                fs.rename(new Path(new Path(dir, r.table()), r.file()), new Path(t, r.file()));
            }
        }
        for (Added a : b.added()) {
            Path table = new Path(dir, a.table());
            fs.mkdirs(table);
            fs.rename(new Path(a.from()), new Path(table, a.file()));
        }
        List<Added> placed = b.added().stream().map(a -> new Added(a.table(), a.file(), null, a.runIds(), a.pair())).toList();
        fs.createWhole(new Path(commits(), b.id() + ".json"),
                new Batch(b.id(), b.kind(), placed, b.removed(), b.superseded()).json().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        finish(b.id());
    }

    /**
     * Replaces every commit record by one merged record (see the class comment).
     *
     * @param id         the merged record's batch id (new; starts with {@value #MERGED_PREFIX})
     * @param owned      the files resweep owns now, as the records add up to (only files that exist); Not modified.
     * @param superseded run id → attempt number of its last superseded row, as the records add up to; Not modified.
     * @return the number of records replaced (0 when there is at most one record: nothing to merge)
     */
    int merge(String id, List<Added> owned, Map<String, Integer> superseded) throws IOException {
        List<String> names = recordNames();
        if (names.size() <= 1) return 0;
        List<String> ids = names.stream().map(n -> n.substring(0, n.length() - ".json".length())).toList();
        List<Added> placed = owned.stream().map(a -> new Added(a.table(), a.file(), null, a.runIds(), a.pair())).toList();
        String json = new Batch(id, MERGED, placed, List.of(), new LinkedHashMap<>(superseded), ids).json();
        fs.createWhole(new Path(commits(), id + ".json"), json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (String n : names) fs.delete(new Path(commits(), n), false); // only now: each is in the merged record
        return names.size();
    }

    /** Deletes the records a present merged record replaces, and merged records left half-written (resweep's own). */
    private void finishMerges() throws IOException {
        java.util.Set<String> replaced = new java.util.HashSet<>();
        for (String n : recordNames()) {
            if (n.startsWith(MERGED_PREFIX)) replaced.addAll(read(new Path(commits(), n)).replaces());
        }
        for (String n : fs.names(commits())) {
            boolean stale = n.startsWith("." + MERGED_PREFIX) && isRecordTemp(n)
                    || isRecordName(n) && replaced.contains(n.substring(0, n.length() - ".json".length()));
            if (stale) fs.delete(new Path(commits(), n), false);
        }
    }

    /** Whether {@code f} parses as a record (a record or intent left partial by a crash does not). */
    private boolean readable(Path f) throws IOException {
        String text = fs.read(f); // an I/O error is not a partial record: it propagates
        if (text.isBlank()) return false;
        try {
            Batch.parse(text);
            return true;
        } catch (IOException | RuntimeException e) { // not valid JSON, or lacking a field
            return false;
        }
    }

    private void finish(String batch) throws IOException {
        fs.delete(trash(batch), true);
        fs.delete(new Path(intents(), batch + ".json"), false);
    }

    /**
     * Completes or rolls back every batch a crash interrupted; returns one line per batch rolled back.
     * Touches only files the intents list.
     */
    List<String> recover() throws IOException {
        List<String> notes = new ArrayList<>();
        for (String n : fs.names(intents())) {
            if (!isRecordName(n)) continue; // not an intent resweep wrote: left alone
            String id = n.substring(0, n.length() - ".json".length());
            Path record = new Path(commits(), n);
            if (fs.exists(record)) {
                if (readable(record)) {
                    finish(id);
                    continue;
                }
                // Written last, and its intent is still here: the process died while writing it (where a created file
                // is visible before it is closed). Not committed: resweep's own partial record goes, the batch rolls back.
                fs.delete(record, false);
            }
            if (!readable(new Path(intents(), n))) {
                // The intent is written before anything moves: a partial one means the process died before any rename.
                fs.delete(new Path(intents(), n), false);
                notes.add("resweep: batch " + id + " was interrupted while its intent was written; nothing to roll back");
                continue;
            }
            Batch b = read(new Path(intents(), n));
            for (Added a : b.added()) {
                Path placed = new Path(new Path(dir, a.table()), a.file());
                if (fs.exists(placed)) fs.delete(placed, false);
            }
            for (Removed r : b.removed()) {
                Path saved = new Path(new Path(trash(id), r.table()), r.file());
                if (fs.exists(saved)) fs.rename(saved, new Path(new Path(dir, r.table()), r.file()));
            }
            finish(id);
            notes.add("resweep: batch " + id + " (" + b.kind() + ") was interrupted before its commit; rolled back");
        }
        for (Path d : List.of(intents(), commits())) {
            for (String n : fs.names(d)) {
                if (isRecordTemp(n) && !n.startsWith("." + MERGED_PREFIX)) fs.delete(new Path(d, n), false);
            }
        }
        finishMerges();
        return notes;
    }
}
