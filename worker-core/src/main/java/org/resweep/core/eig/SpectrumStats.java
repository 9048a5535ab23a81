package org.resweep.core.eig;

/**
 * The Hessian statistics computed from a full sorted spectrum λ₁ ≤ … ≤ λ_P (docs/model.md §5;
 * {@link Spectrum#stats(double[], int)} gives every formula). The first eight are the paper's literal statistics;
 * the rest stay meaningful near a minimum of a linear network, where about P − d² eigenvalues are tiny and split
 * about half and half in sign.
 *
 * @param maxAbsEig max |λ|
 * @param p10AbsEig 10th percentile of |λ| (NumPy's default linear interpolation)
 * @param minAbsEig min |λ|
 * @param cond      maxAbsEig / p10AbsEig (the paper's condition number)
 * @param index     fraction of eigenvalues below −τ, τ = P·2⁻⁵²·maxAbsEig
 * @param trace     sum of eigenvalues
 * @param minEig    smallest eigenvalue
 * @param maxEig    largest eigenvalue
 * @param indexRaw  fraction of λ &lt; 0
 * @param index1e6  fraction of λ &lt; −1e-6·maxAbsEig
 * @param index1e3  fraction of λ &lt; −1e-3·maxAbsEig
 * @param negMass   Σ_{λ&lt;0}|λ| / Σ|λ| (0 for the all-zero spectrum)
 * @param topR      r, the number of largest-|λ| eigenvalues {@code indexTop} and {@code condTop} look at (d² for
 *                  networks of width d), clipped to P
 * @param indexTop  fraction of negatives among the r largest |λ|
 * @param condTop   largest |λ| / r-th largest |λ| (+∞ when the r-th is 0)
 * @param nFlat     number of eigenvalues with |λ| ≤ 1e-6·maxAbsEig
 */
public record SpectrumStats(double maxAbsEig, double p10AbsEig, double minAbsEig, double cond, double index,
                            double trace, double minEig, double maxEig, double indexRaw, double index1e6,
                            double index1e3, double negMass, int topR, double indexTop, double condTop, int nFlat)
        implements java.io.Serializable {}
