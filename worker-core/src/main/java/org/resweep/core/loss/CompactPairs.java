package org.resweep.core.loss;

/**
 * The contraction kernel of the exact Hessian on COMPACTED samples: {@code H(r, s) += Σ_j f[r][j] · x[s][j]} for
 * r, s &lt; d over the samples {@code j < mc} of a list that keeps only the samples where the per-sample factors
 * {@code f} can be non-zero (ReLU units that are off contribute exactly nothing; see {@code DataHessian}).
 *
 * <p>Same floating-point contract as {@link Kernels}: sample j goes into partial {@code j mod 8}, each partial a
 * chain of fma in increasing j starting from +0, the 8 partials combined by {@link Kernels#reduceLanes}; the SIMD
 * version ({@link CompactPairsVector}, 4 or 8 lanes) and the scalar one here give the same bits.
 */
public final class CompactPairs {
    private CompactPairs() { }

    /** Rows of {@code f} the kernel reads: d rounded up to a multiple of 2 (the rows past d must hold zeros). */
    public static int factorRows(int d) { return (d + 1) / 2 * 2; }

    /** Rows of {@code x} the kernel reads: d rounded up to a multiple of 10 (the rows past d must hold zeros). */
    public static int sampleRows(int d) { return (d + 9) / 10 * 10; }

    /**
     * {@code hess[at + s·d + r] += Σ_{j < mc} f[r·stride + j] · x[s·stride + j]} for r, s &lt; d.
     *
     * @param f      per-sample factors, {@link #factorRows} rows of stride {@code stride}. Not modified.
     * @param x      compacted h_a, {@link #sampleRows} rows of stride {@code stride}. Not modified.
     * @param mc     compacted samples, a multiple of 8 (entries past the list's end must be zero in f or x, and finite)
     * @param lanes  scratch of length ≥ 160. Modified.
     * @param hess   row-major Hessian; entry (r, s) of this row pair at {@code at + s·d + r}. Modified.
     */
    public static void pairs(double[] f, double[] x, int d, int stride, int mc, double[] lanes, double[] hess, int at) {
        if (mc % Kernels.LANES != 0) throw new IllegalArgumentException("mc: " + mc + " is not a multiple of " + Kernels.LANES);
        if (Kernels.VECTOR) CompactPairsVector.pairs(f, x, d, stride, mc, lanes, hess, at);
        else pairsScalar(f, x, d, stride, mc, lanes, hess, at);
    }

    static void pairsScalar(double[] f, double[] x, int d, int stride, int mc, double[] lanes, double[] hess, int at) {
        for (int r = 0; r < d; r++) {
            int fo = r * stride;
            for (int s = 0; s < d; s++) {
                int xo = s * stride;
                java.util.Arrays.fill(lanes, 0, Kernels.LANES, 0.0);
                for (int j = 0; j < mc; j++) {
                    int k = j & (Kernels.LANES - 1);
                    lanes[k] = Math.fma(f[fo + j], x[xo + j], lanes[k]);
                }
                hess[at + s * d + r] += Kernels.reduceLanes(lanes, 0);
            }
        }
    }
}
