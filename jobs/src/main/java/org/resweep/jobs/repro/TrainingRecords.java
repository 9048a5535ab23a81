package org.resweep.jobs.repro;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.resweep.driver.results.ConfigColumns;

/**
 * What the runs' weight and loss records say beside the best-rate tables: the paper's Figures 2–3 (the deeper a
 * residual network, the smaller the average Frobenius norm of its weight matrices, during training and at its
 * end) and the escape from the initial saddle (n ≥ 3 starts at an (n−1)-th order saddle: from small init it
 * escapes late or never; {@code runs.escape_epoch} is the first epoch below 0.9 × the initial loss).
 */
final class TrainingRecords {
    private TrainingRecords() {}

    /**
     * One run.
     *
     * @param atBest     whether its learning rate is its configuration's best rate
     * @param normEnd    mean weight norm at the last epoch
     * @param normMean   time average of the mean weight norm over epochs 1..E (the "during training" statistic)
     * @param escape     escape epoch, or -1 if the loss never fell below 0.9 × initial
     * @param reach      first epoch whose loss is ≤ (1 + {@link #REACH})·L*, or -1 if none
     */
    record RunRec(String method, int shortcut, int depth, double lr, int replicate, String status, boolean atBest,
                  double normEnd, double normMean, int escape, int reach, String placement) {
        RunRec(String method, int shortcut, int depth, double lr, int replicate, String status, boolean atBest, double normEnd,
               double normMean, int escape, int reach) {
            this(method, shortcut, depth, lr, replicate, status, atBest, normEnd, normMean, escape, reach, "linear");
        }

        RunRec(String method, int shortcut, int depth, double lr, int replicate, String status, boolean atBest, double normEnd,
               double normMean, int escape) {
            this(method, shortcut, depth, lr, replicate, status, atBest, normEnd, normMean, escape, -1);
        }

        String key() { return TrainingRecords.key(method, placement, depth); }
    }

    /** A configuration without its rate: "method L=depth", with the placement after the method unless it is linear. */
    static String key(String method, String placement, int depth) {
        return method + (placement.equals("linear") ? "" : " " + placement) + " L=" + depth;
    }

    /** The loss the "epochs to reach" comparison asks for: within this fraction above L*. */
    static final double REACH = 0.05;

    static List<RunRec> runs(SparkSession spark) {
        String on = ConfigColumns.GROUP_KEY.stream().map(c -> "r." + c + " <=> b." + c).collect(Collectors.joining(" AND "));
        List<RunRec> out = new ArrayList<>();
        for (Row r : Tables.query(spark, "SELECT r.shortcut, r.init, r.depth, r.learning_rate, r.replicate, r.status, r.escape_epoch, "
                + "r.activation, r.positions, "
                + "r.weight_norm_curve, (r.learning_rate <=> b.best_lr) AS at_best, "
                + "array_position(transform(r.loss_curve, x -> x <= r.l_star * " + (1 + REACH) + "), true) - 1 AS reach "
                + "FROM runs r JOIN best_lr b ON " + on
                + " WHERE r.status <> 'failed' ORDER BY r.activation, r.positions, r.shortcut, r.init, r.depth, r.learning_rate, r.replicate")) {
            int n = Tables.integer(r, "shortcut");
            List<?> c = r.isNullAt(r.fieldIndex("weight_norm_curve")) ? List.of() : r.getList(r.fieldIndex("weight_norm_curve"));
            double end = c.isEmpty() ? Double.NaN : ((Number) c.get(c.size() - 1)).doubleValue(), avg = Double.NaN;
            if (c.size() > 1) {
                double s = 0;
                for (int i = 1; i < c.size(); i++) s += ((Number) c.get(i)).doubleValue();
                avg = s / (c.size() - 1);
            }
            Object esc = r.getAs("escape_epoch");
            out.add(new RunRec(Tables.method(n, Tables.str(r, "init")), n, Tables.integer(r, "depth"), Tables.num(r, "learning_rate"),
                    Tables.integer(r, "replicate"), Tables.str(r, "status"), Boolean.TRUE.equals(r.getAs("at_best")), end, avg,
                    esc == null ? -1 : ((Number) esc).intValue(), r.isNullAt(r.fieldIndex("reach")) ? -1 : Tables.integer(r, "reach"),
                    BestLrAnalysis.placement(Tables.str(r, "activation"), Tables.str(r, "positions"))));
        }
        return out;
    }

