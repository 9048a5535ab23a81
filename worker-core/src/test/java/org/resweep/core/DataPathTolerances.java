package org.resweep.core;

/**
 * Tolerances of the data-path tests (DataPath, DataHessian), in one place, with where each number comes from.
 * All are relative to {@code max(1, scale)} of the quantity compared.
 */
public final class DataPathTolerances {
    private DataPathTolerances() { }

    /** Finite-difference step: central differences have truncation O(h²·|f'''|) ≈ 1e-10 and rounding O(ε/h) ≈ 2e-11. */
    public static final double FD_STEP = 1e-5;

    /** Gradient vs central differences of the loss: errors above ~1e-9 (see FD_STEP) with margin for curvature. */
    public static final double GRADIENT_VS_FD = 1e-7;

    /** Hessian vs central differences of the exact gradient (FiniteDifferenceHessian javadoc: ~1e-7 relative). */
    public static final double HESSIAN_VS_FD = 1e-6;

    /** Two exact computations in different summation orders (loss vs naive forward, closed forms): rounding, P·N·ε. */
    public static final double ROUNDING = 1e-12;

    /** Data path vs moment path on linear nets (brief: 1e-10 relative; both exact, differing summation orders). */
    public static final double DATA_VS_MOMENT = 1e-10;

    /** Eigenvalues from EJML's symmetric QR algorithm vs closed forms: backward stable, ~P·ε·‖H‖. */
    public static final double EIGEN = 1e-10;

    /** ReLU points: every ReLU input must lie at least this far from the kink (FD step × |h| is ≪ this). */
    public static final double RELU_MARGIN = 1e-3;
}
