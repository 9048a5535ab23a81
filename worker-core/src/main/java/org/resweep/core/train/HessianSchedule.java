package org.resweep.core.train;

import java.util.TreeSet;

/**
 * When a run computes the exact Hessian and its spectrum (docs/model.md §5). Epoch {@code t} means the weights after
 * {@code t} gradient steps (epoch 0 = initialisation).
 *
 * <p>Unless {@code enabled} is false, the schedule always holds epoch 0 and the last epoch; {@code every > 0} adds
 * every {@code every}-th epoch up to {@code everyUntil} (0 = to the end); {@code logCount > 0} adds
 * {@code logCount} epochs spaced evenly in log10 between 1 and the last epoch (rounded, duplicates merged).
 *
 * @param enabled    false: no Hessian at all
 * @param every      0, or the spacing of regular checkpoints
 * @param everyUntil 0 (= last epoch), or the last epoch of the regular part
 * @param logCount   0, or the number of log-spaced checkpoints
 */
public record HessianSchedule(boolean enabled, int every, int everyUntil, int logCount) implements java.io.Serializable {
    public static final HessianSchedule NONE = new HessianSchedule(false, 0, 0, 0);
    public static final HessianSchedule INIT_AND_END = new HessianSchedule(true, 0, 0, 0);

    public HessianSchedule {
        if (every < 0) throw new IllegalArgumentException("hessian.every: " + every + " is not allowed; must be ≥ 0");
        if (everyUntil < 0) throw new IllegalArgumentException("hessian.every_until: " + everyUntil + " is not allowed; must be ≥ 0");
        if (logCount < 0) throw new IllegalArgumentException("hessian.log_count: " + logCount + " is not allowed; must be ≥ 0");
        if (!enabled && (every != 0 || everyUntil != 0 || logCount != 0)) {
            throw new IllegalArgumentException("hessian: a disabled schedule takes no every/log_count");
        }
    }

    public static HessianSchedule every(int k) { return new HessianSchedule(true, k, 0, 0); }

    public static HessianSchedule logSpaced(int count) { return new HessianSchedule(true, 0, 0, count); }

    /** The checkpoint epochs for a run of {@code epochs} steps, ascending. */
    public int[] epochs(int epochs) {
        if (!enabled) return new int[0];
        TreeSet<Integer> s = new TreeSet<>();
        s.add(0);
        s.add(epochs);
        if (every > 0) {
            int until = everyUntil == 0 ? epochs : Math.min(everyUntil, epochs);
            for (int t = every; t <= until; t += every) s.add(t);
        }
        if (logCount > 0 && epochs >= 1) {
            double top = StrictMath.log10(epochs);
            for (int i = 0; i < logCount; i++) {
                double e = logCount == 1 ? top : top * i / (logCount - 1);
                s.add((int) Math.min(epochs, Math.max(1, Math.round(StrictMath.pow(10, e)))));
            }
        }
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The number of checkpoint epochs for a run of {@code epochs} steps: {@code epochs(epochs).length}, computed
     * without building the list (constant memory, O(logCount) time), so planning can check and cost schedules whose
     * list would be huge ({@code every: 1} over 10⁸ epochs).
     */
    public long count(int epochs) {
        if (!enabled) return 0;
        long n = epochs == 0 ? 1 : 2; // 0 and the last epoch
        int until = everyUntil == 0 ? epochs : Math.min(everyUntil, epochs);
        if (every > 0) {
            n += until / every; // every, 2·every, … ≤ until
            if (epochs > 0 && until == epochs && epochs % every == 0) n--; // the last epoch, counted already
        }
        if (logCount > 0 && epochs >= 1) {
            double top = StrictMath.log10(epochs);
            int previous = -1;
            for (int i = 0; i < logCount; i++) {
                double e = logCount == 1 ? top : top * i / (logCount - 1);
                int t = (int) Math.min(epochs, Math.max(1, Math.round(StrictMath.pow(10, e))));
                if (t == previous) continue; // the log-spaced epochs never decrease: a repeat is the previous one
                previous = t;
                boolean regular = every > 0 && t <= until && t % every == 0;
                if (t != epochs && !regular) n++;
            }
        }
        return n;
    }

    /** Canonical text used in run ids: {@code none}, or {@code every=k,until=u,log=c}. */
    public String canonical() {
        return enabled ? "every=" + every + ",until=" + everyUntil + ",log=" + logCount : "none";
    }
}
