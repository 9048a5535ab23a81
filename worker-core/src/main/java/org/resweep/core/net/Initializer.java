package org.resweep.core.net;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.resweep.core.util.DeterministicRandom;

/**
 * Initial weights of docs/model.md §4, in the flat parameter layout of {@link NetworkSpec} ({@code W[l](i,j)} at
 * {@code l·d² + j·d + i}).
 *
 * <ul>
 * <li>{@code zero}: all zero (no random draws).</li>
 * <li>{@code xavier}: i.i.d. normal with std {@code sqrt(2/(fan_in + fan_out)) = sqrt(2/(d + d)) = sqrt(1/d)}.</li>
 * <li>{@code small}: xavier × {@code scale} (the paper's "zero init with small random perturbations").</li>
 * <li>{@code orthogonal}: per layer, Haar-random orthogonal {@code Q·diag(sign(diag R))} where {@code G = QR} is
 *     the Householder QR of a d × d standard-normal matrix G (the sign fix makes the distribution exactly Haar;
 *     sign(0) is taken as +1, a probability-zero event).</li>
 * </ul>
 *
 * <p>Draw order (part of the reproducibility contract — changing it changes every result): one
 * {@link DeterministicRandom} seeded with {@code seed}; standard normal deviates are drawn layer by layer, inside a
 * layer column by column, inside a column row by row — i.e. exactly in parameter order, deviate k goes to
 * parameter k (for orthogonal: to entry k of the Gaussian matrices G[l]).
 */
public final class Initializer {
    private Initializer() {}

    /**
     * @param spec  architecture (depth L, width d)
     * @param kind  initialisation
     * @param scale multiplier of {@code small}; ignored by the other kinds
     * @param seed  seed of every draw ({@code RunConfig.seed()})
     * @return fresh parameter vector of length L·d²
     */
    public static double[] init(NetworkSpec spec, InitKind kind, double scale, long seed) {
        int d = spec.width(), p = spec.numParams();
        double[] w = new double[p];
        switch (kind) {
            case ZERO:
                return w;
            case XAVIER:
                gaussian(w, StrictMath.sqrt(2.0 / (d + d)), seed);
                return w;
            case SMALL:
                if (!(scale > 0) || !Double.isFinite(scale)) {
                    throw new IllegalArgumentException("init_scale: " + scale + " is not allowed; must be a finite number > 0");
                }
                gaussian(w, StrictMath.sqrt(2.0 / (d + d)) * scale, seed);
                return w;
            case ORTHOGONAL:
                gaussian(w, 1.0, seed);
                for (int l = 0; l < spec.depth(); l++) haar(w, l * d * d, d);
                return w;
            default:
                throw new IllegalArgumentException("init: unsupported kind " + kind);
        }
    }

    /** Fills {@code w} with N(0, std²) deviates in index order. {@code w} Modified. */
    private static void gaussian(double[] w, double std, long seed) {
        DeterministicRandom rng = new DeterministicRandom(seed);
        for (int k = 0; k < w.length; k++) w[k] = std * rng.nextGaussian();
    }

    /**
     * Replaces the column-major d × d Gaussian block at {@code off} by {@code Q·diag(sign(diag R))}.
     * {@code w} Modified.
     */
    private static void haar(double[] w, int off, int d) {
        DMatrixRMaj g = new DMatrixRMaj(d, d);
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < d; i++) g.unsafe_set(i, j, w[off + j * d + i]);
        }
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(d, d);
        if (!qr.decompose(g)) throw new IllegalStateException("orthogonal init: QR of a Gaussian matrix failed");
        DMatrixRMaj q = qr.getQ(null, false);
        DMatrixRMaj r = qr.getR(null, false);
        for (int j = 0; j < d; j++) {
            double s = r.unsafe_get(j, j) < 0 ? -1.0 : 1.0;
            for (int i = 0; i < d; i++) w[off + j * d + i] = s * q.unsafe_get(i, j);
        }
    }
}
