package org.resweep.core.eig;

/**
 * The Hessian statistics of docs/model.md §5, computed from a full sorted spectrum.
 *
 * @param maxAbsEig max |λ|
 * @param p10AbsEig 10th percentile of |λ| (NumPy's default linear interpolation)
 * @param minAbsEig min |λ|
 * @param cond      maxAbsEig / p10AbsEig (the paper's condition number)
 * @param index     fraction of eigenvalues below −τ, τ = P·2⁻⁵²·maxAbsEig
 * @param trace     sum of eigenvalues
 * @param minEig    smallest eigenvalue
 * @param maxEig    largest eigenvalue
 */
public record SpectrumStats(double maxAbsEig, double p10AbsEig, double minAbsEig, double cond, double index,
                            double trace, double minEig, double maxEig) implements java.io.Serializable {}
