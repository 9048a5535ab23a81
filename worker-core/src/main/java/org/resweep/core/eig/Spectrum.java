package org.resweep.core.eig;

import java.util.Arrays;

/** The Hessian statistics ({@link SpectrumStats}, docs/model.md §5) from a full sorted spectrum. */
public final class Spectrum {
    private Spectrum() {}

    /** Machine epsilon 2⁻⁵² of the index threshold τ = P·2⁻⁵²·max|λ| (docs/model.md §5). */
    public static final double EPS = 0x1.0p-52;

    /** Relative thresholds of {@code index_1e6}/{@code n_flat} and {@code index_1e3}. */
    public static final double T_1E6 = 1e-6, T_1E3 = 1e-3;

    /**
     * Statistics of a spectrum λ₁ ≤ … ≤ λ_P. The paper's literal statistics:
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
     * Curvature-weighted statistics (a linear network's loss depends on its weights only through the d×d end-to-end
     * map, so near a minimum about P − d² eigenvalues are tiny and split about half and half in sign: the literal
     * index has a floor ≈ (1 − d²/P)/2 and p10|λ| falls into that flat tail):
     * <ul>
     * <li>{@code indexRaw}: fraction of λ &lt; 0 (−0.0 is not negative);</li>
     * <li>{@code index1e6}, {@code index1e3}: fraction of λ &lt; −t·maxAbsEig, with {@code t·maxAbsEig} one double
     *     product, t = 1e-6, 1e-3;</li>
     * <li>{@code negMass = Σ_{λ<0}|λ| / Σ|λ|}: both sums run sequentially in ascending order of λ (NumPy:
     *     {@code np.cumsum(...)[-1]} over the sorted array); 0 when Σ|λ| = 0;</li>
     * <li>the r largest |λ| ({@code r = min(topR, P)}): the eigenvalues ordered by |λ| descending, ties broken by
     *     position in the ascending spectrum (the smaller λ first, so of an exact ±σ pair the negative one comes
     *     first) — NumPy: {@code np.argsort(-np.abs(lam), kind="stable")[:r]} over the ascending {@code lam};
     *     {@code indexTop} is the fraction of λ &lt; 0 among them and {@code condTop = maxAbsEig / |λ|₍r₎} with
     *     |λ|₍r₎ the r-th largest |λ| (independent of ties), {@code +∞} when it is 0;</li>
     * <li>{@code nFlat}: the number of eigenvalues with |λ| ≤ 1e-6·maxAbsEig (all of them for the zero spectrum).</li>
     * </ul>
     *
     * @param sortedEigs eigenvalues, ascending, finite, at least one. Not modified.
     * @param topR       r ≥ 1: d² for a network of width d (the rank bound of a linear network's Gauss–Newton part)
     * @throws IllegalArgumentException if empty, unsorted or non-finite, or topR &lt; 1
     */
    public static SpectrumStats stats(double[] sortedEigs, int topR) {
        int n = sortedEigs == null ? 0 : sortedEigs.length;
        if (n == 0) throw new IllegalArgumentException("spectrum: empty; needs at least one eigenvalue");
        if (topR < 1) throw new IllegalArgumentException("top_r: " + topR + " is not allowed; must be ≥ 1");
        double[] abs = new double[n];
        double trace = 0, absSum = 0, negSum = 0;
        int negatives = 0;
        for (int i = 0; i < n; i++) {
            double v = sortedEigs[i];
            if (!Double.isFinite(v)) throw new IllegalArgumentException("spectrum: eigenvalue " + i + " is " + v + "; must be finite");
            if (i > 0 && v < sortedEigs[i - 1]) {
                throw new IllegalArgumentException("spectrum: not sorted ascending at index " + i + " (" + sortedEigs[i - 1]
                        + " > " + v + ")");
            }
            abs[i] = Math.abs(v);
            trace += v;
            absSum += abs[i];
            if (v < 0) {
                negatives++;
                negSum += abs[i];
            }
        }
        Arrays.sort(abs);
        double maxAbs = abs[n - 1];
        double p10 = percentileLinear(abs, 0.1);
        double cond = p10 == 0 ? Double.POSITIVE_INFINITY : maxAbs / p10;
        double tau = n * EPS * maxAbs;
        double t6 = T_1E6 * maxAbs, t3 = T_1E3 * maxAbs;
        int r = Math.min(topR, n);
        int topNeg = negativesAmongLargest(sortedEigs, r);
        double rth = abs[n - r];
        int flat = 0;
        while (flat < n && abs[flat] <= t6) flat++;
        return new SpectrumStats(maxAbs, p10, abs[0], cond, countBelow(sortedEigs, -tau) / (double) n, trace,
                sortedEigs[0], sortedEigs[n - 1], (double) negatives / n, countBelow(sortedEigs, -t6) / (double) n,
                countBelow(sortedEigs, -t3) / (double) n, absSum == 0 ? 0.0 : negSum / absSum, r, (double) topNeg / r,
                rth == 0 ? Double.POSITIVE_INFINITY : maxAbs / rth, flat);
    }

    /** Number of leading entries of an ascending array that are {@code < bound}. */
    private static int countBelow(double[] sorted, double bound) {
        int k = 0;
        while (k < sorted.length && sorted[k] < bound) k++;
        return k;
    }

    /**
     * How many of the r largest |λ| of an ascending spectrum are negative: a merge from both ends (|λ| falls from
     * the left end towards the sign change and rises again to the right end), taking the left one on ties — the
     * order of a stable sort of the ascending array by descending |λ|.
     */
    static int negativesAmongLargest(double[] sorted, int r) {
        int i = 0, j = sorted.length - 1, neg = 0;
        for (int taken = 0; taken < r; taken++) {
            if (Math.abs(sorted[i]) >= Math.abs(sorted[j])) {
                if (sorted[i] < 0) neg++;
                i++;
            } else {
                if (sorted[j] < 0) neg++;
                j--;
            }
        }
        return neg;
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
