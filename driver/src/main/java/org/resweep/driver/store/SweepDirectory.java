package org.resweep.driver.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.resweep.core.util.BadInputException;
import org.resweep.driver.results.ResultSchema;
import org.resweep.driver.results.TableSchema;

/**
 * A sweep's directory on any Hadoop filesystem, its lock and its commit protocol.
 *
 * <pre>
 * DIR/resweep.lock                 owner of the directory while a process writes it ({@link SweepLock})
 * DIR/sweep.yaml, DIR/sweep.json   the spec text, the sweep id and planned run ids ({@link SweepMeta})
 * DIR/runs/*.parquet               the tables: every Parquet file of the documented schema is data
 * DIR/checkpoints/*.parquet
 * DIR/best_lr/*.parquet            derived table, rebuilt by aggregation
 * DIR/_resweep/                    resweep's record of the files it wrote and its staging area ({@link CommitLog})
 * DIR/quarantine/TABLE/FILE        unreadable part files moved aside (never deleted)
 * </pre>
 *
 * <p>Executors write their tasks' rows into {@link #stagingDir()}; {@link #commitTasks} moves them into the tables
 * as one batch of the {@link CommitLog}. A run is done iff its row is in a committed file of {@code runs}.
 *
 * <p>What resweep never does: delete or rewrite a file it did not write and record. Opening a directory refuses a
 * non-empty directory that is not a sweep directory; recovery rolls back interrupted batches (only the files their
 * intents list) and empties resweep's own staging area; a part file that cannot be read is named and moved to
 * {@code DIR/quarantine/} — with its paired file of the other table, when resweep wrote the pair — so its runs are
 * rerun exactly once; a checkpoints file resweep wrote whose runs are no longer all in {@code runs} is moved there
 * too (its runs will be rerun with their checkpoints). Each table always holds at least one file with its schema
 * (an empty one resweep writes and records), so any Parquet reader can open an empty table.
 */
public final class SweepDirectory implements AutoCloseable {
    public static final String RUNS = "runs", CHECKPOINTS = "checkpoints", BEST_LR = "best_lr", QUARANTINE = "quarantine",
            SUPERSEDED = "superseded";

    /** How {@link #open} treats the directory. */
    public enum Mode {
        /** {@code run}: create it if absent or empty; resume it if it is a sweep directory; refuse anything else. */
        CREATE,
        /** {@code aggregate}, {@code compact}: it must be a sweep directory already. */
        EXISTING
    }

    private final SweepFs fs;
    private final Path dir;
    private final SweepLock lock;
    private final CommitLog log;
    private final Consumer<String> notices;
    private final String session = UUID.randomUUID().toString().substring(0, 8);
    private int batchSeq;
    /** Files resweep wrote and committed, by "table/file". */
    private final Map<String, CommitLog.Added> owned = new LinkedHashMap<>();
    /** Run id → attempt number of its last superseded row. */
    private final Map<String, Integer> superseded = new HashMap<>();
    private final Set<String> committed = new HashSet<>();

    private SweepDirectory(SweepFs fs, Path dir, SweepLock lock, Consumer<String> notices, int mergeEvery) {
        this.fs = fs;
        this.dir = dir;
        this.lock = lock;
        this.log = new CommitLog(fs, dir);
        this.notices = notices;
        this.mergeEvery = mergeEvery;
    }

