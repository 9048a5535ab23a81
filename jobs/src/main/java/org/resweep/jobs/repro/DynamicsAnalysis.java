package org.resweep.jobs.repro;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Figures 5 and 6: the Hessian along gradient descent. Figures use replicate 0; claims pool every replicate.
 *
 * <p>Rules (stated with every verdict): a "smaller at every loss / epoch" claim holds when it is true at ≥ 90% of
 * the compared checkpoints, does not hold below 50%, else is inconclusive.
 */
final class DynamicsAnalysis {
    static final double MOSTLY = 0.9, HALF = 0.5;
    /** The "beginning" of training for the index-drop claims: the first EARLY epochs. */
    static final int EARLY = 20;
    /** Final conditions "roughly the same": within this factor. */
    static final double SAME_FACTOR = 2;

    private DynamicsAnalysis() {}

    record Cp(int epoch, double loss, double grad, double maxAbs, double p10, double cond, double index) {}

    record Run(String method, int replicate, double lr, List<Cp> cps, double[] gradCurve, String status) {}

    static List<Run> runs(SparkSession spark) {
        List<Row> rs = Tables.query(spark, "SELECT run_id, shortcut, init, replicate, learning_rate, status, grad_norm_curve FROM runs "
                + "ORDER BY shortcut, init, replicate");
        List<Row> cs = Tables.query(spark, "SELECT run_id, epoch, loss, grad_norm, max_abs_eig, p10_abs_eig, cond, index FROM checkpoints "
                + "WHERE has_hessian ORDER BY run_id, epoch");
        Map<String, List<Cp>> byRun = new LinkedHashMap<>();
        for (Row c : cs) {
            byRun.computeIfAbsent(Tables.str(c, "run_id"), x -> new ArrayList<>()).add(new Cp(Tables.integer(c, "epoch"), Tables.num(c, "loss"),
                    Tables.num(c, "grad_norm"), Tables.num(c, "max_abs_eig"), Tables.num(c, "p10_abs_eig"), Tables.num(c, "cond"), Tables.num(c, "index")));
        }
        List<Run> out = new ArrayList<>();
        for (Row r : rs) {
            List<?> g = r.isNullAt(r.fieldIndex("grad_norm_curve")) ? List.of() : r.getList(r.fieldIndex("grad_norm_curve"));
            out.add(new Run(Tables.method(Tables.integer(r, "shortcut"), Tables.str(r, "init")), Tables.integer(r, "replicate"),
                    Tables.num(r, "learning_rate"), byRun.getOrDefault(Tables.str(r, "run_id"), List.of()),
                    g.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray(), Tables.str(r, "status")));
        }
        return out;
    }

