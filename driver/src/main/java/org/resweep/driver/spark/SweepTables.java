package org.resweep.driver.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.resweep.driver.results.ResultSchema;
import org.resweep.driver.results.TableSchema;
import org.resweep.driver.store.SweepDirectory;

/** Reads a sweep directory's tables as DataFrames (with the declared schema) and registers them as SQL views. */
public final class SweepTables {
    private SweepTables() {}

    /** A table of {@code dir}; an empty DataFrame with the schema if it has no part files yet. */
    public static Dataset<Row> read(SparkSession spark, Path dir, TableSchema table) throws IOException {
        Path t = dir.resolve(table.name());
        if (SweepDirectory.partNames(t).isEmpty()) {
            return spark.createDataFrame(List.<Row>of(), SparkSchemas.struct(table));
        }
        return spark.read().schema(SparkSchemas.struct(table)).parquet(t.toAbsolutePath().toString());
    }

    /**
     * Registers views {@code runs}, {@code checkpoints} and {@code best_lr} ({@code best_lr} computed from runs
     * when the directory has no stored copy).
     */
    public static void registerViews(SparkSession spark, Path dir) throws IOException {
        if (!Files.isDirectory(dir.resolve(SweepDirectory.RUNS))) {
            throw new IllegalArgumentException("--out: " + dir + " is not a sweep directory (no runs/ table); "
                    + "give the directory a `resweep run` wrote");
        }
        Dataset<Row> runs = read(spark, dir, ResultSchema.RUNS);
        runs.createOrReplaceTempView("runs");
        read(spark, dir, ResultSchema.CHECKPOINTS).createOrReplaceTempView("checkpoints");
        Dataset<Row> best = SweepDirectory.partNames(dir.resolve(SweepDirectory.BEST_LR)).isEmpty()
                ? BestLrJob.compute(runs) : read(spark, dir, ResultSchema.BEST_LR);
        best.createOrReplaceTempView("best_lr");
    }
}
