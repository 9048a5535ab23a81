package org.resweep.core.eig;

import java.util.List;
import java.util.Locale;

/**
 * Factory of {@link EigenBackend}s. {@link #best()}: LAPACK's two-stage {@code dsyevd_2stage} when the native library
 * has it (a matrix it fails on at run time goes to {@code dsyevd}, then EJML: {@link FallbackEigen}), else its one-stage
 * {@code dsyevd} when the native library loads, else EJML (the pure-Java LAPACK fallback
 * is never chosen automatically: it is no faster than EJML). The chosen backend's {@link EigenBackend#name()} is
 * recorded with every result.
 */
public final class EigenBackends {
    private EigenBackends() {}

    /**
     * Native LAPACK {@code dsyevd_2stage} ({@link LapackTwoStageEigen}, with its run-time fallbacks: {@link FallbackEigen})
     * when {@code liblapack.so.3} loads and exports it (LAPACK ≥ 3.7, e.g. Debian's OpenBLAS), else native {@code dsyevd} ({@link LapackEigen}), else
     * {@link EjmlEigen}.
     */
    public static EigenBackend best() {
        return pick(LapackTwoStageEigen.defaultOrNull(), LapackEigen.nativeOrNull());
    }

    /**
     * The first available of the two-stage and the one-stage native backend (either may be null), else EJML. The two-stage
     * backend comes with its fallbacks ({@link FallbackEigen}: a matrix it fails on goes to {@code dsyevd}, then EJML), a
     * new instance per call, so that each run records the backends it actually used.
     */
    static EigenBackend pick(EigenBackend twoStage, EigenBackend oneStage) {
        if (twoStage != null) return oneStage != null ? new FallbackEigen(List.of(twoStage, oneStage, ejml())) : new FallbackEigen(List.of(twoStage, ejml()));
        return oneStage != null ? oneStage : ejml();
    }

    public static EigenBackend ejml() { return new EjmlEigen(); }

    /**
     * By name: {@code auto} (= {@link #best()}), {@code ejml}, {@code lapack} (native {@code dsyevd}; an error if the
     * native library did not load), {@code lapack-2stage} (native {@code dsyevd_2stage}; an error if absent). A named backend
     * has no fallback: its run-time failure fails the run.
     *
     * @throws IllegalArgumentException for an unknown name, or a native backend that is not available
     */
    public static EigenBackend byName(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "auto":
                return best();
            case "ejml":
                return ejml();
            case "lapack": {
                LapackEigen nat = LapackEigen.nativeOrNull();
                if (nat == null) {
                    throw new IllegalArgumentException("eigen_backend: 'lapack' requested but native LAPACK did not load "
                            + "(install libopenblas0 or liblapack3); use 'auto' or 'ejml'");
                }
                return nat;
            }
            case "lapack-2stage": {
                LapackTwoStageEigen two = LapackTwoStageEigen.defaultOrNull();
                if (two == null) {
                    throw new IllegalArgumentException("eigen_backend: 'lapack-2stage' requested but "
                            + LapackTwoStageEigen.defaultLibrary() + " with " + LapackTwoStageEigen.SYMBOL
                            + " did not load (install libopenblas0, or LAPACK ≥ 3.7); use 'auto', 'lapack' or 'ejml'");
                }
                return two;
            }
            default:
                throw new IllegalArgumentException("eigen_backend: unknown value '" + name
                        + "'; allowed: auto, ejml, lapack, lapack-2stage");
        }
    }
}
