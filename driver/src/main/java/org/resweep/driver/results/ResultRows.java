package org.resweep.driver.results;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.resweep.core.eig.SpectrumStats;
import org.resweep.core.train.Checkpoint;
import org.resweep.core.train.RunConfig;
import org.resweep.core.train.RunResult;

/**
 * Turns results into table rows: {@code Object[]} aligned with {@link ResultSchema#RUNS} /
 * {@link ResultSchema#CHECKPOINTS}, holding {@code String, Integer, Long, Double, Boolean, double[], Instant} or null.
 * Rows are built by column name ({@link RowBuilder}), never by position.
 */
public final class ResultRows {
    private ResultRows() {}

    /** {@link #runRow(ExecutedRun, SweepProvenance, Double, Instant, int)} of a run's first execution. */
    public static Object[] runRow(ExecutedRun e, SweepProvenance p, Double lStar, Instant completedAt) {
        return runRow(e, p, lStar, completedAt, 1);
    }

    /**
     * The runs row of one executed run. {@code lStar} may be null (unknown data set); {@code completedAt} is the
     * instant its row was written; {@code attempt} is 1 for a run's first execution, n for its n-th.
     */
    public static Object[] runRow(ExecutedRun e, SweepProvenance p, Double lStar, Instant completedAt, int attempt) {
        RunResult r = e.result();
        RunConfig c = r.config();
        RowBuilder b = new RowBuilder(ResultSchema.RUNS)
                .set("run_id", c.runId())
                .set("sweep_id", p.sweepId());
        for (ConfigColumns.Field f : ConfigColumns.FIELDS) b.set(f.column().name(), f.get().apply(c));
        b.set("status", r.status())
                .set("attempt", attempt)
                .set("message", r.message() == null ? "" : r.message())
                .set("initial_loss", r.initialLoss())
                .set("final_loss", r.finalLoss())
                .set("min_loss", r.minLoss())
                .set("final_grad_norm", r.finalGradNorm())
                .set("epochs_run", r.epochsRun())
                .set("diverged_epoch", r.divergedEpoch() < 0 ? null : r.divergedEpoch())
                .set("escape_epoch", r.escapeEpoch() < 0 ? null : r.escapeEpoch())
                .set("l_star", lStar)
                .set("test_loss", finiteOrNull(r.testLoss()))
                .set("test_accuracy", finiteOrNull(r.testAccuracy()));
        Checkpoint first = null, last = null;
        for (Checkpoint cp : r.checkpoints() == null ? List.<Checkpoint>of() : r.checkpoints()) {
            if (cp.stats() == null) continue;
            if (cp.epoch() == 0) first = cp;
            if (last == null || cp.epoch() >= last.epoch()) last = cp;
        }
        setStats(b, "init_", first == null ? null : first.stats());
        setStats(b, "end_", last == null ? null : last.stats());
        return b.set("end_hessian_epoch", last == null ? null : last.epoch())
                .set("loss_curve", r.lossCurve())
                .set("grad_norm_curve", r.gradNormCurve())
                .set("weight_norm_curve", r.weightNormCurve())
                .set("wall_seconds", r.wallSeconds())
                .set("loss_path", nz(r.lossPath()))
                .set("eigen_backend", nz(r.eigenBackend()))
                .set("data_hash", nz(r.dataHash()))
                .set("code_version", p.codeVersion())
                .set("spark_version", p.sparkVersion())
                .set("java_version", nz(e.javaVersion()))
                .set("ejml_version", nz(e.ejmlVersion()))
                .set("os_arch", nz(e.osArch()))
                .set("executor_host", nz(e.host()))
                .set("completed_at", completedAt)
                .set("schema_version", ResultSchema.VERSION)
                .build();
    }

    /** One checkpoints row per checkpoint of the run, ascending by epoch. */
    public static List<Object[]> checkpointRows(ExecutedRun e, String sweepId) {
        RunResult r = e.result();
        List<Object[]> out = new ArrayList<>();
        if (r.checkpoints() == null) return out;
        String runId = r.config().runId();
        for (Checkpoint cp : r.checkpoints()) {
            RowBuilder b = new RowBuilder(ResultSchema.CHECKPOINTS)
                    .set("run_id", runId)
                    .set("sweep_id", sweepId)
                    .set("epoch", cp.epoch())
                    .set("loss", cp.loss())
                    .set("grad_norm", cp.gradNorm())
                    .set("has_hessian", cp.stats() != null);
            setStats(b, "", cp.stats());
            out.add(b.set("spectrum", cp.spectrum())
                    .set("weight_norm_mean", finiteOrNull(cp.weightNormMean()))
                    .set("weight_norm_max", finiteOrNull(cp.weightNormMax()))
                    .set("unit_product_norm_mean", finiteOrNull(cp.unitProductNormMean()))
                    .set("weights", cp.weights())
                    .set("schema_version", ResultSchema.VERSION)
                    .build());
        }
        return out;
    }

    /** Sets the columns {@code prefix + name} of every statistic in {@link ResultSchema#STATS} (null without Hessian). */
    private static void setStats(RowBuilder b, String prefix, SpectrumStats s) {
        for (String name : ResultSchema.STATS) b.set(prefix + name, s == null ? null : statistic(s, name));
    }

    /** NaN (not recorded) as null; other values, ±Infinity included, as they are. */
    private static Double finiteOrNull(double v) { return Double.isNaN(v) ? null : v; }

    /** The value of the statistic named {@code name} (one of {@link ResultSchema#STATS}): a Double, or an Integer for INT ones. */
    static Object statistic(SpectrumStats s, String name) {
        return switch (name) {
            case "max_abs_eig" -> s.maxAbsEig();
            case "p10_abs_eig" -> s.p10AbsEig();
            case "min_abs_eig" -> s.minAbsEig();
            case "cond" -> s.cond();
            case "index" -> s.index();
            case "trace" -> s.trace();
            case "min_eig" -> s.minEig();
            case "max_eig" -> s.maxEig();
            case "index_raw" -> s.indexRaw();
            case "index_1e6" -> s.index1e6();
            case "index_1e3" -> s.index1e3();
            case "neg_mass" -> s.negMass();
            case "top_r" -> Integer.valueOf(s.topR());
            case "index_top" -> s.indexTop();
            case "cond_top" -> s.condTop();
            case "n_flat" -> Integer.valueOf(s.nFlat());
            default -> throw new IllegalStateException("no statistic " + name);
        };
    }

    private static String nz(String s) { return s == null ? "" : s; }

    /** Checks arity, nullability and Java types against the schema (a programming error if it fails). */
    static Object[] check(TableSchema t, List<Object> v) {
        if (v.size() != t.columns().size()) {
            throw new IllegalStateException(t.name() + ": row has " + v.size() + " values for " + t.columns().size() + " columns");
        }
        for (int i = 0; i < v.size(); i++) {
            Column c = t.columns().get(i);
            Object o = v.get(i);
            if (o == null) {
                if (!c.nullable()) throw new IllegalStateException(t.name() + "." + c.name() + ": null in a required column");
                continue;
            }
            Class<?> want = switch (c.type()) {
                case STRING -> String.class;
                case INT -> Integer.class;
                case LONG -> Long.class;
                case DOUBLE -> Double.class;
                case BOOLEAN -> Boolean.class;
                case DOUBLE_ARRAY -> double[].class;
                case TIMESTAMP -> Instant.class;
            };
            if (!want.isInstance(o)) {
                throw new IllegalStateException(t.name() + "." + c.name() + ": " + o.getClass().getSimpleName() + " is not " + c.type());
            }
        }
        return v.toArray();
    }
}
