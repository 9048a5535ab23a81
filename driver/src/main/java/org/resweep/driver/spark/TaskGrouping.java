package org.resweep.driver.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import org.resweep.core.train.RunConfig;
import org.resweep.driver.spec.PlannedRun;

/**
 * Turns runs, already ordered longest-first, into Spark tasks. Every run is its own task, except that cheap runs are
 * packed — consecutively, so still longest-first — into groups ("guided" packing, as in guided self-scheduling):
 * a group is closed once its summed cost reaches
 *
 * <pre>
 *   target = clamp(remaining / (SPREAD · slots), minTaskCost, maxTaskCost)
 * </pre>
 *
 * where {@code remaining} is the cost of all runs not yet in a group (this one included) and {@code slots} the
 * number of tasks Spark runs at once. While much work remains, cheap runs thus go into tasks of up to
 * {@code maxTaskCost} (few tasks, few part files, Spark's and Parquet's per-task cost amortised over many runs); towards
 * the end of the sweep the groups shrink to {@code minTaskCost}, so the last tasks are short and the makespan stays
 * near {@code max(total/slots, longest run)}. A run costing at least the target is a task of its own.
 * {@code minTaskCost = 0} disables packing (one run per task).
 */
public final class TaskGrouping {
    /**
     * Default grouping threshold of {@code resweep run} and {@code reproduce}, in cost-model seconds: the smallest
     * group of cheap runs, at the end of a sweep. Spark's ~2 ms per-task overhead then costs ≤ 4% there while the
     * last tasks stay short (measured: {@code benchmarks/results/sweep-bench-*.md}).
     */
    public static final String DEFAULT_MIN_TASK_COST = "0.05";

    /** Tasks per slot that the remaining work is spread over at least (guided packing's divisor). */
    public static final int SPREAD = 4;

    private TaskGrouping() {}

    /**
     * Packing by {@code minTaskCost} only ({@code maxTaskCost = minTaskCost}): groups of {@code minTaskCost} to about
     * {@code 2·minTaskCost}.
     *
     * @see #group(List, double, double, int, ToIntFunction, List)
     */
    public static List<TaskGroup> group(List<PlannedRun> ordered, double minTaskCost, ToIntFunction<String> attempt,
                                        List<Double> groupCost) {
        return group(ordered, minTaskCost, minTaskCost, 1, attempt, groupCost);
    }

    /**
     * @param ordered     runs in submission order (longest first) with their estimated cost (same units as the
     *                    task costs); Not modified.
     * @param minTaskCost smallest target of a group; ≤ 0: one run per task
     * @param maxTaskCost largest target of a group (raised to {@code minTaskCost} if smaller)
     * @param slots       tasks running at once (executor cores), ≥ 1
     * @param attempt     the attempt number of a run's row
     * @param groupCost   receives the summed cost of each group, in group order
     */
    public static List<TaskGroup> group(List<PlannedRun> ordered, double minTaskCost, double maxTaskCost, int slots,
                                        ToIntFunction<String> attempt, List<Double> groupCost) {
        List<TaskGroup> out = new ArrayList<>();
        if (!(minTaskCost > 0)) {
            for (PlannedRun p : ordered) {
                out.add(group(List.of(p.config()), attempt));
                groupCost.add(p.cost());
            }
            return out;
        }
        double max = Math.max(minTaskCost, maxTaskCost), divisor = (double) SPREAD * Math.max(1, slots);
        double remaining = 0;
        for (PlannedRun p : ordered) remaining += p.cost();
        List<RunConfig> cur = new ArrayList<>();
        double curCost = 0, target = 0;
        for (PlannedRun p : ordered) {
            if (cur.isEmpty()) target = Math.min(max, Math.max(minTaskCost, remaining / divisor));
            cur.add(p.config());
            curCost += p.cost();
            if (curCost >= target) {
                out.add(group(cur, attempt));
                groupCost.add(curCost);
                remaining -= curCost;
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
