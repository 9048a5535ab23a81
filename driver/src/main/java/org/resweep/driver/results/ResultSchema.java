package org.resweep.driver.results;

import static org.resweep.driver.results.ColumnType.BOOLEAN;
import static org.resweep.driver.results.ColumnType.DOUBLE;
import static org.resweep.driver.results.ColumnType.DOUBLE_ARRAY;
import static org.resweep.driver.results.ColumnType.INT;
import static org.resweep.driver.results.ColumnType.STRING;
import static org.resweep.driver.results.ColumnType.TIMESTAMP;

import java.util.List;

/**
 * The result tables of a sweep directory (docs/results-schema.md), declared once. Spark and Parquet schemas, the golden file
 * {@code driver/src/test/resources/results-schema-v<VERSION>.txt} and {@code docs/results-schema.md} all follow this class.
 * Any change to a table bumps {@link #VERSION} (stored in every row as {@code schema_version}).
 */
public final class ResultSchema {
    private ResultSchema() {}

    /**
     * Version of the tables' layout. 2: more Hessian statistics ({@link #STAT_COLUMNS}); {@code runs.completed_at} is a
     * timestamp (was ISO-8601 text); {@code best_lr} carries {@code sweep_id} and {@code sweep}. Version-1 directories
     * still read: readers project each file's layout onto the current one ({@code docs/results-schema.md}, "Older
     * sweep directories").
     * {@code runs.attempt} counts executions of a run id ({@code run --retry-failed}; older directories read as 1).
     * 3: configuration column {@code stop} (the convergence rule; older directories read as '').
     */
    public static final int VERSION = 3;

    /**
     * One Hessian statistic ({@code org.resweep.core.eig.SpectrumStats}): a column of {@code checkpoints}, and of
     * {@code runs} with prefix {@code init_}/{@code end_}.
     *
     * @param name column name
     * @param type DOUBLE or INT
     * @param doc  its definition
     */
    public record Stat(String name, ColumnType type, String doc) {}

    /** The Hessian statistics in column order; definitions in {@code docs/model.md} §5 and {@code docs/results-schema.md}. */
    public static final List<Stat> STAT_COLUMNS = List.of(
            new Stat("max_abs_eig", DOUBLE, "max |λ|"),
            new Stat("p10_abs_eig", DOUBLE, "10th percentile of |λ| (NumPy's default linear interpolation)"),
            new Stat("min_abs_eig", DOUBLE, "min |λ|"),
            new Stat("cond", DOUBLE, "max_abs_eig / p10_abs_eig, the paper's condition number (+Infinity when p10_abs_eig = 0)"),
            new Stat("index", DOUBLE, "fraction of λ < −τ, τ = P·2⁻⁵²·max_abs_eig (the paper's index, above rounding noise)"),
            new Stat("trace", DOUBLE, "Σλ"),
            new Stat("min_eig", DOUBLE, "smallest λ"),
            new Stat("max_eig", DOUBLE, "largest λ"),
            new Stat("index_raw", DOUBLE, "fraction of λ < 0"),
            new Stat("index_1e6", DOUBLE, "fraction of λ < −1e-6·max_abs_eig"),
            new Stat("index_1e3", DOUBLE, "fraction of λ < −1e-3·max_abs_eig"),
            new Stat("neg_mass", DOUBLE, "Σ over λ < 0 of |λ| / Σ|λ| (0 when every λ is 0)"),
            new Stat("top_r", INT, "r = d², the number of largest |λ| that index_top and cond_top look at"),
            new Stat("index_top", DOUBLE, "fraction of λ < 0 among the r largest |λ| (ties: the smaller λ first)"),
            new Stat("cond_top", DOUBLE, "max_abs_eig / r-th largest |λ| (+Infinity when that is 0)"),
            new Stat("n_flat", INT, "number of λ with |λ| ≤ 1e-6·max_abs_eig"));

