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
     * The local path of a directory argument without a scheme or with {@code file:}, else null (a Hadoop URI). (For
     * checks before Spark starts; the location itself is always resolved by {@link #resolve}.)
     */
    static java.nio.file.Path localPath(String location) {
        if (location == null) return null;
        try {
            if (location.startsWith("file:")) return java.nio.file.Path.of(java.net.URI.create(location));
            if (location.matches("[A-Za-z][A-Za-z0-9+.-]+:.*")) return null;
            return java.nio.file.Path.of(location);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Before Spark starts, for a local directory a command will lock ({@code aggregate}, {@code compact}): it must be
     * a sweep directory, and one no live process holds (exit 2, one line). Does nothing for a Hadoop URI (checked
     * when the directory is opened).
     */
    static void preflightLocked(String location, String option) throws IOException {
        java.nio.file.Path local = localPath(location);
        if (local == null) return;
        if (!java.nio.file.Files.isRegularFile(local.resolve("sweep.json")) && !java.nio.file.Files.isDirectory(local.resolve("runs"))) {
            throw new ExitCodes.UserError(option + ": " + org.resweep.core.util.BadInputException.echo(local)
                    + (java.nio.file.Files.exists(local) ? " is not a sweep directory (no sweep.json, no runs/ table)" : " does not exist")
                    + "; allowed: the directory `resweep run` wrote (default output/<name>/)");
        }
        OutDir.requireWritable(local, option); // it rewrites files in DIR and takes DIR/resweep.lock
        SweepDirectory.checkLayout(local);
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