    /** method (with the placement unless linear) → depth → runs at the best rate. */
    private static Map<String, TreeMap<Integer, List<RunRec>>> atBest(List<RunRec> runs) {
        Map<String, TreeMap<Integer, List<RunRec>>> by = new LinkedHashMap<>();
        for (RunRec r : runs) {
            if (r.atBest()) by.computeIfAbsent(r.method() + (r.placement().equals("linear") ? "" : " " + r.placement()), x -> new TreeMap<>()).computeIfAbsent(r.depth(), x -> new ArrayList<>()).add(r);
        }
        return by;
    }

    /** Configurations (method, placement, depth) none of whose ok runs left the initial plateau at any rate ({@link RunRec#key}). */
    static List<String> neverEscaped(List<RunRec> runs) {
        Map<String, boolean[]> seen = new LinkedHashMap<>(); // [any ok run, any escaped]
        for (RunRec r : runs) {
            if (!r.status().equals("ok")) continue;
            boolean[] s = seen.computeIfAbsent(r.key(), x -> new boolean[2]);
            s[0] = true;
            s[1] |= r.escape() >= 0;
        }
        return seen.entrySet().stream().filter(e -> e.getValue()[0] && !e.getValue()[1]).map(Map.Entry::getKey).toList();
    }

    /** Figures 2–3 analogue: mean weight norm at the end of training (best rate, mean over seeds) vs depth, per method. */
    static java.nio.file.Path figure(List<RunRec> runs, java.nio.file.Path file) throws java.io.IOException {
        Map<String, double[][]> series = new LinkedHashMap<>();
        atBest(runs).forEach((m, byDepth) -> {
            double[] d = byDepth.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
            double[] v = byDepth.values().stream().mapToDouble(rs -> Sample.of("", rs.stream().mapToDouble(RunRec::normEnd).toArray()).mean())
                    .toArray();
            series.put(m, new double[][] {d, v});
        });
        return Charts.line(file, new Charts.Axes("Figs. 2-3 analogue: mean Frobenius norm of the weight matrices after training",
                "depth L", "mean ‖W‖_F at the last epoch (best rate, mean over seeds)", true, true), series);
    }

    /** Markdown: per method and depth at the best rate, mean weight norm (end, time average) ± SE, escapes. */
    static String table(List<RunRec> runs) {
        List<List<String>> rows = new ArrayList<>();
        atBest(runs).forEach((m, byDepth) -> byDepth.forEach((d, rs) -> {
            Sample end = Sample.of("", rs.stream().mapToDouble(RunRec::normEnd).toArray());
            Sample avg = Sample.of("", rs.stream().mapToDouble(RunRec::normMean).toArray());
            long esc = rs.stream().filter(r -> r.escape() >= 0).count();
            double meanEsc = rs.stream().filter(r -> r.escape() >= 0).mapToInt(RunRec::escape).average().orElse(Double.NaN);
            rows.add(Tables.row(m, d, end.mean(), end.se(), avg.mean(), avg.se(), esc + " of " + rs.size(), meanEsc));
        }));
        return "Weights and escape at the best rate (`runs.weight_norm_curve`, `runs.escape_epoch`; ± = standard error over seeds):\n\n"
                + Tables.markdown(List.of("method", "depth", "mean ‖W‖_F at end", "SE", "time-averaged mean ‖W‖_F", "SE", "escaped",
                "mean escape epoch"), rows);
    }

