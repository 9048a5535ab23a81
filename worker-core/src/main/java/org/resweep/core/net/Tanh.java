package org.resweep.core.net;

/**
 * resweep's own hyperbolic tangent: deterministic on every CPU and JVM, and vectorisable (the SIMD version in the
 * data-path kernels performs exactly these operations lane by lane, so it gives the same bits).
 *
 * <p>Only correctly rounded IEEE-754 operations are used (+, −, ×, ÷, {@link Math#fma}, {@link Math#abs},
 * {@link Math#copySign} and exponent-field bit manipulation), never {@code Math.exp}/{@code Math.tanh} intrinsics,
 * whose last bit may differ between CPUs and JDKs. With {@code a = |x|}:
 * <ul>
 *   <li>{@code a < 0.625}: {@code tanh(a) = a + a³·P(a²)}, P of degree 11 (interpolating
 *       {@code (tanh(√s)/√s − 1)/s} at the 12 Chebyshev nodes of {@code [0, 0.390625]}, computed with 60-digit
 *       arithmetic; approximation error below 10⁻¹⁷ relative to tanh);</li>
 *   <li>{@code 0.625 ≤ a < 22}: {@code tanh(a) = 1 − 2/(e^{2a} + 1)}, with {@code e^{2a} = 2^k·e^r},
 *       {@code k = round(2a/ln 2)}, {@code r = 2a − k·ln 2} (two-constant reduction with fma, exact first step) and
 *       {@code e^r} its Taylor polynomial of degree 13 ({@code |r| ≤ ln2/2}: truncation below 5·10⁻¹⁸);</li>
 *   <li>{@code a ≥ 22} (and ±∞): ±1; NaN gives NaN (the argument itself).</li>
 * </ul>
 * The sign is copied from x at the end, so {@code tanh(−x) = −tanh(x)} bit for bit and {@code tanh(±0) = ±0}.
 * Maximum error against {@link StrictMath#tanh} (itself within 1 ulp of the exact value): see {@code TanhTest} and
 * docs/model.md (measured: at most 2 ulps).
 */
public final class Tanh {
    private Tanh() { }

    /** Below this |x| the odd polynomial is used. */
    public static final double SMALL = 0.625;
    /** From this |x| on the result is ±1 (tanh(22) rounds to 1 in double). */
    public static final double BIG = 22.0;

    /** Coefficients of P (constant term first): tanh(a) = a + a³·P(a²) on a &lt; {@link #SMALL}. */
    private static final double[] P = {
        -0.3333333333333333, 0.13333333333333042, -0.05396825396789699, 0.021869488519008305,
        -0.008863235103240878, 0.0035921217511549622, -0.0014557754120478055, 0.0005896606577757043,
        -0.0002375906496055562, 9.257116129556769e-05, -3.12011014257974e-05, 6.485163482793113e-06,
    };

    /** 1/n! for n = 0 … 13 (the Taylor polynomial of e^r). */
    private static final double[] E = {
        1.0, 1.0, 0.5, 0.16666666666666666, 0.041666666666666664, 0.008333333333333333, 0.001388888888888889,
        0.0001984126984126984, 2.48015873015873e-05, 2.7557319223985893e-06, 2.755731922398589e-07,
        2.505210838544172e-08, 2.08767569878681e-09, 1.6059043836821613e-10,
    };

    /** Coefficient j (0 … 11) of the odd polynomial's P (for the SIMD version). */
    public static double p(int j) { return P[j]; }

    /** Coefficient j (0 … 13) of the exponential's Taylor polynomial, 1/j! (for the SIMD version). */
    public static double e(int j) { return E[j]; }

    /** 1/ln 2. */
    public static final double LOG2E = 1.4426950408889634;
    /** ln 2 rounded to double, and the rest (ln 2 − LN2_HI). */
    public static final double LN2_HI = 0.6931471805599453;
    public static final double LN2_LO = 2.3190468138462996e-17;
    /** 1.5·2⁵²: adding it rounds a double of magnitude &lt; 2⁵¹ to an integer, which is then the low bits. */
    public static final double ROUND = 0x1.8p52;

    /** tanh(x) as described in the class comment. */
    public static double tanh(double x) {
        double a = Math.abs(x);
        double r;
        if (a < SMALL) {
            double s = a * a;
            double p = P[11];
            for (int j = 10; j >= 0; j--) p = Math.fma(p, s, P[j]);
            r = Math.fma(a * s, p, a);
        } else if (a < BIG) {
            double y = a + a;
            double t = Math.fma(y, LOG2E, ROUND);
            double k = t - ROUND;
            double rr = Math.fma(-k, LN2_HI, y);
            rr = Math.fma(-k, LN2_LO, rr);
            double e = E[13];
            for (int j = 12; j >= 0; j--) e = Math.fma(e, rr, E[j]);
            long kb = Double.doubleToRawLongBits(t) - Double.doubleToRawLongBits(ROUND);
            double ey = e * Double.longBitsToDouble((kb + 1023) << 52);
            r = 1.0 - 2.0 / (ey + 1.0);
        } else {
            if (a != a) return x;
            r = 1.0;
        }
        return Math.copySign(r, x);
    }
}
