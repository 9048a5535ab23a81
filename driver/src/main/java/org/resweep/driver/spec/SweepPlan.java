package org.resweep.driver.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.resweep.core.net.Activation;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.net.Position;
import org.resweep.core.train.RunConfig;

/**
 * The expansion of a {@link SweepSpec} into tasks, in a fixed order: nested loops over
 * variant, data, activation, positions, shortcut, depth, init, init_scale, learning_rate, seed (outermost first),
 * values in the order written in the spec. Positions collapse to one (none) for {@code linear}; a non-linear
 * activation with no positions is the linear network; init_scale collapses to 1 for inits other than
 * {@code small}. A configuration whose run id was already produced is merged (counted in {@link #duplicates}).
 * A (shortcut, depth) pair with depth not a multiple of the shortcut length is skipped with the reason.
 *
 * @param spec       the spec
 * @param tasks      tasks in expansion order
 * @param skipped    skipped points in expansion order, each once
 * @param duplicates configurations merged because an earlier point had the same run id
 */
public record SweepPlan(SweepSpec spec, List<PlannedRun> tasks, List<Skipped> skipped, int duplicates) {

    public SweepPlan {
        tasks = List.copyOf(tasks);
        skipped = List.copyOf(skipped);
    }

    /** Expands {@code spec}; pure and deterministic (no map iteration decides any order). */
    public static SweepPlan of(SweepSpec spec) {
        List<PlannedRun> tasks = new ArrayList<>();
        Map<String, Skipped> skipped = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        int duplicates = 0;
        for (Axes ax : spec.variants()) {
            for (DataSource ds : spec.data()) {
                for (Activation act : ax.activation()) {
                    List<Set<Position>> posList = act == Activation.LINEAR ? List.of(Set.of()) : ax.positions();
                    for (Set<Position> pos : posList) {
                        Activation effective = pos.isEmpty() ? Activation.LINEAR : act;
                        for (int shortcut : ax.shortcut()) {
                            for (int depth : ax.depth()) {
                                if (shortcut > 0 && depth % shortcut != 0) {
                                    String point = "data=" + ds.name() + " activation=" + effective.id() + " positions="
                                            + Axes.positionsText(pos) + " shortcut=" + shortcut + " depth=" + depth;
                                    skipped.putIfAbsent(point, new Skipped(point, "depth " + depth
                                            + " is not a multiple of shortcut length " + shortcut, runsPerNet(spec, ax)));
                                    continue;
                                }
                                NetworkSpec net = new NetworkSpec(depth, shortcut, spec.width(), effective, pos);
                                duplicates += expandNet(spec, ax, ds, net, tasks, seen);
                            }
                        }
                    }
                }
            }
        }
        return new SweepPlan(spec, tasks, new ArrayList<>(skipped.values()), duplicates);
    }

    /** The inner loops (init, init_scale, learning_rate, seed) for one network; returns the merged count. */
    private static int expandNet(SweepSpec spec, Axes ax, DataSource ds, NetworkSpec net, List<PlannedRun> tasks,
                                 Set<String> seen) {
        int dup = 0;
        for (InitKind init : ax.init()) {
            List<Double> scales = init == InitKind.SMALL ? ax.initScale() : List.of(1.0);
            for (double scale : scales) {
                for (double lr : ax.learningRate()) {
                    for (int rep = 0; rep < spec.seeds(); rep++) {
                        RunConfig c = new RunConfig(ds.name(), net, init, scale, lr, spec.epochs(), rep,
                                spec.hessian(), spec.spectra(), spec.weights(), spec.testDataName(), spec.stop());
                        if (!seen.add(c.runId())) {
                            dup++;
                            continue;
                        }
                        tasks.add(new PlannedRun(c, CostModel.run(c, ds.samples(), spec.testData() == null ? 0 : spec.testData().samples()),
                                CostModel.checkpoints(c, ds.samples())));
                    }
                }
            }
        }
        return dup;
    }

    /** Runs of one network; at most the spec's run bound ({@link SweepSpec#MAX_RUNS}), so an int. */
    private static int runsPerNet(SweepSpec spec, Axes ax) {
        int perInit = 0;
        for (InitKind k : ax.init()) perInit += k == InitKind.SMALL ? ax.initScale().size() : 1;
        return Math.toIntExact(Math.multiplyExact(Math.multiplyExact((long) perInit, ax.learningRate().size()), spec.seeds()));
    }

    /**
     * Refuses a plan without tasks: every point of the grid was skipped, so a run would create an empty sweep.
     *
     * @param source the spec's file name (prefixes the message), or null
     * @throws SpecException naming the skipped points' count and the first reason
     */
    public void requireTasks(String source) {
        if (!tasks.isEmpty()) return;
        String why = skipped.isEmpty() ? "the grid is empty"
                : skipped.size() + " point(s), " + skippedRuns() + " run(s); e.g. " + skipped.get(0).point() + ": "
                        + skipped.get(0).reason();
        SpecException e = new SpecException("axes", "every point was skipped (" + why + ")",
                "a grid with at least one run (with shortcut length n > 0 the depth must be a multiple of n; "
                        + "plain networks, shortcut 0, take any depth)");
        throw source == null ? e : e.withSource(source);
    }

    /** Runs that skipped points would have held. */
    public long skippedRuns() { return skipped.stream().mapToLong(Skipped::runs).sum(); }

    /** Sum of the tasks' estimated costs. */
    public double totalCost() { return tasks.stream().mapToDouble(PlannedRun::cost).sum(); }

    /** Tasks longest-first (ties by run id), the order in which to submit them. */
    public List<PlannedRun> longestFirst() {
        return tasks.stream().sorted(Comparator.comparingDouble(PlannedRun::cost).reversed()
                .thenComparing(t -> t.config().runId())).toList();
    }
}
