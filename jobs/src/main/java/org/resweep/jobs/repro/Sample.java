package org.resweep.jobs.repro;

/**
 * One group of seed replicates, summarised: mean, sample standard deviation (n − 1) and count; the standard error
 * of the mean is {@code std / √n}. A diverged seed makes the mean +∞ (as in {@code best_lr}).
 *
 * @param label what the group is ("2-shortcut small, L = 24")
 * @param mean  mean over the seeds
 * @param std   sample standard deviation (NaN if n &lt; 2)
 * @param n     number of seeds
 */
record Sample(String label, double mean, double std, int n) {

    /** The summary of {@code values} (means summed in the given order). */
    static Sample of(String label, double[] values) {
        int n = values.length;
        double s = 0;
        for (double v : values) s += v;
        double mean = n == 0 ? Double.NaN : s / n;
        double ss = 0;
        for (double v : values) ss += (v - mean) * (v - mean);
        return new Sample(label, mean, n < 2 || !Double.isFinite(mean) ? Double.NaN : Math.sqrt(ss / (n - 1)), n);
    }

    /** Standard error of the mean, {@code std / √n} (NaN if n &lt; 2). */
    double se() { return n < 2 ? Double.NaN : std / Math.sqrt(n); }

    /** "label 0.335 ± 0.000412 (n = 3)" — mean ± standard error. */
    String describe() {
        if (n == 0) return label;
        return label + " " + Tables.g(mean) + (n >= 2 && Double.isFinite(se()) ? " ± " + Tables.g(se()) : "") + " (n = " + n + ")";
    }
}