    /** The names of {@link #STAT_COLUMNS}, in column order. */
    public static final List<String> STATS = STAT_COLUMNS.stream().map(Stat::name).toList();

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
                .req("attempt", INT, "1 for a run's first execution, n for its n-th (`run --retry-failed` reruns failed runs; "
                        + "the table keeps the current row only)")
                .req("message", STRING, "empty, or what went wrong / where the run diverged")
                .opt("initial_loss", DOUBLE, "loss at epoch 0")
                .opt("final_loss", DOUBLE, "loss at the last epoch reached (non-finite or huge when diverged)")
                .opt("min_loss", DOUBLE, "lowest loss seen")
                .opt("final_grad_norm", DOUBLE, "gradient norm at the last epoch reached")
                .req("epochs_run", INT, "gradient steps actually taken")
                .opt("diverged_epoch", INT, "epoch at which divergence was detected (null unless diverged)")
                .opt("escape_epoch", INT, "first epoch whose loss is below 0.9 × initial_loss (the end of the initial plateau); null if none")
                .opt("l_star", DOUBLE, "best loss of any linear map on this data set, L* (docs/model.md §4)")
                .opt("test_loss", DOUBLE, "loss on test_data with the final weights (null without test_data or with non-finite weights)")
                .opt("test_accuracy", DOUBLE, "fraction of test_data samples whose largest output is their class (ties: smallest class)");
        for (String p : List.of("init", "end")) {
            for (Stat s : STAT_COLUMNS) {
                b.opt(p + "_" + s.name(), s.type(), s.name() + " of the Hessian at "
                        + (p.equals("init") ? "epoch 0" : "the last Hessian checkpoint"));
            }
        }
        return b.opt("end_hessian_epoch", INT, "epoch of the last Hessian checkpoint (null if none)")
                .opt("loss_curve", DOUBLE_ARRAY, "loss at epochs 0..epochs_run")
                .opt("grad_norm_curve", DOUBLE_ARRAY, "gradient norm at epochs 0..epochs_run")
                .opt("weight_norm_curve", DOUBLE_ARRAY, "mean Frobenius norm of the L weight matrices at epochs 0..epochs_run")
                .req("wall_seconds", DOUBLE, "wall time of the run on its executor (a split run: the sum of its training and checkpoint tasks')")
                .req("loss_path", STRING, "moment or data (how the loss was evaluated); empty if failed early")
                .req("eigen_backend", STRING, "eigen backend name, empty when no Hessian was computed (spectra from several backends — a split run's executors, or dsyevd_2stage's run-time fallback to dsyevd or EJML: the names, sorted, comma-separated)")
                .req("data_hash", STRING, "content hash of the raw data files")
                .req("code_version", STRING, "resweep version and git commit that produced the row: VERSION+gCOMMIT[.dirty] (docs/output.md)")
                .req("spark_version", STRING, "Spark version of the driver")
                .req("java_version", STRING, "Java version of the executor that ran the task")
                .req("ejml_version", STRING, "EJML version on the executor")
                .req("os_arch", STRING, "os.name/os.arch of the executor")
                .req("executor_host", STRING, "host name of the executor (a split run: of its training task)")
                .req("completed_at", TIMESTAMP, "instant (UTC, millisecond precision) at which the executor finished the run and wrote its row (a split run: at which the driver assembled its rows)")
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
        for (Stat s : STAT_COLUMNS) b.opt(s.name(), s.type(), "Hessian: " + s.doc() + "; null without Hessian");
        return b.opt("spectrum", DOUBLE_ARRAY, "all Hessian eigenvalues ascending, when the run stores spectra")
                .opt("weight_norm_mean", DOUBLE, "mean over the L layers of the Frobenius norm ‖W[l]‖_F")
                .opt("weight_norm_max", DOUBLE, "max over the L layers of ‖W[l]‖_F")
                .opt("unit_product_norm_mean", DOUBLE, "mean over residual units (layer pairs if plain) of ‖W[k,n]⋯W[k,1]‖_F")
                .opt("weights", DOUBLE_ARRAY, "the P weights (layer-major, column-major in a matrix), when the run stores weights")
                .req("schema_version", INT, "layout version of this table")
                .build();
    }

    private static TableSchema bestLr() {
        TableSchema.Builder b = new TableSchema.Builder("best_lr")
                .req("sweep_id", STRING, "the sweep (see sweep.json)")
                .req("sweep", STRING, "the sweep's name (sweep.json)");
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
