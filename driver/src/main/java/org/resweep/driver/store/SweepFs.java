package org.resweep.driver.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The filesystem operations of the store, on any Hadoop {@link FileSystem}, with the one property the commit
 * protocol depends on: whether a file rename is atomic.
 *
 * <p>Local filesystems and HDFS rename atomically. Object stores (S3A, GCS, ABFS, …) do not: a "rename" there is a
 * copy followed by a delete, so for a while both names exist — but the destination object appears only when
 * complete, never partially. The commit protocol ({@link CommitLog}) works on both: the commit record, created last
 * with create-without-overwrite, is what makes a batch committed; renames only place files. Where rename is not
 * atomic, small metadata files are also written by creating the final object directly (an object store exposes an
 * object only once its upload completes) instead of temp file + rename.
 *
 * <p>Configuration key {@value #ATOMIC_RENAME_KEY} ({@code true}/{@code false}) overrides the detection (tests force
 * the object-store protocol on the local filesystem and HDFS with it).
 */
public final class SweepFs {
    /** Hadoop configuration key overriding rename-atomicity detection. */
    public static final String ATOMIC_RENAME_KEY = "resweep.store.atomic-rename";
    /** Schemes of object stores known to Hadoop: no atomic rename. */
    static final Set<String> OBJECT_STORES = Set.of("s3", "s3a", "s3n", "gs", "wasb", "wasbs", "abfs", "abfss", "oss",
            "cos", "cosn", "obs", "adl", "swift", "ks3", "tos");

    private final FileSystem fs;
    private final Configuration conf;
    private final boolean atomicRename;

    public SweepFs(Path dir, Configuration conf) {
        this.conf = conf;
        this.fs = SweepPaths.fs(dir, conf);
        String forced = conf.get(ATOMIC_RENAME_KEY);
        this.atomicRename = forced != null ? Boolean.parseBoolean(forced.trim())
                : !OBJECT_STORES.contains(String.valueOf(fs.getScheme()).toLowerCase(Locale.ROOT));
    }

    public FileSystem fs() { return fs; }

    public Configuration conf() { return conf; }

    /** Whether renaming a file is atomic here (local, HDFS) rather than copy + delete (object stores). */
    public boolean atomicRename() { return atomicRename; }

    public boolean exists(Path p) throws IOException { return fs.exists(p); }

    public boolean isDirectory(Path p) throws IOException {
        try {
            return fs.getFileStatus(p).isDirectory();
        } catch (FileNotFoundException e) {
            return false;
        }
    }

    public void mkdirs(Path p) throws IOException {
        if (!fs.mkdirs(p) && !isDirectory(p)) throw new IOException("cannot create directory " + p);
    }

    /** The entries of a directory (empty if it does not exist), sorted by name. */
    public List<FileStatus> list(Path dir) throws IOException {
        try {
            List<FileStatus> out = new ArrayList<>(List.of(fs.listStatus(dir)));
            out.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
            return out;
        } catch (FileNotFoundException e) {
            return List.of();
        }
    }

    /** Names of the entries of a directory, sorted. */
    public List<String> names(Path dir) throws IOException {
        return list(dir).stream().map(s -> s.getPath().getName()).toList();
    }

    /** Creates {@code p} with {@code text}; fails with {@link FileAlreadyExistsException} if it exists. */
    public void createNew(Path p, String text) throws IOException {
        if ("file".equals(fs.getScheme())) { // Hadoop's local create checks, then creates: use the OS's atomic create
            java.nio.file.Path f = java.nio.file.Path.of(p.toUri());
            try {
                java.nio.file.Files.createFile(f);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw new FileAlreadyExistsException(p + " exists");
            }
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            return;
        }
        try (FSDataOutputStream out = fs.create(p, false)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.hsync();
        }
    }

