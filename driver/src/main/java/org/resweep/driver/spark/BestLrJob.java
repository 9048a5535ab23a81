package org.resweep.driver.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.resweep.driver.aggregate.BestLr;
import org.resweep.driver.aggregate.BestLrTable;
import org.resweep.driver.results.ConfigColumns;
import org.resweep.driver.results.ResultSchema;
import org.resweep.driver.store.ParquetPartWriter;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.store.SweepDirectoryException;
import org.resweep.driver.store.SweepMeta;

/**
 * The Spark step of the best-learning-rate aggregation: group {@code runs} by configuration (every config column
 * but learning rate and seed), fold each group with the pure {@link BestLr} (order-independent, so the table is the
 * same for any partitioning), and write {@code best_lr} sorted by the key columns.
 */
public final class BestLrJob {
    private BestLrJob() {}

    private static final List<String> KEY = ConfigColumns.GROUP_KEY;

    /** best_lr rows from a runs DataFrame of the sweep {@code sweepId} named {@code sweep}. */
    public static Dataset<Row> compute(Dataset<Row> runs, String sweepId, String sweep) {
        List<Column> cols = new ArrayList<>();
        for (String k : KEY) cols.add(functions.col(k));
        for (String c : BestLrTable.VALUE_COLUMNS) cols.add(functions.col(c));
        Dataset<Row> slim = runs.select(cols.toArray(new Column[0]));
        int n = KEY.size();
        MapFunction<Row, String> key = r -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) sb.append(r.get(i)).append('\u0001');
            return sb.toString();
        };
        MapGroupsFunction<String, Row, Row> fold = (k, rows) -> fold(rows, n, sweepId, sweep);
        Column[] order = KEY.stream().map(functions::col).toArray(Column[]::new);
        return slim.groupByKey(key, Encoders.STRING())
                .mapGroups(fold, Encoders.row(SparkSchemas.struct(ResultSchema.BEST_LR)))
                .orderBy(order);
    }

    static Row fold(Iterator<Row> rows, int n, String sweepId, String sweep) {
        BestLr acc = new BestLr();
        Object[] keyValues = null;
        while (rows.hasNext()) {
            Row r = rows.next();
            if (keyValues == null) {
                keyValues = new Object[n];
                for (int i = 0; i < n; i++) keyValues[i] = r.get(i);
            }
            double loss = r.isNullAt(n + 2) ? Double.NaN : r.getDouble(n + 2);
            acc.add(r.getDouble(n), r.getString(n + 1), loss, r.isNullAt(n + 3) ? null : r.getDouble(n + 3));
        }
        return RowFactory.create(BestLrTable.row(sweepId, sweep, keyValues, acc.result()));
    }

    /** The runs columns the aggregation reads (present in every schema version, so older directories aggregate). */
    public static List<String> slimColumns() {
        List<String> c = new ArrayList<>(KEY);
        c.addAll(BestLrTable.VALUE_COLUMNS);
        return c;
    }

    /**
     * Rebuilds {@code DIR/best_lr} from {@code DIR/runs}: Spark writes the table into the directory's staging area,
     * then one commit replaces the best_lr files resweep wrote before. Returns the row count.
     */
    public static long rebuild(SparkSession spark, SweepDirectory dir) throws IOException {
        return rebuild(spark, dir, true);
    }

    /** {@link #rebuild(SparkSession, SweepDirectory)}; {@code onDriver} false: with Spark whatever the size (tests). */
    static long rebuild(SparkSession spark, SweepDirectory dir, boolean onDriver) throws IOException {
        String before = spark.sparkContext().getLocalProperty("spark.job.description");
        try {
            return rebuildDescribed(spark, dir, onDriver);
        } finally {
            spark.sparkContext().setJobDescription(before);
        }
    }

    private static long rebuildDescribed(SparkSession spark, SweepDirectory dir, boolean onDriver) throws IOException {
        spark.sparkContext().setJobDescription("resweep best_lr: " + dir.path());
        SweepMeta meta = SweepMeta.read(dir.fs(), dir.path());
        String sweepId = meta != null ? meta.sweepId() : "", name = meta != null ? meta.name() : dir.path().getName();
        List<Object[]> small = onDriver ? readOnDriver(dir, slimColumns()) : null;
        if (small != null) return rebuildOnDriver(dir, sweepId, name, small);
        Dataset<Row> best = compute(SweepTables.readColumns(spark, dir.path(), ResultSchema.RUNS, slimColumns()),
                sweepId, name).cache();
        long rows = best.count();
        org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(dir.stagingDir(), "best_lr-" + UUID.randomUUID());
        spark.sparkContext().setJobDescription("resweep aggregate: best_lr of " + dir.path());
        best.coalesce(1).write().mode(SaveMode.ErrorIfExists).parquet(staging.toString());
        best.unpersist();
        List<org.apache.hadoop.fs.Path> files = new ArrayList<>();
        for (String f : SweepDirectory.partNames(dir.fs(), staging)) files.add(new org.apache.hadoop.fs.Path(staging, f));
        dir.replaceBestLr(files);
        return rows;
    }

    /**
     * A sweep with at most this many stored runs gets its best_lr table on the driver, without Spark
     * ({@link #readOnDriver}): the same rows, in the same order, as the Spark job's, at a fraction of the cost of
     * starting Spark SQL (a cold Spark SQL session took longer than a small sweep's runs). Larger sweeps read their
     * runs in parallel with Spark.
     */
    public static final int DRIVER_MAX_RUNS = 20_000;

    /**
     * {@code columns} of every stored run of {@code dir} (older layouts projected as the Spark readers do: {@link
     * ParquetPartWriter#readColumns}), read on the driver; null when the sweep has more than {@link #DRIVER_MAX_RUNS}
     * runs or a runs file that resweep cannot project (the caller then reads with Spark, which reports it).
     */
    public static List<Object[]> readOnDriver(SweepDirectory dir, List<String> columns) throws IOException {
        if (dir.committedRunIds().size() > DRIVER_MAX_RUNS) return null;
        org.apache.hadoop.fs.Path runs = dir.table(ResultSchema.RUNS.name());
        List<Object[]> out = new ArrayList<>();
        for (String f : SweepDirectory.partNames(dir.fs(), runs)) {
            List<Object[]> rows;
            try {
                rows = ParquetPartWriter.readColumns(dir.fs().conf(), new org.apache.hadoop.fs.Path(runs, f), ResultSchema.RUNS,
                        columns, DRIVER_MAX_RUNS - out.size());
            } catch (SweepDirectoryException e) {
                return null;
            }
            if (rows == null) return null;
            out.addAll(rows);
        }
        return out;
    }

    /** Writes best_lr of {@code slim} ({@link #slimColumns} rows) with {@link ParquetPartWriter} and commits it. */
    private static long rebuildOnDriver(SweepDirectory dir, String sweepId, String name, List<Object[]> slim) throws IOException {
        List<Object[]> best = new ArrayList<>(BestLrTable.compute(sweepId, name, slim));
        best.sort(SPARK_KEY_ORDER);
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.stagingDir(), "best_lr-" + UUID.randomUUID() + ".parquet");
        ParquetPartWriter.write(dir.fs().conf(), file, ResultSchema.BEST_LR, best);
        dir.replaceBestLr(List.of(file));
        return best.size();
    }

    /**
     * best_lr rows ordered as Spark's {@code orderBy} of the {@link #KEY} columns orders them (ascending; the key
     * columns are never null): strings by their UTF-8 bytes (unsigned), doubles with −0.0 = 0.0 and NaN last, false
     * before true.
     */
    static final java.util.Comparator<Object[]> SPARK_KEY_ORDER = (a, b) -> {
        int first = ResultSchema.BEST_LR.indexOf(KEY.get(0));
        for (int i = first; i < first + KEY.size(); i++) {
            int c = compareValues(a[i], b[i]);
            if (c != 0) return c;
        }
        return 0;
    };

    static int compareValues(Object x, Object y) {
        if (x instanceof String s && y instanceof String t) {
            return java.util.Arrays.compareUnsigned(s.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    t.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (x instanceof Double d && y instanceof Double e) return d.doubleValue() == e.doubleValue() ? 0 : Double.compare(d, e);
        if (x instanceof Integer i && y instanceof Integer j) return Integer.compare(i, j);
        if (x instanceof Long i && y instanceof Long j) return Long.compare(i, j);
        if (x instanceof Boolean p && y instanceof Boolean q) return Boolean.compare(p, q);
        throw new IllegalArgumentException("best_lr key: cannot order " + x + " and " + y);
    }
}
