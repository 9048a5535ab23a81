package org.resweep.driver.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.resweep.driver.results.ResultSchema;

/**
 * A sweep's directory and its commit protocol.
 *
 * <pre>
 * DIR/resweep.lock        owner of the directory (see {@link SweepLock})
 * DIR/sweep.yaml          the spec text; DIR/sweep.json the sweep id and planned run ids (see {@link SweepMeta})
 * DIR/runs/part-*.parquet         one file per committed batch — the commit record
 * DIR/checkpoints/part-*.parquet  the same batch's checkpoint rows, same file name
 * DIR/best_lr/                    derived table, rebuilt by aggregation
 * DIR/_staging/                   files being written (deleted on open)
 * </pre>
 *
 * <p>A batch is committed by writing both files into {@code _staging}, fsyncing them, then renaming the
 * checkpoints file and finally the runs file into place (a rename within one filesystem is atomic). A run is
 * therefore done iff its id is in {@code runs}. A crash between the two renames leaves a checkpoints file with no
 * runs file of the same name: {@link #open} deletes such orphans, so after a resume every run id — and its
 * checkpoints — appear exactly once.
 */
public final class SweepDirectory implements AutoCloseable {
    public static final String RUNS = "runs", CHECKPOINTS = "checkpoints", BEST_LR = "best_lr", STAGING = "_staging";

    private final Path dir;
    private final SweepLock lock;
    private final String session = UUID.randomUUID().toString().substring(0, 8);
    private final Configuration conf = new Configuration();
    private int batch;

    private SweepDirectory(Path dir, SweepLock lock) {
        this.dir = dir;
        this.lock = lock;
    }

    /** Creates the directory if needed, takes its lock, and removes staging leftovers and orphan checkpoint parts. */
    public static SweepDirectory open(Path dir) throws IOException {
        Files.createDirectories(dir);
        SweepLock lock = SweepLock.acquire(dir);
        try {
            SweepDirectory d = new SweepDirectory(dir, lock);
            d.recover();
            return d;
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private void recover() throws IOException {
        deleteTree(dir.resolve(STAGING));
        Files.createDirectories(dir.resolve(RUNS));
        Files.createDirectories(dir.resolve(CHECKPOINTS));
        Set<String> committed = new HashSet<>(partNames(dir.resolve(RUNS)));
        for (String cp : partNames(dir.resolve(CHECKPOINTS))) {
            if (!committed.contains(cp)) Files.delete(dir.resolve(CHECKPOINTS).resolve(cp));
        }
    }

    public Path path() { return dir; }

    public Path table(String name) { return dir.resolve(name); }

    /** Run ids in {@code runs} (the set of finished runs, any status). */
    public Set<String> committedRunIds() throws IOException {
        Set<String> ids = new HashSet<>();
        for (String p : partNames(dir.resolve(RUNS))) ids.addAll(ParquetRunIds.read(dir.resolve(RUNS).resolve(p), "run_id"));
        return ids;
    }

    /**
     * Commits one batch atomically (see the class comment).
     *
     * @param runRows rows of {@link ResultSchema#RUNS}; Not modified.
     * @param cpRows  rows of {@link ResultSchema#CHECKPOINTS} of the same runs; Not modified.
     */
    public void commit(List<Object[]> runRows, List<Object[]> cpRows) throws IOException {
        if (runRows.isEmpty()) return;
        String name = String.format("part-%s-%05d.snappy.parquet", session, batch++);
        Path staging = Files.createDirectories(dir.resolve(STAGING));
        Path runsTmp = staging.resolve("runs-" + name), cpTmp = staging.resolve("checkpoints-" + name);
        ParquetPartWriter.write(conf, runsTmp, ResultSchema.RUNS, runRows);
        fsync(runsTmp);
        if (!cpRows.isEmpty()) {
            ParquetPartWriter.write(conf, cpTmp, ResultSchema.CHECKPOINTS, cpRows);
            fsync(cpTmp);
            move(cpTmp, dir.resolve(CHECKPOINTS).resolve(name));
        }
        move(runsTmp, dir.resolve(RUNS).resolve(name));
    }

    /** The Parquet part files of a table directory, sorted by name (hidden and underscore files excluded). */
    public static List<String> partNames(Path tableDir) throws IOException {
        if (!Files.isDirectory(tableDir)) return List.of();
        try (Stream<Path> s = Files.list(tableDir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".parquet") && !n.startsWith(".") && !n.startsWith("_")).sorted().toList();
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the filesystem of " + to.getParent() + " cannot rename atomically; use a local directory", e);
        }
        fsync(to.getParent());
    }

    private static void fsync(Path p) {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // directories cannot be opened for fsync on every platform; the rename itself is still atomic
        }
    }

    /** Deletes a file tree if present. */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            List<Path> all = new ArrayList<>(s.sorted(Comparator.reverseOrder()).toList());
            for (Path q : all) Files.delete(q);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            deleteTree(dir.resolve(STAGING));
        } finally {
            lock.close();
        }
    }
}
