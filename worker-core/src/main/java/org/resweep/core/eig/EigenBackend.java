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
}