    /**
     * Creates {@code p}, which must not exist, so that a reader sees no file or the whole of it, never part: where
     * renames are atomic, a temporary file beside it ({@code .NAME.TAG.tmp}, resweep's own) renamed without overwrite
     * (on the local filesystem a hard link, which fails if {@code p} exists); on an object store one object (it appears
     * only when complete).
     *
     * @throws FileAlreadyExistsException if {@code p} exists
     */
    public void createWhole(Path p, byte[] bytes) throws IOException {
        if (fs.exists(p)) throw new FileAlreadyExistsException(p + " exists");
        if (!atomicRename) {
            try (FSDataOutputStream out = fs.create(p, false)) {
                out.write(bytes);
            }
            return;
        }
        String tag = java.util.UUID.randomUUID().toString().substring(0, 8);
        if ("file".equals(fs.getScheme())) { // no .crc side files, and a link cannot replace an existing file
            java.nio.file.Path f = java.nio.file.Path.of(p.toUri());
            java.nio.file.Path tmp = f.resolveSibling("." + f.getFileName() + "." + tag + ".tmp");
            try {
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE)) {
                    ch.write(java.nio.ByteBuffer.wrap(bytes));
                    ch.force(true);
                }
                try {
                    java.nio.file.Files.createLink(f, tmp);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    throw new FileAlreadyExistsException(p + " exists");
                } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) { // no hard links here
                    if (java.nio.file.Files.exists(f)) throw new FileAlreadyExistsException(p + " exists");
                    java.nio.file.Files.move(tmp, f, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
            } finally {
                java.nio.file.Files.deleteIfExists(tmp);
            }
            return;
        }
        Path tmp = new Path(p.getParent(), "." + p.getName() + "." + tag + ".tmp");
        try {
            try (FSDataOutputStream out = fs.create(tmp, false)) {
                out.write(bytes);
                out.hsync();
            }
            if (!fs.rename(tmp, p)) { // HDFS: false, nothing renamed, when p exists
                throw fs.exists(p) ? new FileAlreadyExistsException(p + " exists") : new IOException("cannot rename " + tmp + " to " + p);
            }
        } finally {
            if (fs.exists(tmp)) fs.delete(tmp, false);
        }
    }

    /** Whether {@code name} is the temporary file of {@link #createWhole} (resweep's own, left by a crash). */
    public static boolean isCreateTemp(String name) {
        return name.startsWith(".") && name.endsWith(".tmp");
    }

    /**
     * Replaces {@code p}'s content so that a reader sees the old or the new text, never a mixture: temp file + atomic
     * rename where renames are atomic; a direct overwrite on object stores (whose objects appear whole).
     */
    public void replace(Path p, String text) throws IOException {
        if (!atomicRename) {
            try (FSDataOutputStream out = fs.create(p, true)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        Path tmp = new Path(p.getParent(), "." + p.getName() + ".tmp");
        try (FSDataOutputStream out = fs.create(tmp, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.hsync();
        }
        if (fs.exists(p) && !fs.delete(p, false) && fs.exists(p)) throw new IOException("cannot replace " + p);
        rename(tmp, p);
    }

    /**
     * The bytes of {@code p}, reading at most {@code max} + 1 of them whatever length the filesystem reports (a device
     * such as {@code /dev/zero}, a pipe or a growing file reports 0 or less): null when {@code p} holds more than
     * {@code max} bytes.
     */
    public byte[] readAtMost(Path p, int max) throws IOException {
        try (InputStream in = fs.open(p)) {
            return readAtMost(in, max);
        }
    }

    /** {@link #readAtMost(Path, int)} of a local file (a spec file: a pipe such as {@code <(…)} is read too). */
    public static byte[] readAtMost(java.nio.file.Path p, int max) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(p)) {
            return readAtMost(in, max);
        }
    }

    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        byte[] bytes = in.readNBytes(Math.addExact(max, 1));
        return bytes.length > max ? null : bytes;
    }

    public String read(Path p) throws IOException {
        try (InputStream in = fs.open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Renames a file; the target must not exist. Throws if the filesystem reports failure. */
    public void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("cannot rename " + from + " to " + to + (fs.exists(to) ? " (target exists)" : "")
                    + (fs.exists(from) ? "" : " (source missing)"));
        }
    }

    /** Deletes a file or tree the store itself wrote; absent is fine. */
    public void delete(Path p, boolean recursive) throws IOException {
        if (!fs.delete(p, recursive) && fs.exists(p)) throw new IOException("cannot delete " + p);
    }

    public OutputStream create(Path p) throws IOException { return fs.create(p, false); }
}
