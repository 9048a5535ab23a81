package org.resweep.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.train.HessianSchedule;
import org.resweep.core.train.RunConfig;
import org.resweep.driver.spec.PlannedRun;

/**
 * Guided packing: every run exactly once and in order; one run per task at {@code minTaskCost = 0}; groups of up to
 * {@code maxTaskCost} while much work remains, shrinking to {@code minTaskCost} at the end; expensive runs alone.
 */
class TaskGroupingTest {
    private static List<PlannedRun> runs(double... costs) {
        List<PlannedRun> out = new ArrayList<>();
        for (int i = 0; i < costs.length; i++) {
            RunConfig c = new RunConfig("mnist10k", NetworkSpec.linear(2, 0, 10), InitKind.XAVIER,
                    1, 0.01, 10, i, HessianSchedule.NONE, false);
            out.add(new PlannedRun(c, costs[i]));
        }
        return out;
    }

    private static double[] repeat(int n, double cost) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, cost);
        return a;
    }

    private static List<RunConfig> flat(List<TaskGroup> groups) {
        List<RunConfig> out = new ArrayList<>();
        for (TaskGroup g : groups) out.addAll(g.configs());
        return out;
    }

    @Test
    void zeroMinimumMeansOneRunPerTask() {
        List<PlannedRun> in = runs(repeat(50, 0.001));
        List<Double> cost = new ArrayList<>();
        List<TaskGroup> g = TaskGrouping.group(in, 0, 2, 2, id -> 1, cost);
        assertEquals(50, g.size());
        assertEquals(in.stream().map(PlannedRun::config).toList(), flat(g));
        assertEquals(50, cost.size());
    }

    @Test
    void cheapRunsGoIntoLargeTasksFirstAndSmallOnesAtTheEnd() {
        // 10,000 runs of 10 ms = 100 s of work on 2 slots; groups of 0.05 s to 2 s
        List<PlannedRun> in = runs(repeat(10_000, 0.01));
        List<Double> cost = new ArrayList<>();
        List<TaskGroup> g = TaskGrouping.group(in, 0.05, 2, 2, id -> 7, cost);
        assertEquals(in.stream().map(PlannedRun::config).toList(), flat(g), "every run once, in order");
        assertEquals(g.size(), cost.size());
        assertTrue(g.stream().allMatch(t -> java.util.Arrays.stream(t.attempts()).allMatch(a -> a == 7)), "attempts");
        assertTrue(cost.get(0) >= 2 - 1e-9 && cost.get(0) <= 2.01 + 1e-9, "first group: maxTaskCost, to one run: " + cost.get(0));
        for (int i = 1; i < cost.size(); i++) {
            assertTrue(cost.get(i) <= cost.get(i - 1) + 0.01 + 1e-9, "non-increasing (to one run) at " + i + ": " + cost);
        }
        assertTrue(cost.get(cost.size() - 2) <= 0.06 + 1e-9, "the last groups have minTaskCost: " + cost);
        double remaining = 100;
        for (double c : cost) { // each group is the target of the work remaining before it, to one run
            double target = Math.min(2, Math.max(0.05, remaining / (TaskGrouping.SPREAD * 2)));
            assertTrue(c < target + 0.01 + 1e-9 && (c >= target - 1e-9 || c == cost.get(cost.size() - 1)), c + " vs target " + target);
            remaining -= c;
        }
        assertTrue(g.size() < 120, "few tasks for 10,000 runs: " + g.size());
    }

    @Test
    void expensiveRunsStayAloneAndSlotsWidenTheTail() {
        double[] costs = new double[205];
        for (int i = 0; i < 5; i++) costs[i] = 10 - i;
        for (int i = 5; i < costs.length; i++) costs[i] = 0.02;
        List<Double> cost = new ArrayList<>();
        List<TaskGroup> g = TaskGrouping.group(runs(costs), 0.05, 2, 2, id -> 1, cost);
        for (int i = 0; i < 5; i++) assertEquals(1, g.get(i).configs().size(), "run " + i + " alone");
        List<Double> more = new ArrayList<>();
        TaskGrouping.group(runs(costs), 0.05, 2, 8, id -> 1, more);
        assertTrue(more.size() > cost.size(), "more slots: more, smaller tasks (" + more.size() + " vs " + cost.size() + ")");
    }

    @Test
    void fourArgumentFormPacksToMinTaskCost() {
        List<Double> cost = new ArrayList<>();
        List<TaskGroup> g = TaskGrouping.group(runs(repeat(100, 0.02)), 0.05, id -> 1, cost);
        assertEquals(34, g.size(), "groups of 3 runs (0.06 s) and one of 1");
        for (int i = 0; i < g.size() - 1; i++) assertEquals(0.06, cost.get(i), 1e-9);
    }
}