    /**
     * Opens {@code dir} (a qualified path, {@link SweepPaths#resolve}), takes its lock, recovers it, and makes sure
     * every table has a file.
     *
     * @param notices receives one line per thing recovery did (a rolled-back batch, a quarantined file, a stale lock)
     * @throws SweepDirectoryException the directory is not usable (not a sweep directory, locked, damaged record)
     */
    public static SweepDirectory open(Path dir, Configuration conf, Mode mode, Consumer<String> notices) throws IOException {
        int mergeEvery = mergeEvery(conf); // a bad setting is refused before anything is created
        SweepFs fs = new SweepFs(dir, conf);
        check(fs, dir, mode);
        fs.mkdirs(dir);
        SweepLock lock = SweepLock.acquire(fs, dir, notices);
        try {
            SweepDirectory d = new SweepDirectory(fs, dir, lock, notices, mergeEvery);
            d.recover();
            return d;
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Local directories (tests, tools): {@code open(dir, new Configuration(), CREATE, System.err::println)}. */
    public static SweepDirectory open(java.nio.file.Path dir) throws IOException {
        return open(new Path(dir.toAbsolutePath().toUri()), new Configuration(), Mode.CREATE, System.err::println);
    }

    /** Whether {@code dir} is a sweep directory: it holds sweep.json, resweep's record or (older layouts) runs/. */
    public static boolean isSweepDirectory(SweepFs fs, Path dir) throws IOException {
        return fs.exists(new Path(dir, SweepMeta.JSON)) || fs.isDirectory(new Path(dir, CommitLog.DIR))
                || fs.isDirectory(new Path(dir, RUNS));
    }

    private static void check(SweepFs fs, Path dir, Mode mode) throws IOException {
        if (fs.exists(dir) && !fs.isDirectory(dir)) {
            throw new SweepDirectoryException("sweep directory " + SweepPaths.display(dir) + " is a file; allowed: a new, empty or sweep directory");
        }
        checkLayout(fs, dir);
        if (isSweepDirectory(fs, dir)) return;
        if (mode == Mode.EXISTING) {
            throw new SweepDirectoryException(SweepPaths.display(dir) + " is not a sweep directory (no sweep.json); give a directory `resweep run` wrote");
        }
        List<String> foreign = fs.names(dir).stream().filter(n -> !n.equals(SweepLock.FILE) && !n.startsWith(".")).toList();
        if (!foreign.isEmpty()) {
            throw new SweepDirectoryException("--out: " + SweepPaths.display(dir) + " is not empty (" + foreign.size() + " entries, e.g. "
                    + foreign.get(0) + ") and is not a sweep directory (no sweep.json): resweep does not write into it; "
                    + "give a new or empty directory");
        }
    }

    /** Entries of the sweep layout that, when present, must be directories (relative to the sweep directory). */
    private static final List<String> LAYOUT_DIRS = List.of(RUNS, CHECKPOINTS, BEST_LR, QUARANTINE,
            QUARANTINE + "/" + RUNS, QUARANTINE + "/" + CHECKPOINTS, QUARANTINE + "/" + BEST_LR,
            SUPERSEDED, SUPERSEDED + "/" + RUNS, SUPERSEDED + "/" + CHECKPOINTS,
            CommitLog.DIR, CommitLog.DIR + "/" + CommitLog.INTENTS, CommitLog.DIR + "/" + CommitLog.COMMITS,
            CommitLog.DIR + "/" + CommitLog.TRASH, CommitLog.DIR + "/" + CommitLog.STAGING);
    /** Entries of the sweep layout that, when present, must be files. */
    private static final List<String> LAYOUT_FILES = List.of(SweepMeta.JSON, SweepMeta.YAML, SweepLock.FILE);

    /**
     * Checks, before anything is read, moved or written, that every entry of the sweep layout that exists has the
     * right kind (directory or file), so a misplaced file is reported in one line instead of half a recovery.
     *
     * @throws SweepDirectoryException naming the first entry of the wrong kind
     */
    static void checkLayout(SweepFs fs, Path dir) throws IOException {
        if (!fs.exists(dir)) return;
        for (String d : LAYOUT_DIRS) {
            Path p = new Path(dir, d);
            if (fs.exists(p) && !fs.isDirectory(p)) {
                throw new SweepDirectoryException(SweepPaths.display(p) + " is a file, not a directory; resweep keeps its "
                        + d + "/ there: move that file away (resweep does not touch files it did not write)");
            }
        }
        for (String f : LAYOUT_FILES) {
            Path p = new Path(dir, f);
            if (fs.isDirectory(p)) {
                throw new SweepDirectoryException(SweepPaths.display(p) + " is a directory, not a file; resweep keeps its "
                        + f + " there: move that directory away (resweep does not touch files it did not write)");
            }
        }
    }

    /** {@link #checkLayout(SweepFs, Path)} of a local directory: the commands' checks before Spark starts. */
    public static void checkLayout(java.nio.file.Path dir) throws IOException {
        Path p = new Path(dir.toAbsolutePath().toUri());
        checkLayout(new SweepFs(p, new Configuration()), p);
    }

    public Path path() { return dir; }

    public SweepFs fs() { return fs; }

    public Path table(String name) { return new Path(dir, name); }

    /** Where executors and the store write files before a commit (resweep's own, emptied on open and close). */
    public Path stagingDir() { return new Path(log.staging(), session); }

    /** Run ids in {@code runs} (the set of finished runs, any status). */
    public Set<String> committedRunIds() { return Set.copyOf(committed); }

    /** The attempt number the next row of {@code runId} gets: 1, or one more than its last superseded row's. */
    public int nextAttempt(String runId) { return superseded.getOrDefault(runId, 0) + 1; }

    // ---------------------------------------------------------------------------------------------- recovery

    private void recover() throws IOException {
        for (String n : log.recover()) notices.accept(n);
        fs.delete(log.staging(), true); // resweep's own staging area; no live writer holds it (we hold the lock)
        for (CommitLog.Batch b : log.committed()) apply(b);
        // checkpoints first: an unreadable checkpoints file sends its paired runs file to quarantine too
        Map<String, CommitLog.Added> runsByPair = new HashMap<>();
        for (CommitLog.Added a : owned.values()) if (a.table().equals(RUNS) && a.pair() != null) runsByPair.put(a.pair(), a);
        Set<String> quarantinedRuns = new HashSet<>();
        for (String f : partNames(fs, table(CHECKPOINTS))) {
            Path p = new Path(table(CHECKPOINTS), f);
            try {
                ParquetRunIds.schema(fs.conf(), p);
            } catch (ParquetRunIds.UnreadableException e) {
                CommitLog.Added runs = runsByPair.get(f);
                quarantine(CHECKPOINTS, f, e.getMessage(), runs == null ? "its rows are lost unless you restore it"
                        : "its runs will be rerun; their runs file " + runs.file() + " goes with it");
                if (runs != null && fs.exists(new Path(table(RUNS), runs.file()))) {
                    quarantine(RUNS, runs.file(), "paired with the unreadable " + CHECKPOINTS + "/" + f, "its runs will be rerun");
                    quarantinedRuns.add(runs.file());
                }
            }
        }
        for (String f : partNames(fs, table(RUNS))) {
            Path p = new Path(table(RUNS), f);
            try {
                committed.addAll(ParquetRunIds.read(fs.conf(), p, "run_id"));
            } catch (ParquetRunIds.UnreadableException e) {
                CommitLog.Added own = owned.get(RUNS + "/" + f);
                quarantine(RUNS, f, e.getMessage(), "its runs will be rerun");
                if (own != null && own.pair() != null && fs.exists(new Path(table(CHECKPOINTS), own.pair()))) {
                    quarantine(CHECKPOINTS, own.pair(), "paired with the unreadable " + RUNS + "/" + f, "its runs will be rerun");
                }
            }
        }
        // checkpoints files resweep wrote whose runs are gone from runs/: the runs will be rerun, with checkpoints
        for (CommitLog.Added a : List.copyOf(owned.values())) {
            if (!a.table().equals(RUNS) || a.pair() == null || !fs.exists(new Path(table(CHECKPOINTS), a.pair()))) continue;
            if (!committed.containsAll(a.runIds())) {
                quarantine(CHECKPOINTS, a.pair(), "its runs (file " + a.file() + ") are no longer in " + RUNS + "/",
                        "they will be rerun with their checkpoints");
            }
        }
        ensureSchemaFiles();
    }

    private void apply(CommitLog.Batch b) {
        for (CommitLog.Removed r : b.removed()) owned.remove(r.table() + "/" + r.file());
        for (CommitLog.Added a : b.added()) owned.put(a.table() + "/" + a.file(), a);
        b.superseded().forEach((id, att) -> superseded.merge(id, att, Math::max));
        int seq = seqOf(b.id());
        if (b.id().startsWith(session + "-")) batchSeq = Math.max(batchSeq, seq + 1);
    }

    private static int seqOf(String batch) {
        int i = batch.lastIndexOf('-');
        try {
            return Integer.parseInt(batch.substring(i + 1));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /**
     * Moves a derived-table file an older resweep wrote (before it kept a record of its files) to
     * {@code DIR/superseded/TABLE/}, with a notice: it is replaced by a rebuilt file, and kept.
     */
    private void supersede(String table, String file) throws IOException {
        Path q = new Path(new Path(dir, SUPERSEDED), table);
        fs.mkdirs(q);
        Path target = new Path(q, file);
        for (int k = 1; fs.exists(target); k++) target = new Path(q, file + "." + k);
        fs.rename(new Path(table(table), file), target);
        notices.accept("resweep: " + SweepPaths.display(new Path(table(table), file)) + " was written by an older resweep; "
                + "rebuilt in the current layout, the old file moved to " + SweepPaths.display(target));
    }

    private void quarantine(String table, String file, String why, String consequence) throws IOException {
        Path q = new Path(new Path(dir, QUARANTINE), table);
        fs.mkdirs(q);
        Path target = new Path(q, file);
        for (int k = 1; fs.exists(target); k++) target = new Path(q, file + "." + k);
        fs.rename(new Path(table(table), file), target);
        owned.remove(table + "/" + file);
        notices.accept("resweep: " + SweepPaths.display(new Path(table(table), file)) + " cannot be used (" + oneLine(why)
                + "); moved to " + SweepPaths.display(target) + " (" + consequence + ")");
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /**
     * runs and checkpoints get an (empty) file with their schema when they have none, so any reader can open them
     * (best_lr is written whole by every aggregation).
     */
    private void ensureSchemaFiles() throws IOException {
        List<CommitLog.Added> add = new ArrayList<>();
        for (TableSchema t : List.of(ResultSchema.RUNS, ResultSchema.CHECKPOINTS)) {
            if (!partNames(fs, table(t.name())).isEmpty()) continue;
            Path staged = stage(t.name() + "-schema.parquet");
            ParquetPartWriter.write(fs.conf(), staged, t, List.of());
            add.add(new CommitLog.Added(t.name(), partName("schema"), staged.toString(), List.of(), null));
        }
        if (!add.isEmpty()) commit(new CommitLog.Batch(nextBatchId(), "schema", add, List.of(), Map.of()));
    }

    // ---------------------------------------------------------------------------------------------- commits

    private String nextBatchId() { return String.format("%s-%06d", session, batchSeq++); }

    private String partName(String suffix) {
        return "part-" + session + "-" + UUID.randomUUID().toString().substring(0, 8) + "-" + suffix + ".snappy.parquet";
    }

    private Path stage(String name) throws IOException {
        fs.mkdirs(stagingDir());
        return new Path(stagingDir(), UUID.randomUUID().toString().substring(0, 8) + "-" + name);
    }

    private void commit(CommitLog.Batch b) throws IOException {
        log.commit(b);
        apply(b);
        if (++recordsThisSession % mergeEvery == 0) mergeQuietly(2); // a long session: not thousands of records until close
    }

    /**
     * Hadoop configuration key: during a session, the commit records are merged each time this many more batches have
     * been committed (default {@link #MERGE_RECORDS_IN_SESSION}); {@link #close} merges from {@link #MERGE_RECORDS_AT_CLOSE}.
     */
    public static final String MERGE_EVERY_KEY = "resweep.store.merge-records-every";
    /** Default of {@link #MERGE_EVERY_KEY}: a 100,000-run sweep commits a few thousand batches. */
    public static final int MERGE_RECORDS_IN_SESSION = 512;
    private int recordsThisSession;
    private final int mergeEvery;

    /**
     * {@link #MERGE_EVERY_KEY} of {@code conf}: an integer from 2 to 2^31 − 1, default {@link #MERGE_RECORDS_IN_SESSION}.
     *
     * @throws BadInputException naming the setting, its value and what is allowed (exit 2), for anything else
     */
    static int mergeEvery(Configuration conf) {
        String v = conf.getTrimmed(MERGE_EVERY_KEY);
        if (v == null || v.isEmpty()) return MERGE_RECORDS_IN_SESSION;
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 2) {
            throw new BadInputException(MERGE_EVERY_KEY + " (e.g. --conf spark.hadoop." + MERGE_EVERY_KEY + "=N): "
                    + "'" + BadInputException.echo(v) + "' is not allowed; allowed: an integer from 2 to " + Integer.MAX_VALUE
                    + " (commit records are merged every that many batches; default " + MERGE_RECORDS_IN_SESSION + ")");
        }
        return n;
    }

    /** {@link #mergeCommitRecords} with a failure only reported: the records stay as they are, still valid. */
    private void mergeQuietly(int atLeast) {
        try {
            mergeCommitRecords(atLeast);
        } catch (IOException | RuntimeException e) {
            notices.accept("resweep: commit records of " + SweepPaths.display(dir) + " not merged (" + oneLine(e.getMessage())
                    + "); they stay as they are, still valid");
        }
    }

    /**
     * Commits the part files of finished tasks (staged by executors under {@link #stagingDir()}) as one batch.
     *
     * @param tasks Not modified.
     */
    public void commitTasks(List<TaskOutput> tasks) throws IOException {
        if (tasks.isEmpty()) return;
        List<CommitLog.Added> add = new ArrayList<>();
        for (TaskOutput t : tasks) {
            String name = partName("t" + t.partition());
            List<String> ids = List.of(t.runIds());
            String pair = t.checkpointsFile() == null ? null : name;
            if (pair != null) add.add(new CommitLog.Added(CHECKPOINTS, name, t.checkpointsFile(), ids, null));
            add.add(new CommitLog.Added(RUNS, name, t.runsFile(), ids, pair));
        }
        commit(new CommitLog.Batch(nextBatchId(), "tasks", add, List.of(), Map.of()));
        for (TaskOutput t : tasks) committed.addAll(List.of(t.runIds()));
    }

    /**
     * Commits rows held by the caller (tools and tests; a sweep's rows are written by executors) as one task's files.
     *
     * @param runRows rows of {@link ResultSchema#RUNS}; Not modified.
     * @param cpRows  rows of {@link ResultSchema#CHECKPOINTS} of the same runs; Not modified.
     */
    public void commit(List<Object[]> runRows, List<Object[]> cpRows) throws IOException {
        if (runRows.isEmpty()) return;
        Path r = stage("runs.parquet");
        long bytes = ParquetPartWriter.write(fs.conf(), r, ResultSchema.RUNS, runRows);
        Path c = null;
        if (!cpRows.isEmpty()) {
            c = stage("checkpoints.parquet");
            bytes += ParquetPartWriter.write(fs.conf(), c, ResultSchema.CHECKPOINTS, cpRows);
        }
        int at = ResultSchema.RUNS.indexOf("run_id");
        String[] ids = runRows.stream().map(row -> (String) row[at]).toArray(String[]::new);
        commitTasks(List.of(new TaskOutput(0, r.toString(), c == null ? null : c.toString(), ids, ids.length, 0, 0, bytes)));
    }

    /**
     * Removes the stored rows of {@code runIds} (runs rows and their checkpoints rows) as superseded, so that the runs
     * can run again ({@code --retry-failed}). Only files resweep wrote are rewritten: each is copied without those
     * rows and replaced in one batch, which records each run's superseded attempt number.
     *
     * @param attempts run id → attempt number of its stored row; Not modified.
     * @throws SweepDirectoryException if a file resweep did not write holds such rows
     */
    public void supersede(Map<String, Integer> attempts) throws IOException {
        if (attempts.isEmpty()) return;
        Set<String> ids = attempts.keySet();
        List<CommitLog.Added> add = new ArrayList<>();
        List<CommitLog.Removed> remove = new ArrayList<>();
        Map<String, String> newNames = new HashMap<>();
        for (String table : List.of(CHECKPOINTS, RUNS)) {
            TableSchema schema = table.equals(RUNS) ? ResultSchema.RUNS : ResultSchema.CHECKPOINTS;
            for (String f : partNames(fs, table(table))) {
                Path p = new Path(table(table), f);
                List<String> fileIds = ParquetRunIds.read(fs.conf(), p, "run_id");
                if (fileIds.stream().noneMatch(ids::contains)) continue;
                CommitLog.Added own = owned.get(table + "/" + f);
                if (own == null) {
                    throw new SweepDirectoryException("--retry-failed: " + p + " holds rows of runs to retry but was not written "
                            + "by resweep (it rewrites only its own files); remove those rows from it yourself, or use a new --out");
                }
                Path staged = stage(table + "-" + f);
                ParquetPartWriter.copy(fs.conf(), List.of(p), staged, schema, id -> !ids.contains(id));
                String name = partName("r");
                newNames.put(table + "/" + f, name);
                List<String> kept = fileIds.stream().filter(id -> !ids.contains(id)).distinct().toList();
                String pair = table.equals(RUNS) && own.pair() != null ? newNames.getOrDefault(CHECKPOINTS + "/" + own.pair(), own.pair()) : null;
                add.add(new CommitLog.Added(table, name, staged.toString(), kept, pair));
                remove.add(new CommitLog.Removed(table, f));
            }
        }
        commit(new CommitLog.Batch(nextBatchId(), "supersede", add, remove, new LinkedHashMap<>(attempts)));
        committed.removeAll(ids);
    }

    /**
     * What {@link #compact} did.
     *
     * @param commitRecordsMerged how many commit records were replaced by one merged record (0: there was only one)
     */
    public record Compaction(int runsFilesBefore, int checkpointsFilesBefore, long runsRows, long checkpointsRows,
                             int commitRecordsMerged) {}

    /**
     * Merges the part files resweep wrote into one file per table ({@code runs}, {@code checkpoints}), in one batch:
     * readers see the old files or the merged ones, never both; the merged files are recorded like any others.
     * Files resweep did not write are left as they are.
     */
    public Compaction compact() throws IOException {
        List<CommitLog.Added> add = new ArrayList<>();
        List<CommitLog.Removed> remove = new ArrayList<>();
        String cpName = partName("compact"), runsName = partName("compact");
        int[] before = new int[2];
        long[] rows = new long[2];
        List<String> allIds = new ArrayList<>();
        boolean anyCheckpoints = false;
        for (String table : List.of(CHECKPOINTS, RUNS)) {
            int k = table.equals(RUNS) ? 0 : 1;
            List<Path> inputs = new ArrayList<>();
            for (String f : partNames(fs, table(table))) {
                CommitLog.Added own = owned.get(table + "/" + f);
                if (own == null) continue;
                inputs.add(new Path(table(table), f));
                remove.add(new CommitLog.Removed(table, f));
                if (table.equals(RUNS)) allIds.addAll(own.runIds());
            }
            before[k] = inputs.size();
            if (inputs.isEmpty()) continue;
            Path staged = stage(table + "-compact.parquet");
            rows[k] = ParquetPartWriter.copy(fs.conf(), inputs, staged, table.equals(RUNS) ? ResultSchema.RUNS : ResultSchema.CHECKPOINTS,
                    id -> true);
            if (table.equals(CHECKPOINTS)) anyCheckpoints = true;
            add.add(new CommitLog.Added(table, table.equals(RUNS) ? runsName : cpName, staged.toString(),
                    table.equals(RUNS) ? allIds : List.of(), table.equals(RUNS) && anyCheckpoints ? cpName : null));
        }
        if (before[0] + before[1] > 2) commit(new CommitLog.Batch(nextBatchId(), "compact", add, remove, Map.of()));
        return new Compaction(before[0], before[1], rows[0], rows[1], mergeCommitRecords(2));
    }

    /** {@link #close} merges the commit records when there are at least this many (one per committed batch). */
    public static final int MERGE_RECORDS_AT_CLOSE = 16;

    /**
     * Replaces the commit records ({@code DIR/_resweep/commits/}, one per committed batch) by one merged record when
     * there are at least {@code atLeast} of them. Crash-safe: the merged record is written whole first, under a new
     * name, and the old records are deleted only after; a reader that finds both counts every file and run once
     * ({@link CommitLog#merge}). The tables are not touched.
     *
     * @param atLeast the least number of records worth merging (≥ 2)
     * @return the number of records replaced, or 0
     */
    public int mergeCommitRecords(int atLeast) throws IOException {
        if (log.recordNames().size() < Math.max(2, atLeast)) return 0;
        Set<String> present = new HashSet<>();
        Set<String> tables = new HashSet<>();
        for (CommitLog.Added a : owned.values()) tables.add(a.table());
        for (String t : tables) for (String f : partNames(fs, table(t))) present.add(t + "/" + f);
        List<CommitLog.Added> now = owned.entrySet().stream().filter(e -> present.contains(e.getKey())).map(Map.Entry::getValue).toList();
        return log.merge(CommitLog.MERGED_PREFIX + nextBatchId(), now, superseded);
    }

    /**
     * Replaces the best_lr files resweep wrote by {@code files} (staged under {@link #stagingDir()}), in one batch.
     *
     * @param files Not modified.
     */
    public void replaceBestLr(List<Path> files) throws IOException {
        List<CommitLog.Removed> remove = new ArrayList<>();
        SweepMeta meta = SweepMeta.read(fs, dir);
        boolean legacy = meta != null && meta.schemaVersion() < 2; // written before resweep recorded its files
        for (String f : partNames(fs, table(BEST_LR))) {
            if (owned.containsKey(BEST_LR + "/" + f)) {
                remove.add(new CommitLog.Removed(BEST_LR, f));
            } else if (legacy && f.startsWith("part-")) {
                supersede(BEST_LR, f); // an older resweep's best_lr: moved aside, never deleted
            }
        }
        List<CommitLog.Added> add = new ArrayList<>();
        for (Path f : files) add.add(new CommitLog.Added(BEST_LR, partName("best"), f.toString(), List.of(), null));
        commit(new CommitLog.Batch(nextBatchId(), "best_lr", add, remove, Map.of()));
    }

    /** The Parquet files of a table directory, sorted by name (hidden and underscore files excluded). */
    public static List<String> partNames(SweepFs fs, Path tableDir) throws IOException {
        List<String> out = new ArrayList<>();
        for (FileStatus s : fs.list(tableDir)) {
            String n = s.getPath().getName();
            if (s.isFile() && n.endsWith(".parquet") && !n.startsWith(".") && !n.startsWith("_")) out.add(n);
        }
        return out;
    }

    /** Local variant of {@link #partNames(SweepFs, Path)} (tests). */
    public static List<String> partNames(java.nio.file.Path tableDir) throws IOException {
        Path p = new Path(tableDir.toAbsolutePath().toUri());
        return partNames(new SweepFs(p, new Configuration()), p);
    }

    /**
     * Merges the commit records if there are {@link #MERGE_RECORDS_AT_CLOSE} or more (a failure to merge is only
     * reported: the records stay valid), empties this session's staging area and releases the lock.
     */
    @Override
    public void close() throws IOException {
        try {
            mergeQuietly(MERGE_RECORDS_AT_CLOSE);
            fs.delete(stagingDir(), true);
        } finally {
            lock.close();
        }
    }
}
