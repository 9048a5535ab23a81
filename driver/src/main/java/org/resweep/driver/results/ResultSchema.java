package org.resweep.driver.results;

import static org.resweep.driver.results.ColumnType.BOOLEAN;
import static org.resweep.driver.results.ColumnType.DOUBLE;
import static org.resweep.driver.results.ColumnType.DOUBLE_ARRAY;
import static org.resweep.driver.results.ColumnType.INT;
import static org.resweep.driver.results.ColumnType.STRING;

import java.util.List;

/**
 * The result tables of a sweep directory (docs/results-schema.md), declared once. Spark and Parquet schemas, the golden file
 * {@code driver/src/test/resources/results-schema-v1.txt} and {@code docs/results-schema.md} all follow this class.
 * Any change to a table bumps {@link #VERSION} (stored in every row as {@code schema_version}).
 */
public final class ResultSchema {
    private ResultSchema() {}

    /** Version of the tables' layout. */
    public static final int VERSION = 1;

    /** The Hessian statistic names of docs/model.md §5, in column order (prefix {@code init_}/{@code end_} in runs). */
    public static final List<String> STATS = List.of("max_abs_eig", "p10_abs_eig", "min_abs_eig", "cond", "index",
            "trace", "min_eig", "max_eig");

    public static final TableSchema RUNS = runs();
    public static final TableSchema CHECKPOINTS = checkpoints();
    public static final TableSchema BEST_LR = bestLr();

    public static List<TableSchema> all() { return List.of(RUNS, CHECKPOINTS, BEST_LR); }

    private static TableSchema runs() {
        TableSchema.Builder b = new TableSchema.Builder("runs")
                .req("run_id", STRING, "16 hex digits of SHA-256 of the configuration's canonical text (RunConfig.runId())")
                .req("sweep_id", STRING, "the sweep this row was run for (see sweep.json)")
                .addAll(ConfigColumns.columns())
                .req("status", STRING, "ok, diverged or failed")
                .req("message", STRING, "empty, or what went wrong / where the run diverged")
                .opt("initial_loss", DOUBLE, "loss at epoch 0")
                .opt("final_loss", DOUBLE, "loss at the last epoch reached (non-finite or huge when diverged)")
                .opt("min_loss", DOUBLE, "lowest loss seen")
                .opt("final_grad_norm", DOUBLE, "gradient norm at the last epoch reached")
                .req("epochs_run", INT, "gradient steps actually taken")
                .opt("diverged_epoch", INT, "epoch at which divergence was detected (null unless diverged)")
                .opt("l_star", DOUBLE, "best loss of any linear map on this data set, L* (docs/model.md §4)");
        for (String p : List.of("init", "end")) {
            for (String s : STATS) {
                b.opt(p + "_" + s, DOUBLE, s + " of the Hessian at " + (p.equals("init") ? "epoch 0" : "the last Hessian checkpoint"));
            }
        }
        return b.opt("end_hessian_epoch", INT, "epoch of the last Hessian checkpoint (null if none)")
                .opt("loss_curve", DOUBLE_ARRAY, "loss at epochs 0..epochs_run")
                .opt("grad_norm_curve", DOUBLE_ARRAY, "gradient norm at epochs 0..epochs_run")
                .req("wall_seconds", DOUBLE, "wall time of the run on its executor")
                .req("loss_path", STRING, "moment or data (how the loss was evaluated); empty if failed early")
                .req("eigen_backend", STRING, "eigen backend name, empty when no Hessian was computed")
                .req("data_hash", STRING, "content hash of the raw data files")
                .req("code_version", STRING, "resweep version and git commit that produced the row: VERSION+gCOMMIT[.dirty] (docs/output.md)")
                .req("spark_version", STRING, "Spark version of the driver")
                .req("java_version", STRING, "Java version of the executor that ran the task")
                .req("ejml_version", STRING, "EJML version on the executor")
                .req("os_arch", STRING, "os.name/os.arch of the executor")
                .req("executor_host", STRING, "host name of the executor")
                .req("completed_at", STRING, "UTC time (ISO-8601) at which the driver committed the row")
                .req("schema_version", INT, "layout version of this table (ResultSchema.VERSION)")
                .build();
    }

    private static TableSchema checkpoints() {
        TableSchema.Builder b = new TableSchema.Builder("checkpoints")
                .req("run_id", STRING, "the run (join with runs.run_id)")
                .req("sweep_id", STRING, "the sweep")
                .req("epoch", INT, "gradient steps taken (0 = initialisation)")
                .opt("loss", DOUBLE, "loss at that epoch")
                .opt("grad_norm", DOUBLE, "Euclidean norm of the gradient")
                .req("has_hessian", BOOLEAN, "whether the Hessian statistics were computed at this checkpoint");
        for (String s : STATS) b.opt(s, DOUBLE, "Hessian " + s + " (docs/model.md §5); null without Hessian");
        return b.opt("spectrum", DOUBLE_ARRAY, "all Hessian eigenvalues ascending, when the run stores spectra")
                .req("schema_version", INT, "layout version of this table")
                .build();
    }

    private static TableSchema bestLr() {
        TableSchema.Builder b = new TableSchema.Builder("best_lr");
        for (ConfigColumns.Field f : ConfigColumns.FIELDS) {
            if (ConfigColumns.GROUP_KEY.contains(f.column().name())) b.addAll(List.of(f.column()));
        }
        return b.opt("best_lr", DOUBLE, "learning rate with the lowest mean final loss over seeds (ties: the smaller rate); null if every run failed")
                .opt("mean_final_loss", DOUBLE, "mean final loss over the seeds at best_lr; +Infinity if a seed diverged")
                .opt("std_final_loss", DOUBLE, "sample standard deviation (n-1) at best_lr; null if n_seeds < 2 or a seed diverged")
                .req("n_seeds", INT, "seeds with a result (ok or diverged) at best_lr")
                .req("n_diverged", INT, "seeds that diverged at best_lr")
                .req("n_failed", INT, "seeds that failed at best_lr (not counted in the mean)")
                .req("n_lrs", INT, "learning rates of this configuration's grid found in runs")
                .req("min_lr", DOUBLE, "smallest learning rate of the grid")
                .req("max_lr", DOUBLE, "largest learning rate of the grid")
                .req("lr_at_edge", BOOLEAN, "best_lr is min_lr or max_lr (widen the grid); true when n_lrs = 1")
                .opt("l_star", DOUBLE, "L*: best loss of any linear map on the data set (docs/model.md §4)")
                .opt("gap", DOUBLE, "mean_final_loss - l_star")
                .req("schema_version", INT, "layout version of this table")
                .build();
    }
}
