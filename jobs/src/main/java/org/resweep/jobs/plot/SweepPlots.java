package org.resweep.jobs.plot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import java.util.stream.Collectors;
import org.resweep.driver.results.ConfigColumns;
import org.resweep.jobs.repro.Charts;
import org.resweep.jobs.sql.QueryResult;
import org.resweep.jobs.sql.SqlEngine;
import org.resweep.jobs.sql.SweepSource;

/**
 * The figures of any sweep (PNG, XChart), from its tables through an {@link SqlEngine}:
 * <ul>
 *   <li>{@code NAME-loss-curves.png}: loss vs epoch of every configuration at its best learning rate (replicate 0);</li>
 *   <li>{@code NAME-loss-vs-lr.png}: mean final loss over seeds vs learning rate, per configuration, the best rate
 *       marked;</li>
 *   <li>{@code NAME-best-vs-depth.png}: mean final loss at the best rate vs depth, per method, with the seeds'
 *       standard deviation as error bars;</li>
 *   <li>{@code NAME-hessian-STAT.png} (STAT = cond, index, max_abs_eig): Hessian statistics vs epoch at the best rate
 *       (replicate 0), when the sweep computed Hessians at several checkpoints;</li>
 *   <li>{@code NAME-spectrum-K.png} and {@code NAME-spectrum-K-sorted.png}: symlog histograms of the Hessian spectrum
 *       ({@link Charts#spectrumHistograms}) and sorted |λ| against rank ({@link Charts#sortedSpectra}) at the first and
 *       last checkpoint of up to {@link #MAX_SPECTRA} configurations (best rate, replicate 0), when spectra are stored
 *       — the same figures as the paper's fig5-6.</li>
 * </ul>
 * Non-finite values (diverged runs) and non-positive values on log axes are not drawn (see {@link Charts}); the
 * tables keep every value.
 */
public final class SweepPlots {
    /** Configurations whose spectra are plotted, at most. */
    public static final int MAX_SPECTRA = 8;

    private static final String METHOD = method("");
    private static final String CONFIG = config("");

    /** The method label ({@code 2-shortcut small}, {@code plain xavier relu@mid}) of table alias {@code p} ("r." or ""). */
    private static String method(String p) {
        return "CASE WHEN " + p + "shortcut = 0 THEN 'plain' ELSE CAST(" + p + "shortcut AS STRING) || '-shortcut' END || ' ' || "
                + p + "init || CASE WHEN " + p + "activation = 'linear' THEN '' ELSE ' ' || " + p + "activation || '@' || " + p
                + "positions END";
    }

    private static String config(String p) { return method(p) + " || ' L=' || CAST(" + p + "depth AS STRING)"; }
    /** Join of a runs/checkpoints alias {@code r} with best_lr {@code b} at the best rate. */
    private static final String AT_BEST = ConfigColumns.GROUP_KEY.stream()
            .map(k -> "r." + k + " IS NOT DISTINCT FROM b." + k).collect(Collectors.joining(" AND ")) + " AND r.learning_rate = b.best_lr";

