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
import org.resweep.driver.store.SweepDirectory;
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
        String before = spark.sparkContext().getLocalProperty("spark.job.description");
        try {
            return rebuildDescribed(spark, dir);
        } finally {
            spark.sparkContext().setJobDescription(before);
        }
    }

    private static long rebuildDescribed(SparkSession spark, SweepDirectory dir) throws IOException {
        spark.sparkContext().setJobDescription("resweep best_lr: " + dir.path());
        SweepMeta meta = SweepMeta.read(dir.fs(), dir.path());
        String sweepId = meta != null ? meta.sweepId() : "", name = meta != null ? meta.name() : dir.path().getName();
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
}