    static Section analyse(SparkSession spark, Path dir, String name, Path figDir) throws IOException {
        List<Run> runs = runs(spark);
        Map<String, double[][]> f5 = new LinkedHashMap<>(), f6i = new LinkedHashMap<>(), f6g = new LinkedHashMap<>();
        List<List<String>> table = new ArrayList<>();
        for (Run r : runs) {
            if (r.cps().isEmpty()) continue;
            Cp first = r.cps().get(0), last = r.cps().get(r.cps().size() - 1);
            table.add(Tables.row(r.method(), r.replicate(), r.lr(), r.status(), first.loss(), last.loss(), first.cond(), last.cond(),
                    first.index(), last.index(), r.cps().size()));
            if (r.replicate() != 0) continue;
            f5.put(r.method() + " max|λ|", new double[][] {col(r, Cp::loss), col(r, Cp::maxAbs)});
            f5.put(r.method() + " p10|λ|", new double[][] {col(r, Cp::loss), col(r, Cp::p10)});
            f6i.put(r.method(), new double[][] {col(r, c -> c.epoch() + 1), col(r, Cp::index)});
            double[] ep = new double[r.gradCurve().length];
            for (int i = 0; i < ep.length; i++) ep[i] = i + 1;
            f6g.put(r.method(), new double[][] {ep, r.gradCurve()});
        }
        List<Path> figs = List.of(
                Charts.line(figDir.resolve(name + "-fig5.png"), new Charts.Axes("Fig. 5: Hessian max and p10 |eigenvalue| vs loss",
                        "loss", "|λ|", true, true), f5),
                Charts.line(figDir.resolve(name + "-fig6-index.png"), new Charts.Axes("Fig. 6 (left): index vs epoch",
                        "epoch + 1", "index (ratio of negative eigenvalues)", true, false), f6i),
                Charts.line(figDir.resolve(name + "-fig6-grad.png"), new Charts.Axes("Fig. 6 (right): gradient norm vs epoch",
                        "epoch + 1", "‖∇L‖", true, true), f6g));
        List<Claim> claims = new ArrayList<>();
        List<Run> sc = runs.stream().filter(r -> r.method().startsWith("2-shortcut") && !r.cps().isEmpty()).toList();
        for (String plain : new String[] {"plain xavier", "plain orthogonal"}) {
            List<Run> pl = runs.stream().filter(r -> r.method().equals(plain) && !r.cps().isEmpty()).toList();
            if (sc.isEmpty() || pl.isEmpty()) continue;
            claims.add(condAtLoss(sc, pl, plain));
            claims.add(indexSmaller(sc, pl, plain));
        }
        List<Run> or = runs.stream().filter(r -> r.method().equals("plain orthogonal") && !r.cps().isEmpty()).toList();
        if (!sc.isEmpty() && !or.isEmpty()) {
            int same = 0;
            List<String> ratios = new ArrayList<>();
            for (Run s : sc) {
                Run o = or.stream().filter(x -> x.replicate() == s.replicate()).findFirst().orElse(or.get(0));
                double ratio = s.cps().get(s.cps().size() - 1).cond() / o.cps().get(o.cps().size() - 1).cond();
                ratios.add(Tables.g(ratio));
                if (ratio <= SAME_FACTOR && ratio >= 1 / SAME_FACTOR) same++;
            }
            claims.add(new Claim("fig5.same-final-cond", "the condition numbers of orthogonal and 2-shortcut networks evolve to about the same value",
                    same == sc.size() ? Verdict.HOLDS : same == 0 ? Verdict.DOES_NOT_HOLD : Verdict.INCONCLUSIVE,
                    "final cond 2-shortcut / orthogonal per replicate: " + ratios + " (rule: within a factor " + Tables.g(SAME_FACTOR) + ")"));
        }
        for (Run s : sc) {
            claims.add(indexDrop(s));
            claims.add(gradPeak(s));
        }
        String md = "Each method at its own learning rate (see the sweep file). Figures: replicate 0.\n\n" + Tables.markdown(
                List.of("method", "replicate", "lr", "status", "loss at 0", "final loss", "cond at 0", "final cond", "index at 0", "final index", "Hessians"), table);
        return new Section(Experiment.FIG5_6, dir, name, md, figs, claims);
    }

    private interface Get { double of(Cp c); }

    private static double[] col(Run r, Get g) {
        return r.cps().stream().mapToDouble(g::of).toArray();
    }

    private static Verdict mostly(int yes, int n) {
        if (n == 0) return Verdict.INCONCLUSIVE;
        double f = (double) yes / n;
        return f >= MOSTLY ? Verdict.HOLDS : f < HALF ? Verdict.DOES_NOT_HOLD : Verdict.INCONCLUSIVE;
    }

