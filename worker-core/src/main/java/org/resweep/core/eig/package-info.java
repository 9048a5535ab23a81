/**
 * Eigenvalues of the exact Hessian and the statistics of docs/model.md §5.
 *
 * <p>{@link org.resweep.core.eig.EigenBackend} computes the full sorted spectrum of a symmetric matrix. Three
 * implementations: {@link org.resweep.core.eig.LapackTwoStageEigen} ({@code dsyevd_2stage} through JNA: two-stage
 * tridiagonalisation, level-3 BLAS, far less bound by memory bandwidth at large n), {@link
 * org.resweep.core.eig.LapackEigen} ({@code dsyevd} through {@code dev.ludovic.netlib}; both on native OpenBLAS or
 * reference LAPACK when {@code liblapack.so.3} loads — about 8× faster than EJML at n = 2000) and {@link
 * org.resweep.core.eig.EjmlEigen} (pure Java, always available). {@link org.resweep.core.eig.EigenBackends#best()}
 * picks them in that order; the chosen {@link org.resweep.core.eig.EigenBackend#name()} is recorded with every result,
 * because the last bits of the spectrum depend on it (docs/model.md, "Eigen backends").
 *
 * <p>Threads: OpenBLAS starts one thread per core by default; executors that run several tasks at once must set
 * {@code OPENBLAS_NUM_THREADS=1} (the launcher, surefire and CI do; Spark via
 * {@code spark.executorEnv.OPENBLAS_NUM_THREADS}). Nothing in this package sets it.
 *
 * <p>{@link org.resweep.core.eig.Spectrum#stats(double[], int)} turns a sorted spectrum into
 * {@link org.resweep.core.eig.SpectrumStats}: the paper's literal statistics (max/p10/min |λ|, condition number,
 * index, trace, min/max λ) and curvature-weighted ones that stay meaningful near a minimum (negative mass, index and
 * condition number among the d² largest |λ|, counts below relative thresholds).
 */
package org.resweep.core.eig;
