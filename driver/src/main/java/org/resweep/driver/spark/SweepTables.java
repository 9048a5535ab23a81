package org.resweep.driver.spark;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.resweep.driver.results.ResultSchema;
import org.resweep.driver.results.TableSchema;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.store.SweepDirectoryException;
import org.resweep.driver.store.SweepFs;
import org.resweep.driver.store.SweepPaths;

/**
 * Reads a sweep directory's tables as DataFrames (with the declared schema) and registers them as SQL views. The
 * directory is a qualified path ({@link SweepPaths#resolve}) on any Hadoop filesystem.
 */
public final class SweepTables {
    private SweepTables() {}

    /** A table of {@code dir}; an empty DataFrame with the schema if it has no part files. */
    public static Dataset<Row> read(SparkSession spark, Path dir, TableSchema table) throws IOException {
        Path t = new Path(dir, table.name());
        if (SweepDirectory.partNames(new SweepFs(dir, spark.sparkContext().hadoopConfiguration()), t).isEmpty()) {
            return spark.createDataFrame(List.<Row>of(), SparkSchemas.struct(table));
        }
        return spark.read().schema(SparkSchemas.struct(table)).parquet(t.toString());
    }

    /** {@link #read(SparkSession, Path, TableSchema)} for a directory given as the user wrote it. */
    public static Dataset<Row> read(SparkSession spark, String location, TableSchema table) throws IOException {
        return read(spark, resolve(spark, location), table);
    }

    /** {@link #read(SparkSession, Path, TableSchema)} for a local directory. */
    public static Dataset<Row> read(SparkSession spark, java.nio.file.Path dir, TableSchema table) throws IOException {
        return read(spark, local(dir), table);
    }

    /** The qualified path of a sweep directory argument, resolved with the session's Hadoop configuration. */
    public static Path resolve(SparkSession spark, String location) {
        return SweepPaths.resolve(location, spark.sparkContext().hadoopConfiguration());
    }

    static Path local(java.nio.file.Path dir) { return new Path(dir.toAbsolutePath().toUri()); }

    /**
     * Registers views {@code runs}, {@code checkpoints} and {@code best_lr} ({@code best_lr} computed from runs
     * when the directory has no stored copy).
     */
    public static void registerViews(SparkSession spark, Path dir) throws IOException {
        SweepFs fs = new SweepFs(dir, spark.sparkContext().hadoopConfiguration());
        if (!SweepDirectory.isSweepDirectory(fs, dir)) {
            throw new SweepDirectoryException("--out: " + dir + " is not a sweep directory (no sweep.json); "
                    + "give the directory a `resweep run` wrote");
        }
        Dataset<Row> runs = read(spark, dir, ResultSchema.RUNS);
        runs.createOrReplaceTempView("runs");
        read(spark, dir, ResultSchema.CHECKPOINTS).createOrReplaceTempView("checkpoints");
        Dataset<Row> best = SweepDirectory.partNames(fs, new Path(dir, SweepDirectory.BEST_LR)).isEmpty()
                ? BestLrJob.compute(runs) : read(spark, dir, ResultSchema.BEST_LR);
        best.createOrReplaceTempView("best_lr");
    }

    public static void registerViews(SparkSession spark, String location) throws IOException {
        registerViews(spark, resolve(spark, location));
    }

    public static void registerViews(SparkSession spark, java.nio.file.Path dir) throws IOException {
        registerViews(spark, local(dir));
    }
}
