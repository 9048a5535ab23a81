package org.resweep.core.eig;

/** Every tolerance of the eig/net/train tests, with where the number comes from. */
public final class EigenTolerances {
    private EigenTolerances() {}

    /**
     * Eigenvalue agreement, relative to ‖A‖_F. Both backends are backward stable: each computes the exact
     * spectrum of A + E with ‖E‖ ≤ p(n)·ε·‖A‖, p(n) a modest multiple of n, so by Weyl |Δλ| ≤ ‖E‖₂. For n ≤ 300:
     * n·ε ≈ 7e-14; observed EJML vs native LAPACK differences are ≤ 7e-16·‖A‖_F (n = 50, 300). 1e-12 leaves a margin of ~15 over n·ε.
     */
    public static final double EIG_REL = 1e-12;

    /** Orthogonality of an orthogonal init: ‖QᵀQ − I‖_max; Householder QR is orthogonal to O(d·ε) ≈ 2e-15 at d = 10. */
    public static final double ORTHO = 1e-12;

    /** Two differently ordered products of three doubles: ≤ 2 roundings of 2⁻⁵³ each, so < 1e-15 relative. */
    public static final double ROUNDING_REL = 1e-15;

    /** Hand-computed decimal values vs double arithmetic: a few ulps of numbers of order 1–10. */
    public static final double HAND = 1e-14;

    /**
     * docs/model.md §6 cond at W = 0 for different depths: spectra of P × P Hessians (P ≤ 600) from a backward-stable
     * solver are accurate to ~P·ε·max|λ| ≈ 1.3e-13·max|λ|, cond = max/p10 with max/p10 ≈ 1.5 doubles that;
     * observed 3e-15 (depth 2 vs 6, MNIST). 1e-12 keeps a margin over the bound.
     */
    public static final double SPEC5_COND_REL = 1e-12;

    /** Closed-form GD of a quadratic vs the trainer: both do the same arithmetic in a different order, ~1e-15 relative per step. */
    public static final double QUADRATIC_REL = 1e-12;
}
