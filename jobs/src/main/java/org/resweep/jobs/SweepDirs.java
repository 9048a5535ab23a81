package org.resweep.jobs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.resweep.driver.spark.SweepTables;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.store.SweepFs;

/**
 * Resolves the sweep directory of commands that read one ({@code sql --out DIR}, {@code aggregate DIR},
 * {@code compact DIR}): a local path or a Hadoop URI, resolved as Spark resolves it
 * ({@link org.resweep.driver.store.SweepPaths}); default: the only sweep under {@code output/}.
 */
final class SweepDirs {
    /** Where {@code run} puts a sweep without {@code --out}: {@code output/NAME} (resolved like any path). */
    static final String OUTPUT = "output";

    private SweepDirs() {}

    /** The default directory of a sweep named {@code name}. */
    static String defaultFor(String name) { return OUTPUT + "/" + name; }

    /**
     * A directory argument resolved before Spark starts, with the Hadoop configuration the session will have: the
     * same {@link org.resweep.driver.store.SweepPaths#resolve} (against {@code fs.defaultFS}) as every read and write.
     *
     * @param option how the user gave it, for the message
     * @throws ExitCodes.UserError the text is not a path, or names a filesystem not on the classpath
     */
    static Path resolveEarly(SparkOptions spark, String location, String option) {
        try {
            return org.resweep.driver.store.SweepPaths.resolve(location, spark.hadoopConf());
        } catch (org.resweep.driver.store.SweepDirectoryException e) {
            throw new ExitCodes.UserError(option + ": " + e.getMessage().replaceFirst("^sweep directory: ", ""));
        }
    }

    /** The local path of a resolved location on the local filesystem, else null (HDFS, S3 …). */
    static java.nio.file.Path localPath(Path resolved) {
        return org.resweep.driver.store.SweepPaths.local(resolved);
    }

    /**
     * Before Spark starts, for a local directory a command will lock ({@code aggregate}, {@code compact}): it must be
     * a sweep directory, and one no live process holds (exit 2, one line). Does nothing for a directory on another
     * filesystem (checked when the directory is opened).
     *
     * @param resolved the directory, resolved by {@link #resolveEarly}
     */
    static void preflightLocked(Path resolved, String option) throws IOException {
        java.nio.file.Path local = localPath(resolved);
        if (local == null) return;
        if (!java.nio.file.Files.isRegularFile(local.resolve("sweep.json")) && !java.nio.file.Files.isDirectory(local.resolve("runs"))) {
            throw new ExitCodes.UserError(option + ": " + org.resweep.core.util.BadInputException.echo(local)
                    + (java.nio.file.Files.exists(local) ? " is not a sweep directory (no sweep.json, no runs/ table)" : " does not exist")
                    + "; allowed: the directory `resweep run` wrote (default output/<name>/)");
        }
        OutDir.requireWritable(local, option); // it rewrites files in DIR and takes DIR/resweep.lock
        org.resweep.driver.store.SweepLock.acquire(local).close();
    }

    static Path resolve(SparkSession spark, String out) throws IOException {
        if (out != null) {
            Path p = SweepTables.resolve(spark, out);
            if (!SweepDirectory.isSweepDirectory(new SweepFs(p, spark.sparkContext().hadoopConfiguration()), p)) {
                throw new ExitCodes.UserError("--out: " + p + " is not a sweep directory (no sweep.json); give the "
                        + "directory `resweep run` wrote (default output/<name>/)");
            }
            return p;
        }
        Path root = SweepTables.resolve(spark, OUTPUT);
        SweepFs fs = new SweepFs(root, spark.sparkContext().hadoopConfiguration());
        List<Path> sweeps = new ArrayList<>();
        for (FileStatus s : fs.list(root)) {
            if (s.isDirectory() && SweepDirectory.isSweepDirectory(fs, s.getPath())) sweeps.add(s.getPath());
        }
        if (sweeps.size() == 1) return sweeps.get(0);
        throw new ExitCodes.UserError("--out: missing; " + (sweeps.isEmpty() ? "no sweep directory under " + root
                : "several sweeps under " + root + ": " + sweeps) + "; give --out DIR");
    }
}
