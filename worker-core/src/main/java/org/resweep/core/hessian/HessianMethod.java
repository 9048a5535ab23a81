package org.resweep.core.hessian;

import org.ejml.data.DMatrixRMaj;
import org.resweep.core.net.NetworkSpec;

/** An exact (or, for test oracles, approximate) Hessian of the loss with respect to all P parameters. */
public interface HessianMethod {
    NetworkSpec spec();

    /**
     * The P × P Hessian at {@code w}, rows and columns in parameter order ({@link NetworkSpec}).
     *
     * @param w   parameters. Not modified.
     * @param out destination, reshaped to P × P if needed (may be null: a new matrix is returned). Modified.
     */
    DMatrixRMaj hessian(double[] w, DMatrixRMaj out);
}