    /** Figures 2–3 for the 2-shortcut, and the n ≥ 3 escape claim, for a sweep of experiment {@code e}. */
    static List<Claim> claims(Experiment e, List<RunRec> runs) {
        List<Claim> out = new ArrayList<>();
        TreeMap<Integer, List<RunRec>> sc = atBest(runs).get("2-shortcut small");
        if (e == Experiment.FIG7 && sc != null && sc.size() >= 2) {
            List<RunRec> lo = sc.firstEntry().getValue(), hi = sc.lastEntry().getValue();
            for (boolean during : new boolean[] {false, true}) {
                Sample deep = Sample.of("L = " + sc.lastKey(), hi.stream().mapToDouble(r -> during ? r.normMean() : r.normEnd()).toArray());
                Sample shallow = Sample.of("L = " + sc.firstKey(), lo.stream().mapToDouble(r -> during ? r.normMean() : r.normEnd()).toArray());
                Welch.Result w = Welch.test(deep, shallow);
                out.add(new Claim("fig2-3.weight-norm-falls-with-depth-" + (during ? "during" : "end"), "(Figures 2–3) the deeper the residual "
                        + "network, the smaller the average Frobenius norm of its weight matrices, " + (during ? "during training" : "when training ends"),
                        w.aLower(), "2-shortcut small, " + (during ? "time-averaged mean ‖W‖_F over epochs 1…E" : "mean ‖W‖_F at the last epoch")
                        + ": " + w.evidence(), "the paper shows ResNets on CIFAR; we use the linear 2-shortcut networks of the fig7 sweep at their "
                        + "best rate, deepest vs shallowest depth, Welch's t-test at α = " + Tables.g(Welch.ALPHA)
                        + (during ? "; \"during training\" = the average over epochs 1…E of the per-epoch mean norm." : ".")));
            }
        }
        if (e == Experiment.FIG7 && sc != null) {
            int depth = sc.lastKey();
            for (String other : new String[] {"plain orthogonal", "plain xavier"}) {
                TreeMap<Integer, List<RunRec>> o = atBest(runs).get(other);
                if (o == null || !o.containsKey(depth)) continue;
                int cap = 1 + runs.stream().mapToInt(RunRec::reach).max().orElse(0);
                Sample a = Sample.of("2-shortcut small, L = " + depth, epochsToReach(sc.get(depth), cap));
                Sample b = Sample.of(other + ", L = " + depth, epochsToReach(o.get(depth), cap));
                long never = sc.get(depth).stream().filter(r -> r.reach() < 0).count() + o.get(depth).stream().filter(r -> r.reach() < 0).count();
                Welch.Result w = Welch.test(a, b);
                out.add(new Claim("fig7.2sc-faster-than-" + other.replace(' ', '-'), "the 2-shortcut network trains faster than " + other
                        + ": fewer epochs to reach a given loss", w.aLower(), "epochs until the loss is within " + Tables.g(100 * REACH)
                        + "% of L*: " + w.evidence() + (never == 0 ? "" : " (" + never + " runs never reached it, counted as the largest "
                        + "observed epoch + 1: censored, so the test is conservative)"),
                        "\"a given loss\" = (1 + " + Tables.g(REACH) + ")·L*; each method at its best rate, at the deepest depth of the sweep; "
                        + "Welch's t-test on the epoch counts at α = " + Tables.g(Welch.ALPHA) + "."));
            }
        }
        Map<Integer, int[]> esc2 = earliestEscape(runs, 2), esc3 = earliestEscape(runs, 3);
        if (e != Experiment.FIG9 && !esc2.isEmpty() && !esc3.isEmpty()) { // fig9: saddleClaim per placement
            List<String> ev = new ArrayList<>();
            int compared = 0, later = 0;
            for (Map.Entry<Integer, int[]> d : esc3.entrySet()) {
                int[] two = esc2.get(d.getKey());
                if (two == null) continue;
                int e3 = d.getValue()[0], e2 = two[0];
                if (e2 >= 0) {
                    compared++;
                    if (e3 < 0 || e3 > e2) later++;
                }
                ev.add("L=" + d.getKey() + ": 2-shortcut " + (e2 < 0 ? "never (no comparison)" : "epoch " + e2) + ", 3-shortcut "
                        + (e3 < 0 ? "never (no escape at any of " + d.getValue()[1] + " runs)" : "epoch " + e3));
            }
            if (!ev.isEmpty()) {
                out.add(new Claim(e.id() + ".n3-escapes-late", "with n ≥ 3 the zero point is a higher-order saddle: from a small init "
                        + "training leaves it later than with n = 2, or not at all",
                        compared == 0 ? Verdict.INCONCLUSIVE : Verdict.of(later == compared),
                        "earliest escape over every rate and seed: " + String.join("; ", ev),
                        "escape = the first epoch below 0.9 × the initial loss; per depth, the earliest escape over the whole "
                        + "learning-rate grid (so a narrow grid does not count against the claim); \"no escape\" at every rate counts as support; "
                        + "holds if later at every depth where the 2-shortcut escaped (no depth: inconclusive)."));
            }
        }
        return out;
    }

