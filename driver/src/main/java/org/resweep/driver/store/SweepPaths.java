package org.resweep.driver.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The one place where a user's sweep-directory argument ({@code --out DIR}, {@code aggregate DIR}, …) becomes a
 * location. Every read and write of a sweep directory — the driver's own files and Spark's reads — goes through the
 * qualified path returned here, so they can never land on two filesystems.
 *
 * <p>The argument may be a local path or a URI of any Hadoop filesystem on the classpath ({@code file:///…},
 * {@code hdfs://…}, {@code s3a://…}). A scheme-less path resolves exactly as Spark resolves it: against
 * {@code fs.defaultFS} of the given Hadoop configuration (a relative path against that filesystem's working
 * directory — the current directory for the local filesystem, {@code /user/NAME} for HDFS).
 */
public final class SweepPaths {
    private SweepPaths() {}

    /**
     * @param location a path or URI as the user wrote it
     * @param conf     the session's Hadoop configuration ({@code SparkContext.hadoopConfiguration()})
     * @return the fully qualified path (scheme and authority set)
     * @throws SweepDirectoryException if the text is not a path or names a filesystem not on the classpath
     */
    public static Path resolve(String location, Configuration conf) {
        return resolve(location, () -> conf, false);
    }

    /**
     * {@link #resolve(String, Configuration)} with the configuration built only when it is needed: a location on the
     * local filesystem needs none when the caller knows that {@code fs.defaultFS} is the local filesystem (building a
     * Hadoop configuration costs about half a second of CPU, as much as a DuckDB query).
     *
     * @param defaultFsIsLocal true only if {@code conf.get()} would have {@code fs.defaultFS = file:///}
     */
    public static Path resolve(String location, java.util.function.Supplier<Configuration> conf, boolean defaultFsIsLocal) {
        if (location == null || location.isBlank()) throw new SweepDirectoryException("sweep directory: missing; give a path or URI");
        Path p;
        try {
            p = new Path(location);
        } catch (IllegalArgumentException e) {
            throw new SweepDirectoryException("sweep directory: '" + location + "' is not a path or URI (" + e.getMessage() + ")");
        }
        try {
            java.net.URI u = p.toUri();
            String scheme, authority;
            if (u.getScheme() != null) {
                scheme = u.getScheme();
                authority = u.getAuthority();
            } else if (defaultFsIsLocal) {
                scheme = "file";
                authority = null;
            } else {
                java.net.URI d = FileSystem.getDefaultUri(conf.get());
                scheme = d.getScheme();
                authority = d.getAuthority();
            }
            boolean noAuthority = authority == null || authority.isEmpty();
            if ("file".equals(scheme) && noAuthority) {
                // what LocalFileSystem.makeQualified gives (working directory: user.dir), without instantiating a
                // filesystem (and Hadoop's user login): commands that only read local tables stay fast
                return p.makeQualified(java.net.URI.create("file:///"), new Path(System.getProperty("user.dir")));
            }
            if (!noAuthority && p.isAbsolute()) {
                // hdfs://nn:8020/a, or /a against such a default: what the filesystem's makeQualified gives, without
                // contacting it (that happens when the directory is read or written); its filesystem must be on the
                // classpath
                FileSystem.getFileSystemClass(scheme, conf.get());
                return p.makeQualified(new java.net.URI(scheme, authority, "/", null, null), new Path("/"));
            }
            FileSystem fs = p.getFileSystem(conf.get());
            return fs.makeQualified(p);
        } catch (IOException | java.net.URISyntaxException e) {
            throw new SweepDirectoryException("sweep directory: '" + location + "': no usable filesystem (" + e.getMessage()
                    + "); allowed: a local path or a URI of a Hadoop filesystem on the classpath (file://, hdfs://, s3a:// …)");
        }
    }

    /** How a location is shown to the user: a local directory as a plain path, anything else as its URI. */
    public static String display(Path p) {
        String s = "file".equals(p.toUri().getScheme()) ? p.toUri().getPath() : p.toString();
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** The local path of a qualified location on the local filesystem ({@code file:}), else null. */
    public static java.nio.file.Path local(Path p) {
        return "file".equals(p.toUri().getScheme()) ? java.nio.file.Path.of(p.toUri()) : null;
    }

    /**
     * The filesystem of a qualified path. Hadoop's local filesystem ({@code file:}) is set to neither write nor verify
     * {@code .crc} side files ({@link #noChecksums}).
     */
    public static FileSystem fs(Path p, Configuration conf) {
        try {
            return noChecksums(p.getFileSystem(conf));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the filesystem of " + p, e);
        }
    }

    /**
     * Turns off Hadoop's client-side checksums ({@code .NAME.crc} side files) of the local filesystem and returns
     * {@code fs}. They only exist on the local filesystem, no other reader (DuckDB, pandas, Spark on another
     * filesystem) knows them, and a part file rewritten in place by such a tool would otherwise be reported damaged
     * ("Checksum error") by resweep while every other reader reads it fine. Sets the instance Hadoop caches, so Spark's
     * own reads of local files in this JVM agree. Other filesystems (HDFS keeps its checksums itself) are unchanged.
     */
    public static FileSystem noChecksums(FileSystem fs) {
        if (fs instanceof org.apache.hadoop.fs.LocalFileSystem) {
            fs.setVerifyChecksum(false);
            fs.setWriteChecksum(false);
        }
        return fs;
    }
}
