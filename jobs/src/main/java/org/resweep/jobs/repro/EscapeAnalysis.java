package org.resweep.jobs.repro;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Escape from the saddle at zero (experiment {@code escape}): for n ≥ 3 the zero point is a stationary point of
 * order n − 1 (docs/model.md §6), so gradient descent from W = ε·V leaves it the later the smaller ε (the gradient is
 * O(ε^{n−1})), and from W = 0 exactly never. The escape epoch is {@code runs.escape_epoch}, the first epoch whose
 * loss is below 0.9 × the initial loss.
 *
 * <p>No-escape detector: a run that never escaped is "stuck" when its final loss is within {@link #STUCK} of its
 * initial loss (it stayed on the plateau); such runs are censored observations (escape later than the last epoch),
 * counted as {@code epochs + 1}, and support the claims rather than signal a bad learning-rate grid.
 */
final class EscapeAnalysis {
    /** "Final ≈ initial loss": relative change at most this. */
    static final double STUCK = 0.01;
    /** "Exactly at the initial loss" for W = 0 (the gradient is exactly zero): rounding of the loss evaluation. */
    static final double TOL_ZERO = Theorem2Analysis.TOL_ZERO;

    private EscapeAnalysis() {}

    /** One run; escape -1 if never. */
    record Run(int shortcut, int depth, String init, double scale, double lr, int replicate, String status, int escape, double initial,
               double fin, int epochs) {
        boolean stuck() { return escape < 0 && status.equals("ok") && Math.abs(fin - initial) <= STUCK * initial; }

        /** The escape epoch, censored at epochs + 1 when the run never escaped. */
        double censored() { return escape < 0 ? epochs + 1 : escape; }

        String outcome() {
            if (escape >= 0) return "escaped at " + escape + (status.equals("diverged") ? ", then diverged" : "");
            if (!status.equals("ok")) return status;
            return stuck() ? "no escape (final ≈ initial)" : "no escape (loss moved)";
        }
    }

    static Section analyse(SparkSession spark, Path dir, String name, Path figDir) throws IOException {
        List<Run> runs = new ArrayList<>();
        for (Row r : Tables.query(spark, "SELECT shortcut, depth, init, init_scale, learning_rate, replicate, status, escape_epoch, "
                + "initial_loss, final_loss, epochs FROM runs WHERE status <> 'failed' "
                + "ORDER BY shortcut, depth, learning_rate, init DESC, init_scale DESC, replicate")) {
            Object esc = r.getAs("escape_epoch");
            runs.add(new Run(Tables.integer(r, "shortcut"), Tables.integer(r, "depth"), Tables.str(r, "init"), Tables.num(r, "init_scale"),
                    Tables.num(r, "learning_rate"), Tables.integer(r, "replicate"), Tables.str(r, "status"), esc == null ? -1 : ((Number) esc).intValue(),
                    Tables.num(r, "initial_loss"), Tables.num(r, "final_loss"), Tables.integer(r, "epochs")));
        }
        List<List<String>> table = new ArrayList<>();
        // (n, depth, lr) → ε → runs with init small
        Map<String, TreeMap<Double, List<Run>>> small = new LinkedHashMap<>();
        List<Run> zero = new ArrayList<>();
        for (Run r : runs) {
            table.add(Tables.row(r.shortcut(), r.depth(), r.lr(), r.init().equals("small") ? Tables.g(r.scale()) : "0 (zero init)",
                    r.replicate(), r.outcome(), r.initial(), r.fin(), r.escape() >= 0 && r.init().equals("small") ? Tables.g(r.escape() * r.scale()) : ""));
            if (r.init().equals("zero")) zero.add(r);
            if (r.init().equals("small")) {
                small.computeIfAbsent(key(r), x -> new TreeMap<>()).computeIfAbsent(r.scale(), x -> new ArrayList<>()).add(r);
            }
        }
        List<Claim> claims = new ArrayList<>();
        claims.addAll(scaleClaims(small));
        List<Run> zero3 = zero.stream().filter(r -> r.shortcut() >= 3).toList();
        if (!zero3.isEmpty()) {
            double worst = 0;
            long escaped = 0, notOk = 0;
            for (Run r : zero3) {
                worst = Math.max(worst, Math.abs(r.fin() - r.initial()) / r.initial());
                if (r.escape() >= 0) escaped++;
                if (!r.status().equals("ok")) notOk++;
            }
            String rates = zero3.stream().map(r -> Tables.g(r.lr())).distinct().reduce((a, b) -> a + ", " + b).orElse("");
            claims.add(new Claim("escape.n3-no-escape-at-zero", "with n ≥ 3 the gradient at W = 0 is exactly zero: from zero init "
                    + "gradient descent never leaves it, at any learning rate", Verdict.of(escaped == 0 && notOk == 0 && worst <= TOL_ZERO),
                    String.format("%d zero-init runs (rates %s): %d escaped, %d not ok; max |final − initial| / initial = %s (tolerance %s)",
                            zero3.size(), rates, escaped, notOk, Tables.g(worst), Tables.g(TOL_ZERO))));
        }
        List<Path> figs = new ArrayList<>();
        Map<String, double[][]> series = new LinkedHashMap<>();
        small.forEach((k, byScale) -> {
            List<double[]> pts = new ArrayList<>();
            byScale.forEach((eps, rs) -> {
                List<Run> esc = rs.stream().filter(r -> r.escape() >= 0).toList();
                if (esc.size() == rs.size()) pts.add(new double[] {eps, Sample.of("", esc.stream().mapToDouble(Run::escape).toArray()).mean()});
            });
            if (pts.size() >= 2) series.put(k, new double[][] {pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray()});
        });
        if (!series.isEmpty()) {
            figs.add(Charts.line(figDir.resolve(name + "-escape-vs-scale.png"), new Charts.Axes("Escape from the saddle at zero vs init scale",
                    "ε (init_scale)", "escape epoch (mean over seeds; scales where every seed escaped)", true, true), series));
        }
        String md = "Escape epoch = first epoch with loss < 0.9 × initial (`runs.escape_epoch`). A run that never escaped is \"no escape "
                + "(final ≈ initial)\" when its final loss is within " + Tables.g(100 * STUCK) + "% of its initial loss (the plateau), else "
                + "\"no escape (loss moved)\". The last column, escape epoch × ε, is about constant when the escape time scales like 1/ε "
                + "(n = 3: the gradient at W = ε·V is O(ε²), so dε/dt ~ ηε² and the escape time ~ 1/(ηε)).\n\n"
                + Tables.markdown(List.of("n", "depth", "lr", "ε", "replicate", "outcome", "initial loss", "final loss", "escape epoch × ε"), table);
        return new Section(Experiment.ESCAPE, dir, name, md, figs, claims);
    }

    private static String key(Run r) {
        return "n = " + r.shortcut() + ", L = " + r.depth() + ", lr " + Tables.g(r.lr());
    }

    /** Least-squares slope of log(mean escape epoch) against log ε over the scales where every seed escaped; NaN below 2 scales. */
    static double slope(TreeMap<Double, List<Run>> byScale) {
        List<double[]> xy = new ArrayList<>();
        byScale.forEach((eps, rs) -> {
            if (rs.stream().allMatch(r -> r.escape() > 0)) {
                xy.add(new double[] {Math.log(eps), Math.log(rs.stream().mapToDouble(Run::escape).average().orElseThrow())});
            }
        });
        if (xy.size() < 2) return Double.NaN;
        double mx = xy.stream().mapToDouble(p -> p[0]).average().orElseThrow(), my = xy.stream().mapToDouble(p -> p[1]).average().orElseThrow();
        double sxy = 0, sxx = 0;
        for (double[] p : xy) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
        }
        return sxy / sxx;
    }

    /** n ≥ 3: at every rate, the escape epoch grows as ε shrinks. */
    static List<Claim> scaleClaims(Map<String, TreeMap<Double, List<Run>>> small) {
        List<String> ev = new ArrayList<>();
        int compared = 0, reversed = 0, significant = 0;
        for (Map.Entry<String, TreeMap<Double, List<Run>>> e : small.entrySet()) {
            TreeMap<Double, List<Run>> byScale = e.getValue();
            if (byScale.firstEntry().getValue().get(0).shortcut() < 3 || byScale.size() < 2) continue;
            List<Run> largest = byScale.lastEntry().getValue(), smallest = byScale.firstEntry().getValue();
            if (largest.stream().noneMatch(r -> r.escape() >= 0)) {
                ev.add(e.getKey() + ": even ε = " + Tables.g(byScale.lastKey()) + " never escaped (no comparison at this rate)");
                continue;
            }
            compared++;
            StringBuilder sb = new StringBuilder(e.getKey() + ": mean escape epoch (never = epochs + 1)");
            double prev = Double.NaN;
            boolean monotone = true;
            for (Map.Entry<Double, List<Run>> s : byScale.descendingMap().entrySet()) { // ε from largest to smallest
                Sample m = Sample.of("", s.getValue().stream().mapToDouble(Run::censored).toArray());
                long never = s.getValue().stream().filter(r -> r.escape() < 0).count();
                long stuck = s.getValue().stream().filter(Run::stuck).count();
                boolean allNever = never == s.getValue().size();
                if (!Double.isNaN(prev) && !(m.mean() > prev) && !(allNever && m.mean() == prev)) monotone = false;
                prev = m.mean();
                sb.append(" ε ").append(Tables.g(s.getKey())).append(" → ").append(Tables.g(m.mean()))
                        .append(never > 0 ? " (" + never + " never, " + stuck + " final ≈ initial)" : "").append(';');
            }
            Welch.Result w = Welch.test(Sample.of("ε = " + Tables.g(byScale.firstKey()), smallest.stream().mapToDouble(Run::censored).toArray()),
                    Sample.of("ε = " + Tables.g(byScale.lastKey()), largest.stream().mapToDouble(Run::censored).toArray()));
            if (!monotone) reversed++;
            else if (w.aHigher() == Verdict.HOLDS) significant++;
            ev.add(sb + " log-log slope of the escape epoch vs ε over the scales where every seed escaped: " + Tables.g(slope(byScale))
                    + " (−1 for an escape time ~ 1/ε); smallest vs largest ε: " + w.evidence());
        }
        if (ev.isEmpty()) return List.of();
        Verdict v = compared == 0 ? Verdict.INCONCLUSIVE : reversed > 0 ? Verdict.DOES_NOT_HOLD : significant == compared ? Verdict.HOLDS
                : Verdict.INCONCLUSIVE;
        return List.of(new Claim("escape.n3-slower-when-smaller", "with n ≥ 3 the zero point is a higher-order saddle: the smaller the "
                + "initial perturbation ε, the later gradient descent escapes it, at every learning rate", v, String.join("; ", ev),
                "escape = the first epoch below 0.9 × the initial loss; a run that never escaped counts as epochs + 1 (censored, so a "
                + "smaller ε stuck at its initial loss counts as support, not as a grid problem); holds if at every rate where the largest ε "
                + "escaped the seed-mean escape epoch grows strictly as ε shrinks (equal only when both never escape) and Welch's t-test "
                + "(α = " + Tables.g(Welch.ALPHA) + ") finds the smallest ε later than the largest; a reversal of means does not hold; "
                + "otherwise inconclusive."));
    }
}
