package org.resweep.jobs;

import java.io.IOException;
import org.apache.hadoop.fs.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.resweep.driver.results.ResultSchema;
import org.resweep.driver.spark.BestLrJob;
import org.resweep.driver.spark.SweepTables;
import org.resweep.driver.store.ParquetPartWriter;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.store.SweepDirectoryException;
import org.resweep.driver.store.SweepFs;

/**
 * The end-of-command warning of {@code run} and {@code aggregate} when best learning rates sit on the edge of their
 * grid ({@code best_lr.lr_at_edge}): the true optimum may lie outside the grid, so the grid should be widened.
 */
public final class GridEdge {
    private GridEdge() {}

    /** The one-line warning for {@code n} of {@code total} configurations at the edge, or empty when none is. */
    public static Optional<String> warning(long atEdge, long total) {
        if (atEdge == 0) return Optional.empty();
        return Optional.of(String.format(Locale.ROOT, "resweep: warning: the best learning rate sits on the edge of its grid in "
                + "%d of %d configurations (best_lr.lr_at_edge): widen the learning_rate axis of the spec and rerun with --extend",
                atEdge, total));
    }

    /**
     * The warning for the stored {@code best_lr} of sweep directory {@code dir}, or empty. Configurations with a single
     * learning rate ({@code n_lrs = 1}, e.g. a sweep of spectra at initialisation with {@code epochs: 0}) have no grid
     * to widen and are not counted.
     */
    public static Optional<String> warning(SparkSession spark, Path dir) throws IOException {
        List<String> cols = List.of("lr_at_edge", "best_lr", "n_lrs");
        List<Object[]> all = onDriver(spark, dir, cols);
        if (all == null) {
            all = new ArrayList<>();
            for (Row r : SweepTables.readColumns(spark, dir, ResultSchema.BEST_LR, cols).collectAsList()) {
                all.add(new Object[] {r.isNullAt(0) ? null : r.getBoolean(0), r.isNullAt(1) ? null : r.getDouble(1),
                        r.isNullAt(2) ? null : r.getInt(2)});
            }
        }
        List<Object[]> rows = all.stream().filter(r -> r[2] == null || (Integer) r[2] > 1).toList();
        long edge = rows.stream().filter(r -> r[1] != null && (Boolean) r[0]).count();
        return warning(edge, rows.size());
    }

    /**
     * {@code cols} of the best_lr files read on the driver (no Spark SQL after a small sweep), or null when the table
     * has more than {@link BestLrJob#DRIVER_MAX_RUNS} rows or a file resweep cannot project.
     */
    private static List<Object[]> onDriver(SparkSession spark, Path dir, List<String> cols) throws IOException {
        SweepFs fs = new SweepFs(dir, spark.sparkContext().hadoopConfiguration());
        Path table = new Path(dir, ResultSchema.BEST_LR.name());
        List<Object[]> out = new ArrayList<>();
        for (String f : SweepDirectory.partNames(fs, table)) {
            List<Object[]> rows;
            try {
                rows = ParquetPartWriter.readColumns(fs.conf(), new Path(table, f), ResultSchema.BEST_LR, cols,
                        BestLrJob.DRIVER_MAX_RUNS - out.size());
            } catch (SweepDirectoryException e) {
                return null;
            }
            if (rows == null) return null;
            out.addAll(rows);
        }
        return out;
    }
}
