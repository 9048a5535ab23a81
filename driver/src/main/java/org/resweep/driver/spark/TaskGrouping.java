package org.resweep.driver.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import org.resweep.core.train.RunConfig;
import org.resweep.driver.spec.PlannedRun;

/**
 * Turns runs, already ordered longest-first, into Spark tasks. Every run is its own task, except that runs cheaper
 * than {@code minTaskCost} are packed — consecutively, so still longest-first — into groups whose summed cost
 * reaches {@code minTaskCost}. This amortises Spark's per-task overhead over very cheap runs while keeping every
 * group at most about {@code 2·minTaskCost}, so the makespan stays near {@code max(total/cores, longest run)}.
 * {@code minTaskCost = 0} disables grouping.
 */
public final class TaskGrouping {
    /**
     * Default grouping threshold of {@code resweep run} and {@code reproduce}, in cost-model seconds: runs estimated
     * below 50 ms are packed into tasks of 50–100 ms, so Spark's ~2 ms per-task overhead costs ≤ 4% while the last
     * tasks of a sweep stay short (measured: {@code benchmarks/results/sweep-bench-*.md}).
     */
    public static final String DEFAULT_MIN_TASK_COST = "0.05";

    private TaskGrouping() {}

    /**
     * @param ordered  runs in submission order (longest first) with their estimated cost (same units as minTaskCost);
     *                 Not modified.
     * @param attempt  the attempt number of a run's row
     * @param groupCost receives the summed cost of each group, in group order
     */
    public static List<TaskGroup> group(List<PlannedRun> ordered, double minTaskCost, ToIntFunction<String> attempt,
                                        List<Double> groupCost) {
        List<TaskGroup> out = new ArrayList<>();
        List<RunConfig> cur = new ArrayList<>();
        double curCost = 0;
        for (PlannedRun p : ordered) {
            cur.add(p.config());
            curCost += p.cost();
            if (curCost >= minTaskCost) {
                out.add(group(cur, attempt));
                groupCost.add(curCost);
                cur = new ArrayList<>();
                curCost = 0;
            }
        }
        if (!cur.isEmpty()) {
            out.add(group(cur, attempt));
            groupCost.add(curCost);
        }
        return out;
    }

    private static TaskGroup group(List<RunConfig> cs, ToIntFunction<String> attempt) {
        int[] a = new int[cs.size()];
        for (int i = 0; i < a.length; i++) a[i] = attempt.applyAsInt(cs.get(i).runId());
        return new TaskGroup(cs, a);
    }
}
