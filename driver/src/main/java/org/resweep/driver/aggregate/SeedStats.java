package org.resweep.driver.aggregate;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Mergeable statistics of one configuration at one learning rate over its seeds.
 *
 * <p>A diverged seed counts as a final loss of +∞ (docs/results-schema.md), so any divergence makes the mean +∞; a failed seed is
 * not a result and is only counted. Finite losses are kept sorted, and mean and standard deviation are computed
 * from the sorted values, so the result is bit-identical whatever order seeds were added or merged in.
 *
 * <p>{@code mean = (Σ x_i)/n}; {@code std = sqrt(Σ (x_i − mean)² / (n − 1))} (sample standard deviation), undefined
 * (null) when n &lt; 2 or the mean is infinite.
 */
public final class SeedStats implements Serializable {
    private double[] finite = new double[0];
    private int diverged;
    private int failed;

    /** Adds one seed's outcome. A non-finite loss reported as {@code ok} is treated as diverged. */
    public SeedStats add(String status, double finalLoss) {
        switch (status) {
            case "failed" -> failed++;
            case "diverged" -> diverged++;
            case "ok" -> {
                if (Double.isFinite(finalLoss)) insert(finalLoss);
                else diverged++;
            }
            default -> throw new IllegalArgumentException("status: '" + status + "'; allowed: ok, diverged, failed");
        }
        return this;
    }

    /** Merges {@code other} into this (order-independent). Other is not modified. */
    public SeedStats merge(SeedStats other) {
        for (double v : other.finite) insert(v);
        diverged += other.diverged;
        failed += other.failed;
        return this;
    }

    private void insert(double v) {
        double[] a = Arrays.copyOf(finite, finite.length + 1);
        a[finite.length] = v;
        Arrays.sort(a);
        finite = a;
    }

    /** Seeds with a result (ok or diverged). */
    public int seeds() { return finite.length + diverged; }

    public int diverged() { return diverged; }

    public int failed() { return failed; }

    /** Mean final loss; +∞ if a seed diverged; NaN if no seed has a result. */
    public double mean() {
        if (seeds() == 0) return Double.NaN;
        if (diverged > 0) return Double.POSITIVE_INFINITY;
        double s = 0;
        for (double v : finite) s += v;
        return s / finite.length;
    }

    /** Sample standard deviation, or null when undefined (fewer than 2 seeds, or a divergence). */
    public Double std() {
        if (diverged > 0 || finite.length < 2) return null;
        double m = mean(), s = 0;
        for (double v : finite) s += (v - m) * (v - m);
        return Math.sqrt(s / (finite.length - 1));
    }
}
