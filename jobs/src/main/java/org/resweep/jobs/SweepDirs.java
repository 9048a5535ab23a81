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

    /** Hadoop configuration key: the probe's timeout in milliseconds ({@link #probe}; {@code --conf spark.hadoop.KEY=MS}). */
    static final String PROBE_TIMEOUT_KEY = "resweep.probe.timeout-ms";
    static final int PROBE_TIMEOUT_MS = 20_000;

    /**
     * Before a command works on an {@code hdfs://} location: one status call with short timeouts of Hadoop's RPC client,
     * so that a namenode address where nothing answers is one line after about {@value #PROBE_TIMEOUT_MS} ms (key
     * {@value #PROBE_TIMEOUT_KEY}) rather than after Hadoop's own limits — 2 minutes for a server that accepts and stays
     * silent ({@code ipc.client.rpc-timeout.ms}), 15 for a host that drops connections ({@code ipc.client.connect.timeout}
     * × {@code ipc.client.connect.max.retries.on.timeouts}; review8 F8). The probe uses a filesystem instance of its own:
     * the command's calls keep the configured timeouts (a loaded namenode that answers the probe is used as configured),
     * and smaller configured timeouts stay. A failure that is not the network's (permission denied, …) is left to the
     * command's own calls to report; other filesystems (local, object stores) are not probed.
     *
     * @param what how the location is named in the message, e.g. {@code "--out hdfs://nn:8020/x"}
     * @throws ExitCodes.EnvironmentFailure the filesystem cannot be reached
     */
    static void probe(Path resolved, java.util.function.Supplier<org.apache.hadoop.conf.Configuration> hadoopConf, String what) {
        if (!"hdfs".equals(resolved.toUri().getScheme())) return;
        org.apache.hadoop.conf.Configuration conf = hadoopConf.get();
        int ms = probeTimeoutMs(conf.get(PROBE_TIMEOUT_KEY));
        org.apache.hadoop.conf.Configuration c = new org.apache.hadoop.conf.Configuration(conf);
        c.setInt("ipc.client.connect.timeout", Math.min(ms, conf.getInt("ipc.client.connect.timeout", ms)));
        c.setInt("ipc.client.connect.max.retries.on.timeouts", 0);
        int rpc = conf.getInt("ipc.client.rpc-timeout.ms", 0);
        c.setInt("ipc.client.rpc-timeout.ms", rpc > 0 ? Math.min(ms, rpc) : ms);
        try (org.apache.hadoop.fs.FileSystem fs = org.apache.hadoop.fs.FileSystem.newInstance(resolved.toUri(), c)) {
            fs.getFileStatus(resolved);
        } catch (java.io.FileNotFoundException absent) {
            // reached: the command creates it, or says it is missing
        } catch (IOException | RuntimeException e) {
            ExitCodes.EnvironmentFailure down = ExitCodes.unreachable(e, what);
            if (down == null) return; // the filesystem answered: the command's own calls report what it said
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof java.net.SocketTimeoutException) {
                    boolean connecting = t.getClass().getName().equals("org.apache.hadoop.net.ConnectTimeoutException");
                    throw new ExitCodes.EnvironmentFailure(what + ": cannot reach its filesystem (" + (connecting ? "no connection" : "connected, but no answer")
                            + " within " + (ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms") + ": is a namenode listening there? a slower one: --conf spark.hadoop."
                            + PROBE_TIMEOUT_KEY + "=MILLISECONDS)", e);
                }
            }
            throw down;
        }
    }

    /**
     * The probe's timeout from the value of {@value #PROBE_TIMEOUT_KEY} (null: the default).
     *
     * @throws ExitCodes.UserError not an integer number of milliseconds from 100 to 3,600,000 (review9 M1, L2)
     */
    static int probeTimeoutMs(String value) {
        if (value == null) return PROBE_TIMEOUT_MS;
        long ms;
        try {
            ms = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            ms = -1;
        }
        if (ms < 100 || ms > 3_600_000) {
            throw new ExitCodes.UserError("--conf spark.hadoop." + PROBE_TIMEOUT_KEY + ": '" + org.resweep.core.util.BadInputException.echo(value)
                    + "' is not allowed; allowed: milliseconds, an integer from 100 to 3600000");
        }
        return (int) ms;
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
