package org.resweep.jobs.repro;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Figure 4: cond of the Hessian at initialisation vs depth, per method (mean, min and max over seeds), and the
 * claims of the paper's §5.1.
 */
final class Fig4Analysis {
    /** cond of the 2-shortcut at zero equal at every depth, relative (docs/model.md §6: the same spectrum up to multiplicity). */
    static final double TOL_COND_EQUAL = 1e-9;

    private Fig4Analysis() {}

    /** Per-method series: depths ascending, mean/min/max cond over seeds. */
    record Curve(String method, double[] depth, double[] mean, double[] min, double[] max, double[] sd, int[] n) {
        int last() { return depth.length - 1; }

        /** The seeds at depth index i, summarised. */
        Sample at(int i) { return new Sample(method + ", L = " + (int) depth[i], mean[i], sd[i], n[i]); }
    }

    static Map<String, Curve> curves(SparkSession spark) {
        List<Row> rows = Tables.query(spark, "SELECT shortcut, init, depth, avg(init_cond) AS mean, min(init_cond) AS lo, "
                + "max(init_cond) AS hi, stddev_samp(init_cond) AS sd, count(*) AS n FROM runs WHERE status = 'ok' GROUP BY shortcut, init, depth "
                + "ORDER BY shortcut, init, depth");
        Map<String, List<Row>> by = new LinkedHashMap<>();
        for (Row r : rows) by.computeIfAbsent(Tables.method(Tables.integer(r, "shortcut"), Tables.str(r, "init")), x -> new ArrayList<>()).add(r);
        Map<String, Curve> out = new LinkedHashMap<>();
        by.forEach((m, rs) -> out.put(m, new Curve(m, rs.stream().mapToDouble(r -> Tables.num(r, "depth")).toArray(),
                rs.stream().mapToDouble(r -> Tables.num(r, "mean")).toArray(), rs.stream().mapToDouble(r -> Tables.num(r, "lo")).toArray(),
                rs.stream().mapToDouble(r -> Tables.num(r, "hi")).toArray(), rs.stream().mapToDouble(r -> Tables.num(r, "sd")).toArray(),
                rs.stream().mapToInt(r -> ((Number) r.getAs("n")).intValue()).toArray())));
        return out;
    }

