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

    private static boolean drawable(double v, boolean log) {
        return Double.isFinite(v) && (!log || v > 0);
    }
}
