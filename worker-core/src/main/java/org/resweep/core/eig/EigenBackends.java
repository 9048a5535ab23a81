package org.resweep.core.eig;

import java.util.Locale;

/**
 * Factory of {@link EigenBackend}s. {@link #best()}: native LAPACK when it loads, else EJML (the pure-Java
 * LAPACK fallback is never chosen automatically: it is no faster than EJML).
 */
public final class EigenBackends {
    private EigenBackends() {}

    /** Native LAPACK ({@code dsyevd}) when {@code liblapack.so.3} loaded, else {@link EjmlEigen}. */
    public static EigenBackend best() {
        LapackEigen nat = LapackEigen.nativeOrNull();
        return nat != null ? nat : ejml();
    }

    public static EigenBackend ejml() { return new EjmlEigen(); }

    /**
     * By name: {@code auto} (= {@link #best()}), {@code ejml}, {@code lapack} (native LAPACK; an error if it did
     * not load).
     *
     * @throws IllegalArgumentException for an unknown name, or {@code lapack} without native LAPACK
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
            default:
                throw new IllegalArgumentException("eigen_backend: unknown value '" + name + "'; allowed: auto, ejml, lapack");
        }
    }
}
