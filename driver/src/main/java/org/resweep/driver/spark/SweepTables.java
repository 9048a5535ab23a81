package org.resweep.driver.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.resweep.driver.results.OlderLayouts;
import org.resweep.driver.results.ResultSchema;
import org.resweep.driver.results.TableSchema;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.store.SweepDirectoryException;
import org.resweep.driver.store.SweepFs;
import org.resweep.driver.store.SweepMeta;
import org.resweep.driver.store.SweepPaths;
/**
 * Reads a sweep directory's tables (a qualified path on any Hadoop filesystem, {@link SweepPaths#resolve}) as
 * DataFrames with the current declared schema, whatever schema version wrote
 * the files (see {@code docs/results-schema.md}, "Older sweep directories"), and registers them as SQL views.
 *
 * <p>Part files are grouped by their Parquet schema (footer); a table whose files all have the current layout is
 * read in one go with the declared schema. Otherwise each group is read with its own schema and projected onto the
 * current one — a column of another type is cast ({@code completed_at}: ISO-8601 text → timestamp), a missing
 * column is null or its {@link OlderLayouts} value ({@code best_lr.sweep_id} and {@code best_lr.sweep} come from
 * {@code sweep.json}) — and the groups are unioned.
 */
public final class SweepTables {
    private SweepTables() {}

    /** A table of {@code dir} in the current schema; an empty DataFrame with the schema if it has no part files. */
    public static Dataset<Row> read(SparkSession spark, Path dir, TableSchema table) throws IOException {
        Path t = new Path(dir, table.name());
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<String> parts = SweepDirectory.partNames(new SweepFs(dir, conf), t);
        StructType want = SparkSchemas.struct(table);
        if (parts.isEmpty()) return spark.createDataFrame(List.<Row>of(), want);
        Map<MessageType, List<String>> groups = new LinkedHashMap<>();
        for (String p : parts) {
            String file = new Path(t, p).toString();
            try (ParquetFileReader r = org.resweep.driver.store.ParquetRunIds.open(conf, new Path(file))) {
                groups.computeIfAbsent(r.getFooter().getFileMetaData().getSchema(), k -> new ArrayList<>()).add(file);
            }
        }
        Map<String, Object> defaults = defaults(new SweepFs(dir, conf), dir, table);
        ParquetToSparkSchemaConverter converter = new ParquetToSparkSchemaConverter(spark.sessionState().conf());
        Dataset<Row> all = null;
        for (Map.Entry<MessageType, List<String>> e : groups.entrySet()) {
            StructType have = converter.convert(e.getKey()); // no schema-inference job
            boolean current = sameColumns(have, want);
            // one root path when the group is the whole table (many paths would make Spark list them with a job)
            Dataset<Row> g = groups.size() == 1 ? spark.read().schema(current ? want : have).parquet(t.toString())
                    : spark.read().schema(current ? want : have).parquet(e.getValue().toArray(new String[0]));
            Dataset<Row> projected = current ? g : project(g, want, defaults);
            all = all == null ? projected : all.unionByName(projected);
        }
        return all;
    }

    /**
     * Some columns of a table of {@code dir}, read with the declared types (for columns every schema version stores
     * with the same type, such as the configuration columns); empty if the table has no part files.
     */
    public static Dataset<Row> readColumns(SparkSession spark, Path dir, TableSchema table, List<String> columns)
            throws IOException {
        List<StructField> fields = new ArrayList<>();
        StructType all = SparkSchemas.struct(table);
        for (String c : columns) fields.add(all.apply(c));
        StructType want = new StructType(fields.toArray(new StructField[0]));
        Path t = new Path(dir, table.name());
        if (SweepDirectory.partNames(new SweepFs(dir, spark.sparkContext().hadoopConfiguration()), t).isEmpty()) {
            return spark.createDataFrame(List.<Row>of(), want);
        }
        Dataset<Row> df = spark.read().schema(want).parquet(t.toString());
        for (String c : columns) { // a column older files lack reads as null: give it the older runs' value
            Object d = OlderLayouts.CONFIG_DEFAULTS.get(c);
            if (d != null) df = df.withColumn(c, functions.coalesce(functions.col(c), functions.lit(d)));
        }
        return df;
    }

    private static Map<String, Object> defaults(SweepFs fs, Path dir, TableSchema table) throws IOException {
        Map<String, Object> d = new LinkedHashMap<>(OlderLayouts.CONFIG_DEFAULTS);
        if (table.name().equals(ResultSchema.BEST_LR.name())) {
            SweepMeta meta = SweepMeta.read(fs, dir);
            if (meta != null) {
                d.put("sweep_id", meta.sweepId());
                d.put("sweep", meta.name());
            }
        }
        return d;
    }

    private static boolean sameColumns(StructType a, StructType b) {
        if (a.fields().length != b.fields().length) return false;
        for (int i = 0; i < a.fields().length; i++) {
            if (!a.fields()[i].name().equals(b.fields()[i].name())
                    || !a.fields()[i].dataType().sameType(b.fields()[i].dataType())) return false;
        }
        return true;
    }

    /** {@code df} with exactly the columns of {@code want}: cast when the type differs, default or null when absent. */
    static Dataset<Row> project(Dataset<Row> df, StructType want, Map<String, Object> defaults) {
        List<String> have = List.of(df.columns());
        List<Column> cols = new ArrayList<>();
        for (StructField f : want.fields()) {
            DataType type = f.dataType();
            Column c;
            if (have.contains(f.name())) {
                c = df.schema().apply(f.name()).dataType().sameType(type) ? functions.col(f.name()) : functions.col(f.name()).cast(type);
            } else {
                c = functions.lit(defaults.get(f.name())).cast(type);
            }
            cols.add(c.as(f.name()));
        }
        return df.select(cols.toArray(new Column[0]));
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
        views(spark, dir).forEach((name, df) -> df.createOrReplaceTempView(name));
    }

    /** The three tables of a sweep directory in the current schema, by name ({@code best_lr} computed if not stored). */
    public static Map<String, Dataset<Row>> views(SparkSession spark, Path dir) throws IOException {
        Map<String, Dataset<Row>> v = new LinkedHashMap<>();
        Dataset<Row> runs = read(spark, dir, ResultSchema.RUNS);
        v.put(ResultSchema.RUNS.name(), runs);
        v.put(ResultSchema.CHECKPOINTS.name(), read(spark, dir, ResultSchema.CHECKPOINTS));
        Dataset<Row> best;
        SweepFs fs = new SweepFs(dir, spark.sparkContext().hadoopConfiguration());
        if (SweepDirectory.partNames(fs, new Path(dir, SweepDirectory.BEST_LR)).isEmpty()) {
            SweepMeta meta = SweepMeta.read(fs, dir);
            String name = meta != null ? meta.name() : dir.getName();
            String id = meta != null ? meta.sweepId() : "";
            best = BestLrJob.compute(runs, id, name);
        } else {
            best = read(spark, dir, ResultSchema.BEST_LR);
        }
        v.put(ResultSchema.BEST_LR.name(), best);
        return v;
    }

    public static void registerViews(SparkSession spark, String location) throws IOException {
        registerViews(spark, resolve(spark, location));
    }

    public static void registerViews(SparkSession spark, java.nio.file.Path dir) throws IOException {
        registerViews(spark, local(dir));
    }
}
