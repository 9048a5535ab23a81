package org.resweep.driver.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.resweep.core.train.RunConfig;

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
     * @param ordered runs in submission order (longest first); Not modified.
     * @param cost    estimated cost of a run (same units as minTaskCost)
     */
    public static List<TaskGroup> group(List<RunConfig> ordered, ToDoubleFunction<RunConfig> cost, double minTaskCost) {
        List<TaskGroup> out = new ArrayList<>();
        List<RunConfig> cur = new ArrayList<>();
        double curCost = 0;
        for (RunConfig c : ordered) {
            cur.add(c);
            curCost += cost.applyAsDouble(c);
            if (curCost >= minTaskCost) {
                out.add(new TaskGroup(cur));
                cur = new ArrayList<>();
                curCost = 0;
            }
        }
        if (!cur.isEmpty()) out.add(new TaskGroup(cur));
        return out;
    }
}
