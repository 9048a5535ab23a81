package org.resweep.jobs;

import java.io.IOException;
import org.apache.hadoop.fs.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.resweep.driver.results.ResultSchema;
import org.resweep.driver.spark.SweepTables;

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
        List<Row> rows = SweepTables.readColumns(spark, dir, ResultSchema.BEST_LR, List.of("lr_at_edge", "best_lr", "n_lrs"))
                .collectAsList().stream().filter(r -> r.isNullAt(2) || r.getInt(2) > 1).toList();
        long edge = rows.stream().filter(r -> !r.isNullAt(1) && r.getBoolean(0)).count();
        return warning(edge, rows.size());
    }
}
