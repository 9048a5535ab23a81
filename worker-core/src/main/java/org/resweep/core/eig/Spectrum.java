package org.resweep.core.eig;

import java.util.Arrays;

/** The Hessian statistics of docs/model.md §5 from a full sorted spectrum. */
public final class Spectrum {
    private Spectrum() {}

    /** Machine epsilon 2⁻⁵² of the index threshold τ = P·2⁻⁵²·max|λ| (docs/model.md §5). */
    public static final double EPS = 0x1.0p-52;

    /**
     * Statistics of a spectrum λ₁ ≤ … ≤ λ_P:
     * <ul>
     * <li>{@code maxAbsEig = max|λ|}, {@code minAbsEig = min|λ|}, {@code minEig = λ₁}, {@code maxEig = λ_P};</li>
     * <li>{@code p10AbsEig}: the 10th percentile of |λ| exactly as NumPy's default {@code percentile(a, 10)}
     *     ({@code method="linear"}): with a = sorted |λ|, position {@code h = (P−1)·0.1}, {@code j = ⌊h⌋},
     *     {@code g = h − j}, result {@code a[j] + g·(a[j+1] − a[j])} — computed as {@code a[j+1] − (1−g)·(a[j+1] −
     *     a[j])} when {@code g ≥ 0.5}, as NumPy's {@code _lerp} does, so the bits agree;</li>
     * <li>{@code cond = maxAbsEig / p10AbsEig}; when {@code p10AbsEig = 0} (at least 10 % of the spectrum is
     *     exactly zero — including the all-zero Hessian of docs/model.md §6, n ≥ 3) it is {@code +∞}, never NaN;</li>
     * <li>{@code index}: the fraction of eigenvalues below {@code −τ}, {@code τ = P·2⁻⁵²·maxAbsEig} (negative
     *     eigenvalues larger than rounding noise);</li>
     * <li>{@code trace = Σλ}, summed in ascending order of λ (a fixed order, so bit-reproducible).</li>
     * </ul>
     *
     * @param sortedEigs eigenvalues, ascending, finite, at least one. Not modified.
     * @throws IllegalArgumentException if empty, unsorted or non-finite
     */
    public static SpectrumStats stats(double[] sortedEigs) {
        int n = sortedEigs == null ? 0 : sortedEigs.length;
        if (n == 0) throw new IllegalArgumentException("spectrum: empty; needs at least one eigenvalue");
        double[] abs = new double[n];
        double trace = 0;
        for (int i = 0; i < n; i++) {
            double v = sortedEigs[i];
            if (!Double.isFinite(v)) throw new IllegalArgumentException("spectrum: eigenvalue " + i + " is " + v + "; must be finite");
            if (i > 0 && v < sortedEigs[i - 1]) {
                throw new IllegalArgumentException("spectrum: not sorted ascending at index " + i + " (" + sortedEigs[i - 1]
                        + " > " + v + ")");
            }
            abs[i] = Math.abs(v);
            trace += v;
        }
        Arrays.sort(abs);
        double maxAbs = abs[n - 1];
        double p10 = percentileLinear(abs, 0.1);
        double cond = p10 == 0 ? Double.POSITIVE_INFINITY : maxAbs / p10;
        double tau = n * EPS * maxAbs;
        int below = 0;
        while (below < n && sortedEigs[below] < -tau) below++;
        return new SpectrumStats(maxAbs, p10, abs[0], cond, (double) below / n, trace, sortedEigs[0], sortedEigs[n - 1]);
    }

    /**
     * NumPy's {@code quantile(a, q, method="linear")} of an ascending array (NumPy ≥ 1.22 {@code _lerp}).
     *
     * @param sorted ascending values, at least one. Not modified.
     * @param q      quantile in [0, 1]
     */
    static double percentileLinear(double[] sorted, double q) {
        int n = sorted.length;
        double h = (n - 1) * q;
        int j = (int) Math.floor(h);
        if (j >= n - 1) return sorted[n - 1];
        double g = h - j;
        double a = sorted[j], b = sorted[j + 1], diff = b - a;
        return g >= 0.5 ? b - diff * (1 - g) : a + diff * g;
    }
}