    private SweepPlots() {}

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** Writes the figures of {@code sweep} into {@code figDir}; returns the files written. */
    public static List<Path> write(SqlEngine engine, SweepSource sweep, Path figDir) throws Exception {
        Files.createDirectories(figDir);
        String name = sweep.label().replaceAll("[^A-Za-z0-9._-]", "_");
        List<SweepSource> one = List.of(sweep);
        List<Path> out = new ArrayList<>();

        QueryResult curves = engine.query(one, "SELECT " + config("r.") + " AS config, r.loss_curve FROM runs r JOIN best_lr b ON " + AT_BEST
                + " WHERE r.replicate = 0 AND r.loss_curve IS NOT NULL ORDER BY r.shortcut, r.init, r.activation, r.depth");
        Map<String, double[][]> series = new LinkedHashMap<>();
        for (Object[] r : curves.rows()) {
            double[] y = doubles(r[1]);
            double[] x = new double[y.length];
            for (int i = 0; i < x.length; i++) x[i] = i;
            series.put((String) r[0], new double[][] {x, y});
        }
        out.add(line(figDir.resolve(name + "-loss-curves.png"),
                new Charts.Axes(sweep.label() + ": loss at the best learning rate (seed 0)", "epoch", "loss", false, true), series, null));

        QueryResult byLr = engine.query(one, "SELECT " + CONFIG + " AS config, learning_rate, "
                + "avg(CASE WHEN status = 'ok' THEN final_loss END) AS mean_loss, count(*) FILTER (WHERE status <> 'ok') AS bad "
                + "FROM runs GROUP BY shortcut, init, activation, positions, depth, learning_rate ORDER BY config, learning_rate");
        QueryResult best = engine.query(one, "SELECT " + CONFIG + " AS config, best_lr, mean_final_loss, depth, " + METHOD + " AS method, "
                + "std_final_loss FROM best_lr WHERE best_lr IS NOT NULL ORDER BY shortcut, init, activation, depth");
        Map<String, double[][]> lrSeries = new LinkedHashMap<>();
        Map<String, List<double[]>> pts = new LinkedHashMap<>();
        for (Object[] r : byLr.rows()) {
            double y = ((Number) r[3]).longValue() > 0 || r[2] == null ? Double.NaN : ((Number) r[2]).doubleValue();
            pts.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add(new double[] {((Number) r[1]).doubleValue(), y});
        }
        pts.forEach((k, v) -> lrSeries.put(k, columns(v)));
        List<double[]> marks = new ArrayList<>();
        for (Object[] r : best.rows()) marks.add(new double[] {((Number) r[1]).doubleValue(), ((Number) r[2]).doubleValue()});
        lrSeries.put("best rate", columns(marks));
        out.add(line(figDir.resolve(name + "-loss-vs-lr.png"), new Charts.Axes(sweep.label()
                + ": mean final loss over seeds vs learning rate", "learning rate (a rate with a diverged or failed seed is not drawn)",
                "final loss", true, true), lrSeries, "best rate"));

        Map<String, List<double[]>> byMethod = new LinkedHashMap<>();
        for (Object[] r : best.rows()) {
            double std = r[5] == null ? 0 : ((Number) r[5]).doubleValue();
            byMethod.computeIfAbsent((String) r[4], k -> new ArrayList<>())
                    .add(new double[] {((Number) r[3]).doubleValue(), ((Number) r[2]).doubleValue(), std});
        }
        out.add(errorBars(figDir.resolve(name + "-best-vs-depth.png"), sweep.label()
                + ": mean final loss at the best learning rate (bars: std over seeds)", "depth", "final loss", byMethod));

        QueryResult hess = engine.query(one, "SELECT " + config("b.") + " AS config, r.epoch, r.cond, r.index, r.max_abs_eig, r.spectrum "
                + "FROM checkpoints r JOIN (SELECT b.*, x.run_id FROM best_lr b JOIN runs x ON " + AT_BEST.replace("r.", "x.")
                + " WHERE x.replicate = 0) b ON r.run_id = b.run_id WHERE r.has_hessian ORDER BY config, r.epoch");
        Map<String, Integer> checkpointsPerConfig = new LinkedHashMap<>();
        for (Object[] r : hess.rows()) checkpointsPerConfig.merge((String) r[0], 1, Integer::sum);
        if (checkpointsPerConfig.values().stream().anyMatch(n -> n > 1)) {
            String[] stats = {"cond", "index", "max_abs_eig"};
            for (int s = 0; s < stats.length; s++) {
                Map<String, List<double[]>> byConfig = new LinkedHashMap<>();
                for (Object[] r : hess.rows()) {
                    double v = r[2 + s] == null ? Double.NaN : ((Number) r[2 + s]).doubleValue();
                    byConfig.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add(new double[] {((Number) r[1]).doubleValue(), v});
                }
                Map<String, double[][]> sr = new LinkedHashMap<>();
                byConfig.forEach((k, v) -> sr.put(k, columns(v)));
                out.add(Charts.line(figDir.resolve(name + "-hessian-" + stats[s].replace('_', '-') + ".png"), new Charts.Axes(sweep.label()
                        + ": Hessian " + stats[s] + " vs epoch (best rate, seed 0)", "epoch", stats[s], false, !stats[s].equals("index")), sr));
            }
        }
        out.addAll(spectra(figDir, name, sweep.label(), hess));
        return out;
    }

