package org.resweep.jobs.repro;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Welch's two-sample t-test (unequal variances), two-sided, on seed summaries: {@code t = (m_a − m_b) / √(s_a²/n_a +
 * s_b²/n_b)} with Welch–Satterthwaite degrees of freedom; the p-value from Student's t (Apache Commons Math). A
 * comparison is decided only when {@code p < α}; otherwise it is "within noise" and the verdict inconclusive.
 *
 * <p>Edge cases, decided before the test: fewer than 2 seeds on a side → {@link Order#TOO_FEW} (no test possible);
 * a non-finite mean (a diverged seed) against a finite one → the finite side is lower, decisively (every seed of
 * the finite side trained); both non-finite → not significant; both standard deviations 0 → decided by the means
 * (p = 0 if they differ).
 */
final class Welch {
    /** Significance level of every comparative verdict of the report. */
    static final double ALPHA = 0.05;

    private Welch() {}

    /** How a compares to b. */
    enum Order { LOWER, HIGHER, NOT_SIGNIFICANT, TOO_FEW }

    /**
     * The outcome of one test.
     *
     * @param a     first group
     * @param b     second group
     * @param t     Welch's t (NaN where no test ran)
     * @param df    Welch–Satterthwaite degrees of freedom (NaN where no test ran)
     * @param p     two-sided p-value (0 for the decisive edge cases, NaN where no test ran)
     * @param alpha significance level
     * @param order a lower / higher than b at level α, not significant, or too few seeds
     */
    record Result(Sample a, Sample b, double t, double df, double p, double alpha, Order order) {

        /** Verdict of the claim "a is lower than b": holds / does not hold when significant, else inconclusive. */
        Verdict aLower() {
            return order == Order.LOWER ? Verdict.HOLDS : order == Order.HIGHER ? Verdict.DOES_NOT_HOLD : Verdict.INCONCLUSIVE;
        }

        /** Verdict of the claim "a is higher than b". */
        Verdict aHigher() {
            return order == Order.HIGHER ? Verdict.HOLDS : order == Order.LOWER ? Verdict.DOES_NOT_HOLD : Verdict.INCONCLUSIVE;
        }

        /** The numbers: both means ± SE, t, df, p, α and the reading. */
        String evidence() {
            String test = Double.isNaN(t) ? (order == Order.TOO_FEW ? (Double.isNaN(a.mean()) || Double.isNaN(b.mean()) ? "no usable mean on a side: no test"
                    : "fewer than 2 seeds on a side: no test") : "decided without a test ("
                    + (Double.isFinite(a.mean()) && Double.isFinite(b.mean()) ? "zero spread" : "a side diverged") + ")")
                    : String.format("%s t = %s, df = %s, p = %s", b.n() == 0 ? "one-sample" : "Welch", Tables.g(t), Tables.g(df), Tables.g(p));
            String reading = switch (order) {
                case LOWER -> "lower, significant";
                case HIGHER -> "higher, significant";
                case NOT_SIGNIFICANT -> "within noise";
                case TOO_FEW -> "not testable";
            };
            return a.describe() + " vs " + b.describe() + ": " + test + ", α = " + Tables.g(alpha) + " → " + reading;
        }
    }

    static Result test(Sample a, Sample b) { return test(a, b, ALPHA); }

    /**
     * Half-width of the two-sided (1 − α) confidence interval of a's mean, {@code t_{1−α/2, n−1}·SE} (Student's t);
     * NaN with fewer than 2 values, 0 with zero spread. For equivalence claims: "the same within a margin" holds when
     * the whole interval lies inside the margin (two one-sided tests), fails when it lies wholly outside.
     */
    static double halfWidth(Sample a) {
        if (a.n() < 2 || !Double.isFinite(a.mean())) return Double.NaN;
        if (!(a.std() > 0)) return 0;
        return new TDistribution(null, a.n() - 1).inverseCumulativeProbability(1 - ALPHA / 2) * a.se();
    }

    /**
     * One-sample t-test of a's mean against a fixed value {@code mu} (df = n − 1), two-sided; {@code b} of the result
     * is {@code mu} as a sample of n = 0. Fewer than 2 values → TOO_FEW; zero spread → decided by the mean.
     */
    static Result versus(Sample a, String muLabel, double mu) {
        Sample b = new Sample(muLabel, mu, 0, 0);
        if (a.n() < 2 || Double.isNaN(a.mean())) return new Result(a, b, Double.NaN, Double.NaN, Double.NaN, ALPHA, Order.TOO_FEW);
        if (!(a.std() > 0)) {
            Order o = a.mean() < mu ? Order.LOWER : a.mean() > mu ? Order.HIGHER : Order.NOT_SIGNIFICANT;
            return new Result(a, b, Double.NaN, Double.NaN, o == Order.NOT_SIGNIFICANT ? 1 : 0, ALPHA, o);
        }
        double t = (a.mean() - mu) / a.se(), df = a.n() - 1;
        double p = 2 * new TDistribution(null, df).cumulativeProbability(-Math.abs(t));
        return new Result(a, b, t, df, p, ALPHA, p >= ALPHA ? Order.NOT_SIGNIFICANT : t < 0 ? Order.LOWER : Order.HIGHER);
    }

    static Result test(Sample a, Sample b, double alpha) {
        boolean fa = Double.isFinite(a.mean()), fb = Double.isFinite(b.mean());
        if (a.n() == 0 || b.n() == 0 || Double.isNaN(a.mean()) || Double.isNaN(b.mean())) {
            return new Result(a, b, Double.NaN, Double.NaN, Double.NaN, alpha, Order.TOO_FEW);
        }
        if (fa != fb) return new Result(a, b, Double.NaN, Double.NaN, 0, alpha, fa ? Order.LOWER : Order.HIGHER);
        if (!fa) return new Result(a, b, Double.NaN, Double.NaN, Double.NaN, alpha, Order.NOT_SIGNIFICANT);
        if (a.n() < 2 || b.n() < 2) return new Result(a, b, Double.NaN, Double.NaN, Double.NaN, alpha, Order.TOO_FEW);
        double va = a.std() * a.std() / a.n(), vb = b.std() * b.std() / b.n();
        if (va + vb == 0) {
            Order o = a.mean() < b.mean() ? Order.LOWER : a.mean() > b.mean() ? Order.HIGHER : Order.NOT_SIGNIFICANT;
            return new Result(a, b, Double.NaN, Double.NaN, o == Order.NOT_SIGNIFICANT ? 1 : 0, alpha, o);
        }
        double t = (a.mean() - b.mean()) / Math.sqrt(va + vb);
        double df = (va + vb) * (va + vb) / (va * va / (a.n() - 1) + vb * vb / (b.n() - 1));
        double p = 2 * new TDistribution(null, df).cumulativeProbability(-Math.abs(t));
        Order o = p >= alpha ? Order.NOT_SIGNIFICANT : t < 0 ? Order.LOWER : Order.HIGHER;
        return new Result(a, b, t, df, p, alpha, o);
    }
}