    /**
     * The higher-order saddle at W = 0 for n ≥ 3 (the paper: an (n−1)-th order saddle, so from a small init training
     * leaves it late or never), for the runs of one activation placement: per depth, the earliest escape of each
     * n ≥ 3 over every rate and seed against the 2-shortcut's. "Never" (no run below 0.9 × its initial loss — the
     * runs stay at W ≈ 0) is support, the paper's prediction, not a failure of the grid. Holds if at every depth where
     * the 2-shortcut escaped each n ≥ 3 escaped later or never; does not hold if some n ≥ 3 escaped no later;
     * inconclusive when the 2-shortcut never escaped (nothing to compare).
     */
    static Claim saddleClaim(String id, String placement, List<RunRec> runs) {
        Map<Integer, int[]> esc2 = earliestEscape(runs, 2);
        List<String> ev = new ArrayList<>();
        int compared = 0, supported = 0, never = 0, configs = 0;
        for (int n : runs.stream().mapToInt(RunRec::shortcut).filter(k -> k >= 3).distinct().sorted().toArray()) {
            Map<Integer, int[]> escN = earliestEscape(runs, n);
            for (int depth : runs.stream().filter(r -> r.shortcut() == n && !escN.containsKey(r.depth())).mapToInt(RunRec::depth).distinct()
                    .sorted().toArray()) {
                ev.add("n=" + n + " L=" + depth + ": no ok run (every run diverged or failed; no comparison)");
            }
            for (Map.Entry<Integer, int[]> d : escN.entrySet()) {
                int[] two = esc2.get(d.getKey());
                int en = d.getValue()[0];
                configs++;
                if (en < 0) never++;
                if (two != null && two[0] >= 0) {
                    compared++;
                    if (en < 0 || en > two[0]) supported++;
                }
                ev.add("n=" + n + " L=" + d.getKey() + ": " + (en < 0 ? "never (none of " + d.getValue()[1] + " runs escaped: stays at W ≈ 0)"
                        : "epoch " + en) + " vs 2-shortcut " + (two == null ? "not run" : two[0] < 0 ? "never" : "epoch " + two[0]));
            }
        }
        Verdict v = compared == 0 ? Verdict.INCONCLUSIVE : Verdict.of(supported == compared);
        return new Claim(id, (placement.isEmpty() ? "" : "(" + placement + ") ") + "with n ≥ 3 the zero point is a higher-order saddle: from a "
                + "small init training leaves it later than with n = 2, or not at all", v,
                (ev.isEmpty() ? "no n ≥ 3 runs" : String.join("; ", ev)) + String.format("; %d of %d n ≥ 3 configurations never escaped "
                        + "(the paper's prediction, not a grid problem)", never, configs),
                "escape = the first epoch below 0.9 × the initial loss (\"no escape\" detector: none at any rate and seed); per depth the "
                + "earliest escape over every rate and seed; \"never\" counts as support; holds if every n ≥ 3 is later than n = 2 (or never) "
                + "at every depth where n = 2 escaped; inconclusive if n = 2 never escaped.");
    }

    /** Epochs to reach the loss of {@link #REACH}, runs that never did counted as {@code cap}. */
    private static double[] epochsToReach(List<RunRec> rs, int cap) {
        return rs.stream().mapToDouble(r -> r.reach() < 0 ? cap : r.reach()).toArray();
    }

    /** depth → {earliest escape epoch over all ok runs of shortcut n with small init (-1: none), number of ok runs}. */
    private static Map<Integer, int[]> earliestEscape(List<RunRec> runs, int n) {
        Map<Integer, int[]> out = new TreeMap<>();
        for (RunRec r : runs) {
            if (r.shortcut() != n || !r.method().endsWith("small") || !r.status().equals("ok")) continue;
            int[] v = out.computeIfAbsent(r.depth(), x -> new int[] {-1, 0});
            v[1]++;
            if (r.escape() >= 0 && (v[0] < 0 || r.escape() < v[0])) v[0] = r.escape();
        }
        return out;
    }
}
