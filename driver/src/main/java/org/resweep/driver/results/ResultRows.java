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
 */
public final class ResultRows {
    private ResultRows() {}

    /** The runs row of one executed run. {@code lStar} may be null (unknown data set); {@code completedAt}: commit time. */
    public static Object[] runRow(ExecutedRun e, SweepProvenance p, Double lStar, Instant completedAt) {
        RunResult r = e.result();
        RunConfig c = r.config();
        List<Object> v = new ArrayList<>(ResultSchema.RUNS.columns().size());
        v.add(c.runId());
        v.add(p.sweepId());
        for (ConfigColumns.Field f : ConfigColumns.FIELDS) v.add(f.get().apply(c));
        v.add(r.status());
        v.add(r.message() == null ? "" : r.message());
        v.add(r.initialLoss());
        v.add(r.finalLoss());
        v.add(r.minLoss());
        v.add(r.finalGradNorm());
        v.add(r.epochsRun());
        v.add(r.divergedEpoch() < 0 ? null : r.divergedEpoch());
        v.add(lStar);
        Checkpoint first = null, last = null;
        for (Checkpoint cp : r.checkpoints() == null ? List.<Checkpoint>of() : r.checkpoints()) {
            if (cp.stats() == null) continue;
            if (cp.epoch() == 0) first = cp;
            if (last == null || cp.epoch() >= last.epoch()) last = cp;
        }
        addStats(v, first == null ? null : first.stats());
        addStats(v, last == null ? null : last.stats());
        v.add(last == null ? null : last.epoch());
        v.add(r.lossCurve());
        v.add(r.gradNormCurve());
        v.add(r.wallSeconds());
        v.add(nz(r.lossPath()));
        v.add(nz(r.eigenBackend()));
        v.add(nz(r.dataHash()));
        v.add(p.codeVersion());
        v.add(p.sparkVersion());
        v.add(nz(e.javaVersion()));
        v.add(nz(e.ejmlVersion()));
        v.add(nz(e.osArch()));
        v.add(nz(e.host()));
        v.add(completedAt);
        v.add(ResultSchema.VERSION);
        return check(ResultSchema.RUNS, v);
    }

    /** One checkpoints row per checkpoint of the run, ascending by epoch. */
    public static List<Object[]> checkpointRows(ExecutedRun e, String sweepId) {
        RunResult r = e.result();
        List<Object[]> out = new ArrayList<>();
        if (r.checkpoints() == null) return out;
        String runId = r.config().runId();
        for (Checkpoint cp : r.checkpoints()) {
            List<Object> v = new ArrayList<>(ResultSchema.CHECKPOINTS.columns().size());
            v.add(runId);
            v.add(sweepId);
            v.add(cp.epoch());
            v.add(cp.loss());
            v.add(cp.gradNorm());
            v.add(cp.stats() != null);
            addStats(v, cp.stats());
            v.add(cp.spectrum());
            v.add(ResultSchema.VERSION);
            out.add(check(ResultSchema.CHECKPOINTS, v));
        }
        return out;
    }

    private static void addStats(List<Object> v, SpectrumStats s) {
        if (s == null) {
            for (int i = 0; i < ResultSchema.STATS.size(); i++) v.add(null);
            return;
        }
        v.add(s.maxAbsEig());
        v.add(s.p10AbsEig());
        v.add(s.minAbsEig());
        v.add(s.cond());
        v.add(s.index());
        v.add(s.trace());
        v.add(s.minEig());
        v.add(s.maxEig());
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
