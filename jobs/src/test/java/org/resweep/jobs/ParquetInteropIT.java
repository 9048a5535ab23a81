package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.resweep.jobs.testing.ReferenceSweep;
import org.resweep.jobs.testing.TableSnapshot;

/**
 * The Parquet tables read the same in DuckDB as in Spark (docs/results-schema.md promises Spark SQL, DuckDB and
 * pandas): for runs, checkpoints and best_lr of a real sweep, the same keys and, in every column Spark has, the same
 * values bit for bit — doubles (including a diverged run's huge losses and best_lr's +Infinity mean), ints, bigints,
 * booleans, strings, nulls and lists of doubles.
 */
class ParquetInteropIT {
    @Test
    void duckDbReadsWhatSparkReads() throws Exception {
        Path dir = ReferenceSweep.dir();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
            for (String table : List.of("runs", "checkpoints", "best_lr")) {
                TableSnapshot spark = TableSnapshot.read(dir, table);
                TableSnapshot duck = read(db, dir, table, spark.columns());
                assertTrue(spark.rows().size() > 0, table);
                spark.assertSameAs(duck, "DuckDB vs Spark");
            }
            try (Statement st = db.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*), max(mean_final_loss) FROM read_parquet('"
                         + dir.resolve("best_lr") + "/*.parquet') WHERE n_diverged > 0")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getLong(1), "one configuration diverged");
                assertEquals(Double.POSITIVE_INFINITY, rs.getDouble(2), "its mean final loss is +Infinity");
            }
        }
    }

    /** A table read by DuckDB, as a snapshot of the given columns (keyed as {@link TableSnapshot} keys it). */
    private static TableSnapshot read(Connection db, Path dir, String table, List<String> columns) throws Exception {
        List<String> key = TableSnapshot.keyOf(table);
        TreeMap<String, String> rows = new TreeMap<>();
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM read_parquet('" + dir.resolve(table) + "/*.parquet')")) {
            while (rs.next()) {
                StringBuilder k = new StringBuilder(), v = new StringBuilder();
                for (String c : key) k.append(c).append('=').append(TableSnapshot.text(rs.getObject(c))).append(' ');
                for (String c : columns) v.append(c).append('=').append(TableSnapshot.text(rs.getObject(c))).append('\n');
                assertEquals(null, rows.put(k.toString().trim(), v.toString()), table + ": two rows with key " + k);
            }
        }
        return new TableSnapshot(table, columns, rows);
    }
}
