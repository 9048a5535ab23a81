package org.resweep.jobs.repro;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Line charts written as PNG with XChart, headless. Points that cannot be drawn (non-finite, or ≤ 0 on a log axis)
 * are dropped, and a series left empty is omitted: the tables in the report still show every value.
 */
public final class Charts {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /** A chart's axes: titles and whether each is logarithmic. */
    public record Axes(String title, String x, String y, boolean logX, boolean logY) {}

    /**
     * Writes a line chart with one series per map entry (in the map's order).
     *
     * @param series name → {xs, ys} (equal lengths). Not modified.
     * @return the file written
     */
    public static Path line(Path file, Axes a, Map<String, double[][]> series) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        XYChart chart = new XYChartBuilder().width(800).height(560).title(a.title()).xAxisTitle(a.x()).yAxisTitle(a.y()).build();
        chart.getStyler().setXAxisLogarithmic(a.logX());
        chart.getStyler().setYAxisLogarithmic(a.logY());
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        int drawn = 0;
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            double[] x = e.getValue()[0], y = e.getValue()[1];
            for (int i = 0; i < x.length; i++) {
                if (drawable(x[i], a.logX()) && drawable(y[i], a.logY())) {
                    xs.add(x[i]);
                    ys.add(y[i]);
                }
            }
            if (xs.isEmpty()) continue;
            chart.addSeries(e.getKey(), xs, ys).setMarker(SeriesMarkers.CIRCLE);
            drawn++;
        }
        if (drawn == 0) chart.addSeries("(no finite values)", new double[] {1}, new double[] {1});
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapFormat.PNG);
        return file;
    }

    /** Bins of the symlog spectrum histograms. */
    public static final int HIST_BINS = 60;

    /**
     * Sorted |λ| against rank, log-log, one series per spectrum (where the near-null tail starts shows at a glance).
     *
     * @param spectra label → eigenvalues (any order; zeros are not drawn on the log axes)
     */
    public static Path sortedSpectra(Path file, String title, Map<String, double[]> spectra) throws IOException {
        Map<String, double[][]> sorted = new java.util.LinkedHashMap<>();
        spectra.forEach((k, v) -> sorted.put(k, sortedAbs(v)));
        return line(file, new Axes(title, "rank (1 = largest |λ|)", "|λ| (log)", true, true), sorted);
    }

    /** Symlog histograms ({@link #symlogHistogram}, {@link #HIST_BINS} bins), one series per spectrum. */
    public static Path spectrumHistograms(Path file, String title, Map<String, double[]> spectra) throws IOException {
        Map<String, double[][]> hist = new java.util.LinkedHashMap<>();
        spectra.forEach((k, v) -> hist.put(k, symlogHistogram(v, HIST_BINS)));
        return line(file, new Axes(title, "sign(λ)·log10(1 + |λ| / (1e-6·max|λ|))", "eigenvalues per bin", false, false), hist);
    }

    /** |λ| descending against rank 1…P (zeros left out: the plot is log-log); returns {ranks, |λ|}. */
    public static double[][] sortedAbs(double[] eig) {
        double[] a = java.util.Arrays.stream(eig).map(Math::abs).filter(v -> v > 0).sorted().toArray();
        double[] x = new double[a.length], y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            x[i] = i + 1;
            y[i] = a[a.length - 1 - i];
        }
        return new double[][] {x, y};
    }

    /**
     * Histogram of {@code t(λ) = sign(λ)·log10(1 + |λ|/τ)}, τ = 1e-6·max|λ| (a symmetric log scale: linear within τ of 0,
     * logarithmic beyond, so the near-null tail and the large eigenvalues of both signs show in one plot), over
     * {@code bins} equal bins of [−t_max, t_max]; returns bin centres and counts.
     */
    public static double[][] symlogHistogram(double[] eig, int bins) {
        double max = 0;
        for (double v : eig) max = Math.max(max, Math.abs(v));
        double tau = 1e-6 * max, top = max == 0 ? 1 : Math.log10(1 + max / tau);
        double[] x = new double[bins], y = new double[bins];
        for (int b = 0; b < bins; b++) x[b] = -top + (b + 0.5) * 2 * top / bins;
        for (double v : eig) {
            double t = max == 0 ? 0 : Math.signum(v) * Math.log10(1 + Math.abs(v) / tau);
            y[Math.min(bins - 1, Math.max(0, (int) Math.floor((t + top) / (2 * top) * bins)))]++;
        }
        return new double[][] {x, y};
    }

    private static boolean drawable(double v, boolean log) {
        return Double.isFinite(v) && (!log || v > 0);
    }
}