    static Section analyse(SparkSession spark, Path dir, String name, Path figDir) throws IOException {
        Map<String, Curve> curves = curves(spark);
        Map<String, double[][]> series = new LinkedHashMap<>();
        List<List<String>> table = new ArrayList<>();
        for (Curve c : curves.values()) {
            series.put(c.method(), new double[][] {c.depth(), c.mean()});
            for (int i = 0; i < c.depth().length; i++) table.add(Tables.row(c.method(), (int) c.depth()[i], c.mean()[i], c.min()[i], c.max()[i]));
        }
        List<Path> figs = List.of(Charts.line(figDir.resolve(name + ".png"), new Charts.Axes("Fig. 4: cond of the Hessian at initialisation",
                "depth L", "cond = max|λ| / p10|λ| (mean over seeds)", false, true), series));
        List<Claim> claims = new ArrayList<>();
        Curve sc = curves.get("2-shortcut zero"), xa = curves.get("plain xavier"), or = curves.get("plain orthogonal");
        if (sc != null) {
            double lo = Arrays.stream(sc.min()).min().orElse(Double.NaN), hi = Arrays.stream(sc.max()).max().orElse(Double.NaN);
            double spread = (hi - lo) / lo;
            claims.add(new Claim("fig4.shortcut-constant", "2-shortcut at zero: the condition number at initialisation is the same for every depth",
                    sc.depth().length < 2 ? Verdict.INCONCLUSIVE : Verdict.of(spread <= TOL_COND_EQUAL),
                    String.format("cond over depths %s…%s and all seeds in [%s, %s]: relative spread %s (tolerance %s)",
                            (int) sc.depth()[0], (int) sc.depth()[sc.last()], Tables.g(lo), Tables.g(hi), Tables.g(spread), Tables.g(TOL_COND_EQUAL))));
        }
        for (Curve c : new Curve[] {xa, or}) {
            if (c == null) continue;
            claims.add(growth("fig4." + c.method().replace(' ', '-') + "-grows", c.method() + ": the condition number at initialisation grows with depth", c));
        }
        if (xa != null && or != null) {
            double dx = xa.depth()[xa.last()];
            int j = Arrays.binarySearch(or.depth(), dx);
            Welch.Result w = j < 0 ? null : Welch.test(xa.at(xa.last()), or.at(j));
            claims.add(new Claim("fig4.xavier-above-orthogonal", "Xavier's condition number grows faster than orthogonal's: larger at the largest depth",
                    w == null ? Verdict.INCONCLUSIVE : w.aHigher(), w == null ? "no common largest depth" : w.evidence(),
                    "\"grows faster\" read as larger at the largest common depth; Welch's t-test over seeds at α = " + Tables.g(Welch.ALPHA) + "."));
        }
        if (sc != null && xa != null && or != null) {
            double d = sc.depth()[sc.last()];
            int jx = Arrays.binarySearch(xa.depth(), d), jo = Arrays.binarySearch(or.depth(), d);
            boolean ok = jx >= 0 && jo >= 0;
            Welch.Result wx = ok ? Welch.test(sc.at(sc.last()), xa.at(jx)) : null, wo = ok ? Welch.test(sc.at(sc.last()), or.at(jo)) : null;
            Verdict v = !ok ? Verdict.INCONCLUSIVE : wx.aLower() == Verdict.HOLDS && wo.aLower() == Verdict.HOLDS ? Verdict.HOLDS
                    : wx.aLower() == Verdict.DOES_NOT_HOLD || wo.aLower() == Verdict.DOES_NOT_HOLD ? Verdict.DOES_NOT_HOLD : Verdict.INCONCLUSIVE;
            claims.add(new Claim("fig4.shortcut-smallest", "at the largest depth the 2-shortcut's condition number at initialisation is below both plain networks'",
                    v, !ok ? "no common largest depth" : wx.evidence() + "; " + wo.evidence(),
                    "largest depth of the 2-shortcut curve; Welch's t-test over seeds at α = " + Tables.g(Welch.ALPHA)
                    + " (the 2-shortcut at zero has no seed spread)."));
        }
        String md = Tables.markdown(List.of("method", "depth", "mean cond", "min cond", "max cond"), table);
        return new Section(Experiment.FIG4, dir, name, md, figs, claims);
    }

    /**
     * Holds if the mean over seeds rises at every depth step and the largest depth is significantly above the smallest
     * (Welch); does not hold if it is significantly below; else inconclusive.
     */
    static Claim growth(String id, String text, Curve c) {
        int up = 0;
        for (int i = 1; i < c.depth().length; i++) if (c.mean()[i] > c.mean()[i - 1]) up++;
        int steps = c.depth().length - 1;
        Welch.Result w = steps < 1 ? null : Welch.test(c.at(c.last()), c.at(0));
        Verdict v = steps < 2 || w == null ? Verdict.INCONCLUSIVE : w.aHigher() == Verdict.DOES_NOT_HOLD ? Verdict.DOES_NOT_HOLD
                : up == steps && w.aHigher() == Verdict.HOLDS ? Verdict.HOLDS : Verdict.INCONCLUSIVE;
        return new Claim(id, text, v, String.format("mean cond rises in %d of %d depth steps; %s", up, steps, w == null ? "one depth" : w.evidence()),
                "\"grows with depth\" = the mean rises at every step of our depth grid and the deepest is significantly above the "
                + "shallowest (Welch, α = " + Tables.g(Welch.ALPHA) + "); at initialisation the literal cond has no near-null tail, so it is used.");
    }
}
