package org.resweep.jobs.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.resweep.driver.results.ResultSchema;
import org.resweep.driver.results.TableSchema;
import org.resweep.driver.spark.SparkSessions;
import org.resweep.driver.spark.SweepTables;

/**
 * One result table of a sweep directory, read by Spark, as sorted {@code key -> row text} where every double is
 * written as its raw IEEE-754 bits: two snapshots are equal iff the tables hold the same rows bit for bit (order
 * and partitioning aside). Building a snapshot fails if two rows share a key, so equality also means "every key
 * exactly once".
 *
 * @param table   runs, checkpoints or best_lr
 * @param columns the columns compared, in table order
 * @param rows    key -> canonical row
 */
public record TableSnapshot(String table, List<String> columns, TreeMap<String, String> rows) {
    /** Columns that differ between two correct runs of the same sweep: where and when a run ran, and how long. */
    public static final Set<String> RUN_DEPENDENT = Set.of("wall_seconds", "completed_at", "executor_host");

    /** The key columns of each table: a row per run, per run and checkpoint epoch, per configuration. */
    public static List<String> keyOf(String table) {
        return switch (table) {
            case "runs" -> List.of("run_id");
            case "checkpoints" -> List.of("run_id", "epoch");
            case "best_lr" -> List.of("dataset", "depth", "shortcut", "width", "activation", "positions", "init", "init_scale",
                    "epochs", "hessian", "store_spectrum", "store_weights", "test_data", "stop");
            default -> throw new IllegalArgumentException("table: " + table);
        };
    }

    /** Reads {@code dir/table} (as {@code resweep sql} does) with a local Spark session of this JVM (started if none is active). */
    public static TableSnapshot read(Path dir, String table) throws IOException {
        return read(dir.toAbsolutePath().toUri().toString(), table);
    }

    /** {@link #read(Path, String)} of a sweep directory given as a path or URI (e.g. {@code hdfs://…}). */
    public static TableSnapshot read(String dir, String table) throws IOException {
        SparkSession spark = SparkSessions.start("local[1]", "resweep IT reader");
        TableSchema schema = switch (table) {
            case "runs" -> ResultSchema.RUNS;
            case "checkpoints" -> ResultSchema.CHECKPOINTS;
            default -> ResultSchema.BEST_LR;
        };
        var df = SweepTables.read(spark, dir, schema); // the declared schema, as `resweep sql` reads it
        List<String> cols = new ArrayList<>();
        for (StructField f : df.schema().fields()) if (!RUN_DEPENDENT.contains(f.name())) cols.add(f.name());
        List<String> key = keyOf(table);
        TreeMap<String, String> rows = new TreeMap<>();
        for (Row r : df.collectAsList()) {
            StringBuilder k = new StringBuilder(), v = new StringBuilder();
            for (String c : key) k.append(c).append('=').append(text(r.get(r.fieldIndex(c)))).append(' ');
            for (String c : cols) v.append(c).append('=').append(text(r.get(r.fieldIndex(c)))).append('\n');
            String old = rows.put(k.toString().trim(), v.toString());
            if (old != null) fail(table + ": two rows with key " + k);
        }
        return new TableSnapshot(table, cols, rows);
    }

    /**
     * A value as text: doubles as their raw bits (so -0.0, NaN payloads and the last ulp count), lists element-wise,
     * JDBC arrays too (for the DuckDB comparison).
     */
    public static String text(Object o) {
        if (o == null) return "null";
        if (o instanceof Double d) return "0x" + Long.toHexString(Double.doubleToRawLongBits(d));
        if (o instanceof scala.collection.Seq<?> s) {
            return text(scala.jdk.javaapi.CollectionConverters.asJava(s));
        }
        if (o instanceof java.sql.Array a) {
            try {
                return text(java.util.Arrays.asList((Object[]) a.getArray()));
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        if (o instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (Object e : l) b.append(text(e)).append(',');
            return b.append(']').toString();
        }
        return o.toString();
    }

    /** Asserts that {@code other} holds the same rows, naming the first differing key and column. */
    public void assertSameAs(TableSnapshot other, String what) {
        assertEquals(columns, other.columns, what + ": columns of " + table);
        assertEquals(rows.keySet(), other.rows.keySet(), what + ": keys of " + table);
        for (var e : rows.entrySet()) {
            String theirs = other.rows.get(e.getKey());
            if (!e.getValue().equals(theirs)) {
                String[] a = e.getValue().split("\n"), b = theirs.split("\n");
                for (int i = 0; i < a.length; i++) {
                    if (!a[i].equals(b[i])) fail(what + ": " + table + " row " + e.getKey() + " differs: " + a[i] + " vs " + b[i]);
                }
            }
        }
    }
}
