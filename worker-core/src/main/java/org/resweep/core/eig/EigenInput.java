package org.resweep.core.eig;

import org.ejml.data.DMatrixRMaj;

/** Input checks shared by the eigen backends. */
final class EigenInput {
    private EigenInput() {}

    /**
     * Checks that {@code a} is square and finite.
     *
     * @param a matrix. Not modified.
     * @return n, the number of rows
     * @throws IllegalArgumentException naming the first non-finite entry (a diverging run's Hessian; the trainer
     *                                  turns it into a failed result)
     */
    static int checkSquareFinite(DMatrixRMaj a) {
        if (a == null) throw new IllegalArgumentException("eigenvalues: matrix is null");
        int n = a.numRows;
        if (a.numCols != n) {
            throw new IllegalArgumentException("eigenvalues: matrix is " + a.numRows + " × " + a.numCols + "; must be square");
        }
        double[] d = a.data;
        for (int k = 0, len = n * n; k < len; k++) {
            if (!Double.isFinite(d[k])) {
                throw new IllegalArgumentException("eigenvalues: matrix entry (" + (k / n) + ", " + (k % n) + ") is "
                        + d[k] + "; every entry must be finite");
            }
        }
        return n;
    }
}