    private static List<Path> spectra(Path figDir, String name, String label, QueryResult hess) throws IOException {
        Map<String, List<Object[]>> byConfig = new LinkedHashMap<>();
        for (Object[] r : hess.rows()) {
            if (r[5] != null) byConfig.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add(r);
        }
        List<Path> out = new ArrayList<>();
        int k = 0;
        for (Map.Entry<String, List<Object[]>> e : byConfig.entrySet()) {
            if (k >= MAX_SPECTRA) break;
            List<Object[]> cps = e.getValue();
            Map<String, double[]> hist = new LinkedHashMap<>();
            for (Object[] cp : cps.size() > 1 ? List.of(cps.get(0), cps.get(cps.size() - 1)) : cps) {
                hist.put("epoch " + ((Number) cp[1]).intValue(), doubles(cp[5]));
            }
            k++;
            out.add(Charts.spectrumHistograms(figDir.resolve(name + "-spectrum-" + k + ".png"), label + ": Hessian spectrum (symlog), "
                    + e.getKey(), hist));
            out.add(Charts.sortedSpectra(figDir.resolve(name + "-spectrum-" + k + "-sorted.png"), label + ": sorted |eigenvalues|, "
                    + e.getKey(), hist));
        }
        return out;
    }

    /** Like {@link Charts#line}, with series {@code marksOnly} (may be null) drawn as markers without a line. */
    static Path line(Path file, Charts.Axes a, Map<String, double[][]> series, String marksOnly) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(560).title(a.title()).xAxisTitle(a.x()).yAxisTitle(a.y()).build();
        chart.getStyler().setXAxisLogarithmic(a.logX());
        chart.getStyler().setYAxisLogarithmic(a.logY());
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setMarkerSize(5);
        int drawn = 0;
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            double[] x = e.getValue()[0], y = e.getValue()[1];
            for (int i = 0; i < x.length; i++) {
                if (Double.isFinite(x[i]) && Double.isFinite(y[i]) && (!a.logX() || x[i] > 0) && (!a.logY() || y[i] > 0)) {
                    xs.add(x[i]);
                    ys.add(y[i]);
                }
            }
            if (xs.isEmpty()) continue;
            XYSeries s = chart.addSeries(e.getKey(), xs, ys);
            if (e.getKey().equals(marksOnly)) {
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(SeriesMarkers.DIAMOND);
                s.setMarkerColor(java.awt.Color.BLACK);
            } else {
                s.setMarker(xs.size() > 50 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE); // long curves: the line alone
            }
            drawn++;
        }
        if (drawn == 0) chart.addSeries("(no finite values)", new double[] {1}, new double[] {1});
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapFormat.PNG);
        return file;
    }

    /** A chart of {x, y, err} points per series, with error bars. */
    static Path errorBars(Path file, String title, String x, String y, Map<String, List<double[]>> series) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(560).title(title).xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setMarkerSize(6);
        int drawn = 0;
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>(), es = new ArrayList<>();
            for (double[] p : e.getValue()) {
                if (Double.isFinite(p[0]) && Double.isFinite(p[1])) {
                    xs.add(p[0]);
                    ys.add(p[1]);
                    es.add(Double.isFinite(p[2]) ? p[2] : 0);
                }
            }
            if (xs.isEmpty()) continue;
            XYSeries s = chart.addSeries(e.getKey(), xs, ys, es);
            s.setMarker(SeriesMarkers.CIRCLE);
            drawn++;
        }
        if (drawn == 0) chart.addSeries("(no finite values)", new double[] {1}, new double[] {1});
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapFormat.PNG);
        return file;
    }

    private static double[][] columns(List<double[]> pts) {
        double[] xs = new double[pts.size()], ys = new double[pts.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = pts.get(i)[0];
            ys[i] = pts.get(i)[1];
        }
        return new double[][] {xs, ys};
    }

    private static double[] doubles(Object list) {
        List<?> l = (List<?>) list;
        double[] a = new double[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = l.get(i) == null ? Double.NaN : ((Number) l.get(i)).doubleValue();
        return a;
    }
}
