package org.resweep.core.eig;

import org.ejml.data.DMatrixRMaj;

/** Computes all eigenvalues of a symmetric matrix. */
public interface EigenBackend {
    /** Name recorded with every result ({@code ejml}, {@code lapack-native:...}). */
    String name();

    /**
     * All eigenvalues of the symmetric matrix {@code a}, sorted ascending.
     *
     * @param a symmetric n × n matrix. May be overwritten (destroyed) by the backend.
     */
    double[] eigenvalues(DMatrixRMaj a);

    /**
     * The name of the backend that computed the eigenvalues of this instance's last call: {@link #name()}, except for a
     * backend that hands a failed matrix to another ({@link EigenBackends#best()}).
     */
    default String lastUsed() { return name(); }
}