    /** At each 2-shortcut checkpoint whose loss lies in the plain run's range: cond vs the plain checkpoint of nearest loss. */
    static Claim condAtLoss(List<Run> sc, List<Run> pl, String plain) {
        int yes = 0, n = 0;
        for (Run s : sc) {
            for (Run p : pl) {
                double lo = p.cps().stream().mapToDouble(Cp::loss).min().orElse(Double.NaN);
                double hi = p.cps().stream().mapToDouble(Cp::loss).max().orElse(Double.NaN);
                for (Cp c : s.cps()) {
                    if (!(c.loss() >= lo && c.loss() <= hi)) continue;
                    Cp best = null;
                    for (Cp q : p.cps()) if (best == null || Math.abs(q.loss() - c.loss()) < Math.abs(best.loss() - c.loss())) best = q;
                    n++;
                    if (c.cond() < best.cond()) yes++;
                }
            }
        }
        return new Claim("fig5.cond-smaller-vs-" + plain.replace(' ', '-'), "at equal loss the 2-shortcut's condition number is smaller than "
                + plain + "'s", mostly(yes, n), String.format("smaller at %d of %d loss-matched checkpoint pairs (%s)", yes, n, rule()));
    }

    /** At checkpoint epochs both runs have: index of the 2-shortcut below the plain one's. */
    static Claim indexSmaller(List<Run> sc, List<Run> pl, String plain) {
        int yes = 0, n = 0;
        for (Run s : sc) {
            for (Run p : pl) {
                Map<Integer, Cp> at = new LinkedHashMap<>();
                for (Cp c : p.cps()) at.put(c.epoch(), c);
                for (Cp c : s.cps()) {
                    Cp q = at.get(c.epoch());
                    if (q == null) continue;
                    n++;
                    if (c.index() < q.index()) yes++;
                }
            }
        }
        return new Claim("fig6.index-smaller-vs-" + plain.replace(' ', '-'), "the index of the 2-shortcut network is always smaller than "
                + plain + "'s", mostly(yes, n), String.format("smaller at %d of %d common checkpoint epochs (%s)", yes, n, rule()));
    }

    static Claim indexDrop(Run s) {
        double i0 = s.cps().get(0).index();
        double early = s.cps().stream().filter(c -> c.epoch() >= 1 && c.epoch() <= EARLY).mapToDouble(Cp::index).min().orElse(Double.NaN);
        return new Claim("fig6.index-drops-r" + s.replicate(), "the index of the 2-shortcut network drops dramatically at the beginning (replicate "
                + s.replicate() + ")", Double.isNaN(early) ? Verdict.INCONCLUSIVE : Verdict.of(early <= 0.5 * i0),
                String.format("index at epoch 0: %s; lowest in epochs 1…%d: %s (rule: at most half the initial index)", Tables.g(i0), EARLY, Tables.g(early)));
    }

    /** Epoch of the largest index drop between consecutive every-epoch checkpoints vs the epoch of the largest gradient norm. */
    static Claim gradPeak(Run s) {
        int dropEpoch = -1;
        double drop = 0;
        for (int i = 1; i < s.cps().size(); i++) {
            Cp a = s.cps().get(i - 1), b = s.cps().get(i);
            if (b.epoch() - a.epoch() != 1) continue;
            if (a.index() - b.index() > drop) {
                drop = a.index() - b.index();
                dropEpoch = b.epoch();
            }
        }
        int peak = 0;
        for (int i = 1; i < s.gradCurve().length; i++) if (s.gradCurve()[i] > s.gradCurve()[peak]) peak = i;
        boolean ok = dropEpoch >= 0 && Math.abs(peak - dropEpoch) <= Math.max(2, 0.2 * dropEpoch);
        return new Claim("fig6.grad-peak-at-index-drop-r" + s.replicate(), "the gradient norm reaches its maximum when the index drops "
                + "dramatically (replicate " + s.replicate() + ")", dropEpoch < 0 ? Verdict.INCONCLUSIVE : Verdict.of(ok),
                String.format("largest one-epoch index drop (%s) at epoch %d; gradient norm maximal at epoch %d (rule: within max(2, 20%%) epochs)",
                        Tables.g(drop), dropEpoch, peak));
    }

    private static String rule() {
        return "rule: holds at ≥ 90%, does not hold below 50%, else inconclusive";
    }
}
