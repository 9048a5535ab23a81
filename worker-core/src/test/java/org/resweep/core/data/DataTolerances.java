package org.resweep.core.data;

/** Tolerances of the data-layer tests, each with where its number comes from. */
final class DataTolerances {
    private DataTolerances() {}

    /**
     * |E[x xᵀ] − I| entrywise, for whitened data. Required by the task brief (docs/model.md §3 "Σxx = I"); rounding alone
     * gives about D·ε·λ1/λ10 ≈ 784 · 2.2e-16 · 4.4 ≈ 8e-13 for mnist10k (measured: 2.2e-14).
     */
    static final double WHITENED_COVARIANCE = 1e-10;

    /** |E[x]|, for whitened data: required by the brief; centring is exact up to rounding of the mean (~1e-16). */
    static final double WHITENED_MEAN = 1e-12;

    /**
     * Relative residual ‖Σu − λu‖ / λ1 of a returned eigenpair against an independently computed covariance:
     * the backward error of a symmetric QR eigensolver is O(n·ε·‖Σ‖) = 784 · 2.2e-16 ≈ 1.7e-13 at n = 784.
     */
    static final double EIGEN_RESIDUAL = 1e-11;

    /**
     * |x − x'| between whitened values from two implementations (NumPy eigh vs EJML; or permuted pixels). An
     * eigenvector moves by about ε·λ1/gap = 2.2e-16 · 3.5e5 / 4.9e3 ≈ 1.6e-14 (smallest gap among the kept
     * eigenvalues of mnist10k, λ8 − λ9; λ10 − λ11 is larger), times max|x| ≈ 4.1 gives ≈ 6.5e-14
     * (measured against NumPy: 5.9e-14). 1e-12 leaves a factor ~15.
     */
    static final double SECOND_IMPLEMENTATION = 1e-12;

    /** |UUᵀ − I| of the returned basis: orthogonality of QR eigenvectors, O(n·ε) as above. */
    static final double ORTHONORMAL = 1e-12;
}
