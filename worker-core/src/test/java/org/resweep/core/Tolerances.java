package org.resweep.core;

/**
 * Every numerical tolerance used by the worker-core tests, in one place, with where each number comes from.
 * All are relative to the scale named at the use site (usually the largest |entry| of the reference).
 */
public final class Tolerances {
    private Tolerances() {}

    /**
     * Step of the central differences. Truncation error is O(h²·|f'''|) ≈ 1e-10 and rounding O(ε·|f|/h) ≈ 1e-11
     * for O(1) weights and losses, so h = 1e-5 balances the two.
     */
    public static final double FD_STEP = 1e-5;

    /**
     * Central-difference gradient of the loss vs the analytic gradient, relative to max |g|: the two error terms
     * of {@link #FD_STEP} are ≲ 1e-10; the worst case measured over the moment-path test nets (d = 10, n = 1) was
     * 2.4e-10. 1e-8 leaves a 40× margin and still fails on any sign, transposition or index error (O(1) relative).
     */
    public static final double FD_GRADIENT = 1e-8;

    /**
     * Central-difference Hessian (differences of the exact gradient) vs the analytic Hessian, relative to
     * max |H|: L is a polynomial of low degree in each weight, so the O(h²) term is small; the worst case
     * measured over the moment-path test nets was 2e-11 (FiniteDifferenceHessian promises ~1e-7 in general).
     * 1e-8 leaves a 500× margin.
     */
    public static final double FD_HESSIAN = 1e-8;

    /**
     * Moment-based loss vs a brute-force pass over the samples. Both sum O(N·d) products of O(1) terms; the
     * moment form adds cancellation between ½tr(MSMᵀ), tr(MΣxy) and ½E‖y‖² of at most a few units of 1e-16·N
     * relative to those terms — the brief asks for 1e-12 relative.
     */
    public static final double LOSS_VS_DATA = 1e-12;

    /**
     * Closed forms at W = 0 (docs/model.md §6): entries are single products or short sums of moments; eigenvalues come
     * from a backward-stable symmetric eigensolver, error ≈ P·ε·‖H‖ ≲ 1e-12 for P ≤ 2000.
     */
    public static final double CLOSED_FORM = 1e-11;

    /** cond equal across depths (docs/model.md §6, n = 2): the brief asks 1e-10 relative. */
    public static final double COND_ACROSS_DEPTH = 1e-10;
}
