package org.resweep.core.eig;

import org.ejml.data.DMatrixRMaj;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.Initializer;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.util.DeterministicRandom;

/** Deterministic symmetric test matrices. */
public final class EigenTestMatrices {
    private EigenTestMatrices() {}

    /** (G + Gᵀ)/2 with G standard normal. */
    public static DMatrixRMaj randomSymmetric(int n, long seed) {
        DeterministicRandom rng = new DeterministicRandom(seed);
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = rng.nextGaussian();
                a.unsafe_set(i, j, v);
                a.unsafe_set(j, i, v);
            }
        }
        return a;
    }

    /** Q·diag(eigs)·Qᵀ with Q Haar-orthogonal (from {@link Initializer}, itself tested for orthogonality). */
    public static DMatrixRMaj rotatedDiagonal(double[] eigs, long seed) {
        int n = eigs.length;
        double[] q = Initializer.init(NetworkSpec.linear(1, 1, n), InitKind.ORTHOGONAL, 1.0, seed); // column-major
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += q[k * n + i] * eigs[k] * q[k * n + j];
                a.unsafe_set(i, j, s);
                a.unsafe_set(j, i, s);
            }
        }
        return a;
    }

    /** Frobenius norm. */
    public static double frobenius(DMatrixRMaj a) {
        double s = 0;
        for (int k = 0; k < a.numRows * a.numCols; k++) s += a.data[k] * a.data[k];
        return Math.sqrt(s);
    }
}
