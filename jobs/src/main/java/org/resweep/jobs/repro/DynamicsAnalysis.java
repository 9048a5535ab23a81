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
 * Figures 5 and 6: the Hessian along gradient descent. Figures use replicate 0; claims use every replicate.
 *
 * <p>Index and condition claims are judged on the curvature-weighted statistics — {@code neg_mass} for the index,
 * {@code cond_top} for the condition number (docs/results-schema.md: near a minimum of a linear network the literal
 * index has a floor ≈ (1 − 1/L)/2 and p10|λ| sits in the flat tail) — with the literal {@code index}/{@code cond}
 * beside them. Trajectory comparisons ("smaller at every loss / epoch") give one fraction of compared checkpoints per
 * replicate pair; the claim holds when the mean fraction is ≥ 90% and a one-sample t-test puts it above ½ (α =
 * {@link Welch#ALPHA}), does not hold when it is below ½ with the test agreeing, else is inconclusive (always with
 * fewer than 2 replicates). Time windows come from each run's escape epoch, not from fixed epochs.
 */
final class DynamicsAnalysis {
    static final double MOSTLY = 0.9, HALF = 0.5;
    /** Final conditions "roughly the same": within this factor. */
    static final double SAME_FACTOR = 2;

    private DynamicsAnalysis() {}

    record Cp(int epoch, double loss, double grad, double maxAbs, double p10, double cond, double index, double negMass,
              double indexTop, double condTop) {}

    record Run(String method, int replicate, double lr, List<Cp> cps, double[] gradCurve, String status, int escape, double lStar) {
        Run(String method, int replicate, double lr, List<Cp> cps, double[] gradCurve, String status, int escape) {
            this(method, replicate, lr, cps, gradCurve, status, escape, Double.NaN);
        }
    }

    static List<Run> runs(SparkSession spark) {
        List<Row> rs = Tables.query(spark, "SELECT run_id, shortcut, init, replicate, learning_rate, status, grad_norm_curve, escape_epoch, l_star "
                + "FROM runs ORDER BY shortcut, init, replicate");
        List<Row> cs = Tables.query(spark, "SELECT run_id, epoch, loss, grad_norm, max_abs_eig, p10_abs_eig, cond, index, neg_mass, "
                + "index_top, cond_top FROM checkpoints WHERE has_hessian ORDER BY run_id, epoch");
        Map<String, List<Cp>> byRun = new LinkedHashMap<>();
        for (Row c : cs) {
            byRun.computeIfAbsent(Tables.str(c, "run_id"), x -> new ArrayList<>()).add(new Cp(Tables.integer(c, "epoch"), Tables.num(c, "loss"),
                    Tables.num(c, "grad_norm"), Tables.num(c, "max_abs_eig"), Tables.num(c, "p10_abs_eig"), Tables.num(c, "cond"),
                    Tables.num(c, "index"), Tables.num(c, "neg_mass"), Tables.num(c, "index_top"), Tables.num(c, "cond_top")));
        }
        List<Run> out = new ArrayList<>();
        for (Row r : rs) {
            List<?> g = r.isNullAt(r.fieldIndex("grad_norm_curve")) ? List.of() : r.getList(r.fieldIndex("grad_norm_curve"));
            Object esc = r.getAs("escape_epoch");
            out.add(new Run(Tables.method(Tables.integer(r, "shortcut"), Tables.str(r, "init")), Tables.integer(r, "replicate"),
                    Tables.num(r, "learning_rate"), byRun.getOrDefault(Tables.str(r, "run_id"), List.of()),
                    g.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray(), Tables.str(r, "status"),
                    esc == null ? -1 : ((Number) esc).intValue(), Tables.num(r, "l_star")));
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
            table.add(Tables.row(r.method(), r.replicate(), r.lr(), r.status(), r.escape() < 0 ? "never" : r.escape(), first.loss(), last.loss(),
                    first.condTop(), last.condTop(), last.cond(), first.negMass(), last.negMass(), last.indexTop(), last.index(), r.cps().size()));
            if (r.replicate() != 0) continue;
            double ls = Double.isFinite(r.lStar()) ? r.lStar() : 0;
            f5.put(r.method() + " max|λ|", new double[][] {col(r, c -> c.loss() - ls), col(r, Cp::maxAbs)});
            f5.put(r.method() + " p10|λ|", new double[][] {col(r, c -> c.loss() - ls), col(r, Cp::p10)});
            f5.put(r.method() + " d²-th largest |λ|", new double[][] {col(r, c -> c.loss() - ls), col(r, c -> c.maxAbs() / c.condTop())});
            f6i.put(r.method() + " index", new double[][] {col(r, c -> c.epoch() + 1), col(r, Cp::index)});
            f6i.put(r.method() + " neg_mass", new double[][] {col(r, c -> c.epoch() + 1), col(r, Cp::negMass)});
            double[] ep = new double[r.gradCurve().length];
            for (int i = 0; i < ep.length; i++) ep[i] = i + 1;
            f6g.put(r.method(), new double[][] {ep, r.gradCurve()});
        }
        List<Path> figs = new ArrayList<>(List.of(
                Charts.line(figDir.resolve(name + "-fig5.png"), new Charts.Axes("Fig. 5: Hessian max, p10 and d²-th largest |eigenvalue| vs loss − L*",
                        "loss − L* (log)", "|λ|", true, true), f5),
                Charts.line(figDir.resolve(name + "-fig6-index.png"), new Charts.Axes("Fig. 6 (left): index and negative mass vs epoch",
                        "epoch + 1", "index (fraction of λ < 0), neg_mass (Σ|λ₋|/Σ|λ|)", true, false), f6i),
                Charts.line(figDir.resolve(name + "-fig6-grad.png"), new Charts.Axes("Fig. 6 (right): gradient norm vs epoch",
                        "epoch + 1", "‖∇L‖", true, true), f6g)));
        Map<String, double[]> spectra = spectra(spark);
        if (!spectra.isEmpty()) {
            figs.add(Charts.sortedSpectra(figDir.resolve(name + "-spectra.png"), "Sorted |eigenvalues| at the first and last checkpoint "
                    + "(replicate 0)", spectra));
            figs.add(Charts.spectrumHistograms(figDir.resolve(name + "-spectra-hist.png"), "Eigenvalue histograms at the first and last "
                    + "checkpoint (replicate 0), symlog", spectra));
        }
        List<Claim> claims = new ArrayList<>();
        List<Run> sc = runs.stream().filter(r -> r.method().startsWith("2-shortcut") && !r.cps().isEmpty()).toList();
        for (String plain : new String[] {"plain xavier", "plain orthogonal"}) {
            List<Run> pl = runs.stream().filter(r -> r.method().equals(plain) && !r.cps().isEmpty()).toList();
            if (sc.isEmpty() || pl.isEmpty()) continue;
            claims.add(condAtLoss(sc, pl, plain));
            claims.add(condGapLargestAtHighLoss(sc, pl, plain));
            claims.add(indexSmaller(sc, pl, plain));
        }
        List<Run> or = runs.stream().filter(r -> r.method().equals("plain orthogonal") && !r.cps().isEmpty()).toList();
        if (!sc.isEmpty() && !or.isEmpty()) claims.add(sameFinalCond(sc, or));
        for (Run s : sc) {
            claims.add(indexDrop(s));
            claims.add(gradPeak(s));
        }
        String md = "Each method at its own learning rate (see the sweep file). Figures: replicate 0. `cond_top` = max|λ| / "
                + "d²-th largest |λ|, `neg_mass` = Σ|λ₋|/Σ|λ|, `index_top` = fraction of negatives among the d² largest |λ| "
                + "(docs/results-schema.md); the literal `cond` and `index` beside them.\n\n" + Tables.markdown(
                List.of("method", "replicate", "lr", "status", "escape epoch", "loss at 0", "final loss", "cond_top at 0", "final cond_top",
                        "final cond", "neg_mass at 0", "final neg_mass", "final index_top", "final index", "Hessians"), table);
        return new Section(Experiment.FIG5_6, dir, name, md, figs, claims);
    }

    /** The stored spectra at the first and last checkpoint of replicate 0, per method ("method, epoch E"). */
    static Map<String, double[]> spectra(SparkSession spark) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Row r : Tables.query(spark, "SELECT r.shortcut, r.init, c.epoch, c.spectrum FROM runs r JOIN checkpoints c ON c.run_id = r.run_id "
                + "WHERE r.replicate = 0 AND c.spectrum IS NOT NULL AND (c.epoch = 0 OR c.epoch = r.end_hessian_epoch) "
                + "ORDER BY r.shortcut, r.init, c.epoch")) {
            List<?> sp = r.getList(r.fieldIndex("spectrum"));
            out.put(Tables.method(Tables.integer(r, "shortcut"), Tables.str(r, "init")) + ", epoch " + Tables.integer(r, "epoch"),
                    sp.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray());
        }
        return out;
    }

    interface Get { double of(Cp c); }

    private static double[] col(Run r, Get g) {
        return r.cps().stream().mapToDouble(g::of).toArray();
    }

    /** Pairs the runs of two methods by replicate number (each replicate once; unmatched ones left out). */
    static List<Run[]> pairs(List<Run> a, List<Run> b) {
        List<Run[]> out = new ArrayList<>();
        for (Run x : a) b.stream().filter(y -> y.replicate() == x.replicate()).findFirst().ifPresent(y -> out.add(new Run[] {x, y}));
        return out;
    }

    /**
     * Verdict of "mostly true" from one fraction per replicate pair: holds if the mean is ≥ 90% and significantly above
     * ½; does not hold if the mean is below ½ and significantly so; else inconclusive.
     */
    static Verdict mostly(Sample fractions, Welch.Result vsHalf) {
        if (vsHalf.order() == Welch.Order.HIGHER && fractions.mean() >= MOSTLY) return Verdict.HOLDS;
        if (vsHalf.order() == Welch.Order.LOWER && fractions.mean() < HALF) return Verdict.DOES_NOT_HOLD;
        return Verdict.INCONCLUSIVE;
    }

    private static String mostlyRule() {
        return "one fraction per replicate pair; holds if the mean fraction is ≥ 90% and a one-sample t-test puts it above ½ (α = "
                + Tables.g(Welch.ALPHA) + "), does not hold if below ½ and significantly so, else inconclusive";
    }

    /**
     * Per replicate pair: at each 2-shortcut checkpoint whose loss lies in the plain run's loss range, {@code cond_top}
     * vs the plain checkpoint of nearest loss; the fraction where the 2-shortcut's is smaller.
     */
    static Claim condAtLoss(List<Run> sc, List<Run> pl, String plain) {
        List<Double> fr = new ArrayList<>(), lit = new ArrayList<>();
        int compared = 0;
        for (Run[] p : pairs(sc, pl)) {
            double lo = p[1].cps().stream().mapToDouble(Cp::loss).min().orElse(Double.NaN);
            double hi = p[1].cps().stream().mapToDouble(Cp::loss).max().orElse(Double.NaN);
            int yes = 0, yesLit = 0, n = 0;
            for (Cp c : p[0].cps()) {
                if (!(c.loss() >= lo && c.loss() <= hi)) continue;
                Cp best = null;
                for (Cp q : p[1].cps()) if (best == null || Math.abs(q.loss() - c.loss()) < Math.abs(best.loss() - c.loss())) best = q;
                n++;
                if (c.condTop() < best.condTop()) yes++;
                if (c.cond() < best.cond()) yesLit++;
            }
            if (n == 0) continue;
            compared += n;
            fr.add((double) yes / n);
            lit.add((double) yesLit / n);
        }
        Sample f = Sample.of("fraction with smaller cond_top", Tables.toArray(fr));
        Welch.Result w = Welch.versus(f, "½", HALF);
        return new Claim("fig5.cond-smaller-vs-" + plain.replace(' ', '-'), "at equal loss the 2-shortcut's condition number is smaller than "
                + plain + "'s", fr.isEmpty() ? Verdict.INCONCLUSIVE : mostly(f, w),
                String.format("%d loss-matched checkpoint pairs in %d replicate pairs; %s; literal cond smaller at a mean fraction %s",
                        compared, fr.size(), w.evidence(), Tables.g(Sample.of("", Tables.toArray(lit)).mean())),
                "the condition number is read as cond_top (max|λ| / d²-th largest |λ|), not the literal max/p10 ratio that the near-null tail "
                + "dominates; equal loss = the plain checkpoint of nearest loss within its range; " + mostlyRule() + ".");
    }

    /**
     * "Especially when the loss is large": per replicate pair, the loss-matched checkpoint pairs of {@link #condAtLoss}
     * split at their median loss; the mean of log10(cond_top plain / cond_top 2-shortcut) in the high-loss half minus
     * that in the low-loss half, one value per replicate pair, t-tested against 0.
     */
    static Claim condGapLargestAtHighLoss(List<Run> sc, List<Run> pl, String plain) {
        List<Double> diffs = new ArrayList<>();
        for (Run[] p : pairs(sc, pl)) {
            double lo = p[1].cps().stream().mapToDouble(Cp::loss).min().orElse(Double.NaN);
            double hi = p[1].cps().stream().mapToDouble(Cp::loss).max().orElse(Double.NaN);
            List<double[]> pts = new ArrayList<>(); // {loss, log ratio}
            for (Cp c : p[0].cps()) {
                if (!(c.loss() >= lo && c.loss() <= hi)) continue;
                Cp best = null;
                for (Cp q : p[1].cps()) if (best == null || Math.abs(q.loss() - c.loss()) < Math.abs(best.loss() - c.loss())) best = q;
                double r = Math.log10(best.condTop() / c.condTop());
                if (Double.isFinite(r)) pts.add(new double[] {c.loss(), r});
            }
            if (pts.size() < 4) continue;
            pts.sort((x, y) -> Double.compare(x[0], y[0]));
            int h = pts.size() / 2;
            double low = pts.subList(0, h).stream().mapToDouble(x -> x[1]).average().getAsDouble();
            double high = pts.subList(pts.size() - h, pts.size()).stream().mapToDouble(x -> x[1]).average().getAsDouble();
            diffs.add(high - low);
        }
        Sample d = Sample.of("high-loss minus low-loss mean log10(cond_top " + plain + " / 2-shortcut)", Tables.toArray(diffs));
        Welch.Result w = Welch.versus(d, "0", 0);
        return new Claim("fig5.cond-gap-largest-at-high-loss-vs-" + plain.replace(' ', '-'), "the 2-shortcut's advantage in condition "
                + "number over " + plain + " is largest when the loss is large", diffs.isEmpty() ? Verdict.INCONCLUSIVE : w.aHigher(),
                diffs.size() + " replicate pairs with ≥ 4 loss-matched checkpoint pairs; " + w.evidence(),
                "\"large loss\" = the upper half of the loss-matched checkpoint pairs of a replicate pair (split at their median loss); "
                + "condition number read as cond_top; t-test of the per-pair differences against 0 at α = " + Tables.g(Welch.ALPHA) + ".");
    }

    /** Per replicate pair, at the checkpoint epochs both have: {@code neg_mass} of the 2-shortcut below the plain one's. */
    static Claim indexSmaller(List<Run> sc, List<Run> pl, String plain) {
        List<Double> fr = new ArrayList<>(), lit = new ArrayList<>();
        int compared = 0;
        for (Run[] p : pairs(sc, pl)) {
            Map<Integer, Cp> at = new LinkedHashMap<>();
            for (Cp c : p[1].cps()) at.put(c.epoch(), c);
            int yes = 0, yesLit = 0, n = 0;
            for (Cp c : p[0].cps()) {
                Cp q = at.get(c.epoch());
                if (q == null) continue;
                n++;
                if (c.negMass() < q.negMass()) yes++;
                if (c.index() < q.index()) yesLit++;
            }
            if (n == 0) continue;
            compared += n;
            fr.add((double) yes / n);
            lit.add((double) yesLit / n);
        }
        Sample f = Sample.of("fraction with smaller neg_mass", Tables.toArray(fr));
        Welch.Result w = Welch.versus(f, "½", HALF);
        return new Claim("fig6.index-smaller-vs-" + plain.replace(' ', '-'), "the index of the 2-shortcut network is always smaller than "
                + plain + "'s", fr.isEmpty() ? Verdict.INCONCLUSIVE : mostly(f, w),
                String.format("%d common checkpoint epochs in %d replicate pairs; %s; literal index smaller at a mean fraction %s",
                        compared, fr.size(), w.evidence(), Tables.g(Sample.of("", Tables.toArray(lit)).mean())),
                "the index is read as neg_mass (Σ|λ₋|/Σ|λ|: how much of the curvature is negative) rather than the fraction of "
                + "negative eigenvalues, whose floor near a minimum is ≈ (1 − 1/L)/2; \"always\" = at ≥ 90% of common epochs; "
                + mostlyRule() + ".");
    }

    /** Per replicate pair: cond_top of both runs at their matched loss level; log10 ratios 2-shortcut / orthogonal. */
    static Claim sameFinalCond(List<Run> sc, List<Run> or) {
        List<Double> logRatio = new ArrayList<>();
        List<String> ev = new ArrayList<>();
        for (Run[] p : pairs(sc, or)) {
            double level = MatchedLoss.level(col(p[0], Cp::loss), col(p[1], Cp::loss));
            int i = MatchedLoss.firstAtOrBelow(col(p[0], Cp::loss), level), j = MatchedLoss.firstAtOrBelow(col(p[1], Cp::loss), level);
            if (i < 0 || j < 0) continue;
            Cp a = p[0].cps().get(i), b = p[1].cps().get(j);
            logRatio.add(Math.log10(a.condTop() / b.condTop()));
            Cp la = p[0].cps().get(p[0].cps().size() - 1), lb = p[1].cps().get(p[1].cps().size() - 1);
            ev.add(String.format("r%d at loss ≤ %s (epochs %d / %d): cond_top %s vs %s; literal cond at the last checkpoints %s vs %s",
                    p[0].replicate(), Tables.g(level), a.epoch(), b.epoch(), Tables.g(a.condTop()), Tables.g(b.condTop()),
                    Tables.g(la.cond()), Tables.g(lb.cond())));
        }
        Sample s = Sample.of("log10(cond_top 2-shortcut / orthogonal)", Tables.toArray(logRatio));
        double lim = Math.log10(SAME_FACTOR), hw = Welch.halfWidth(s);
        Verdict v = Double.isNaN(hw) ? Verdict.INCONCLUSIVE : Math.abs(s.mean()) + hw <= lim ? Verdict.HOLDS
                : Math.abs(s.mean()) - hw > lim ? Verdict.DOES_NOT_HOLD : Verdict.INCONCLUSIVE;
        String ci = Double.isNaN(hw) ? "fewer than 2 replicate pairs: no interval" : String.format("%s, %s%% interval [%s, %s] vs margin ±%s",
                s.describe(), Tables.g(100 * (1 - Welch.ALPHA)), Tables.g(s.mean() - hw), Tables.g(s.mean() + hw), Tables.g(lim));
        return new Claim("fig5.same-final-cond", "the condition numbers of orthogonal and 2-shortcut networks evolve to about the same value",
                v, String.join("; ", ev) + "; " + ci,
                "compared at matched loss (the lowest loss both runs of a replicate pair reach; each read at its first checkpoint at or "
                + "below it), not at the last checkpoints, which sit at different losses; cond read as cond_top; \"about the same\" = "
                + "the " + Tables.g(100 * (1 - Welch.ALPHA)) + "% confidence interval of the mean log10 ratio (Student's t over replicate pairs) "
                + "lies within ±log10(" + Tables.g(SAME_FACTOR) + ") (an equivalence test); does not hold when it lies wholly outside; else inconclusive.");
    }

    /** Within the run's own early window, epochs 1 … 2·escape epoch: does neg_mass fall to half its initial value? */
    static Claim indexDrop(Run s) {
        Cp c0 = s.cps().get(0);
        String id = "fig6.index-drops-r" + s.replicate(), text = "the index of the 2-shortcut network drops dramatically at the beginning "
                + "(replicate " + s.replicate() + ")";
        String interp = "\"the beginning\" = epochs 1 … 2 × the escape epoch (the plateau at the initial saddle and as long again; "
                + "escape = first epoch below 0.9 × the initial loss); \"drops dramatically\" = neg_mass falls to at most half its "
                + "initial value; the literal index is shown beside.";
        if (s.escape() < 0) {
            return new Claim(id, text, Verdict.INCONCLUSIVE, "the loss never fell below 0.9 × its initial value: no escape, no window", interp);
        }
        int end = 2 * s.escape();
        List<Cp> window = s.cps().stream().filter(c -> c.epoch() >= 1 && c.epoch() <= end).toList();
        if (window.isEmpty()) {
            return new Claim(id, text, Verdict.INCONCLUSIVE, "no Hessian checkpoint in epochs 1…" + end, interp);
        }
        double nm = window.stream().mapToDouble(Cp::negMass).min().getAsDouble();
        double it = window.stream().mapToDouble(Cp::indexTop).min().getAsDouble();
        double li = window.stream().mapToDouble(Cp::index).min().getAsDouble();
        return new Claim(id, text, Verdict.of(nm <= 0.5 * c0.negMass()), String.format("escape epoch %d; neg_mass %s at epoch 0, lowest "
                + "in epochs 1…%d: %s (index_top %s → %s; literal index %s → %s)", s.escape(), Tables.g(c0.negMass()), end, Tables.g(nm),
                Tables.g(c0.indexTop()), Tables.g(it), Tables.g(c0.index()), Tables.g(li)), interp);
    }

    /** Epoch of the largest neg_mass drop between consecutive every-epoch checkpoints vs the epoch of the largest gradient norm. */
    static Claim gradPeak(Run s) {
        int dropEpoch = -1, litEpoch = -1;
        double drop = 0, litDrop = 0;
        for (int i = 1; i < s.cps().size(); i++) {
            Cp a = s.cps().get(i - 1), b = s.cps().get(i);
            if (b.epoch() - a.epoch() != 1) continue;
            if (a.negMass() - b.negMass() > drop) {
                drop = a.negMass() - b.negMass();
                dropEpoch = b.epoch();
            }
            if (a.index() - b.index() > litDrop) {
                litDrop = a.index() - b.index();
                litEpoch = b.epoch();
            }
        }
        int peak = 0;
        for (int i = 1; i < s.gradCurve().length; i++) if (s.gradCurve()[i] > s.gradCurve()[peak]) peak = i;
        boolean ok = dropEpoch >= 0 && Math.abs(peak - dropEpoch) <= Math.max(2, 0.2 * dropEpoch);
        return new Claim("fig6.grad-peak-at-index-drop-r" + s.replicate(), "the gradient norm reaches its maximum when the index drops "
                + "dramatically (replicate " + s.replicate() + ")", dropEpoch < 0 ? Verdict.INCONCLUSIVE : Verdict.of(ok),
                String.format("largest one-epoch neg_mass drop (%s) at epoch %d; gradient norm maximal at epoch %d; escape epoch %s "
                        + "(literal index: largest drop at epoch %d)", Tables.g(drop), dropEpoch, peak, s.escape() < 0 ? "none" : s.escape(), litEpoch),
                "\"when\" = within max(2 epochs, 20%) of each other; the index drop is read on neg_mass between consecutive every-epoch checkpoints.");
    }
}
