package org.resweep.core.loss;

/**
 * The contraction kernel of the exact Hessian ({@code DataHessian}) for one row pair (p, q) of a block (b, a), over a
 * LIST of samples — the samples where the per-sample factor can be non-zero (ReLU units that are off contribute
 * exactly nothing), or all samples:
 * <pre>  H(r, s) += Σ_{i ∈ list} F_r(i) · h_a[s](i),   F_r(i) = fma(δ_b[p](i), J[q][r](i), D[p][r](i) · h_b[q](i))</pre>
 * ({@code F_r = D[p][r] · h_b[q]} without J), for r, s &lt; d.
 *
 * <p>Floating-point order: every entry (r, s) is ONE chain of fma over the list in order, starting from +0, added to
 * the Hessian once per call. The SIMD version ({@link CompactPairsVector}) puts directions r in the lanes (each lane
 * its own entry's chain), so any vector width — and the scalar code here — gives the same bits.
 *
 * <p>Layouts: {@code dd}, {@code jj} [feature][sample][direction], {@code dd[(p·stride + i)·d + r] = D[p][r](i)}
 * (likewise J[q][r]), padded by {@link #PAD} entries past the end; {@code db}, {@code hb} feature-major
 * ({@code db[p·stride + i]}); {@code hat[i·d + s] = h_a[s](i)} sample-major, padded by {@link #PAD}.
 */
public final class CompactPairs {
    /** Entries past the last sample that the sample-major arrays must have (read as padding lanes, never used). */
    public static final int PAD = 16;

    private CompactPairs() { }

    /**
     * Adds the (p, q) row pair: {@code hess[at + s·d + r] += Σ_{k < n} F_r(i_k) · h_a[s](i_k)}, {@code i_k = list[lo + k]}.
     *
     * @param jj   J, or null (block b = a). Not modified.
     * @param buf  scratch of length ≥ max(2·{@link #PAD}², d²). Modified.
     * @param hess row-major Hessian. Modified.
     */
    public static void rowPair(double[] dd, double[] jj, double[] db, double[] hb, double[] hat, int[] list, int lo, int n,
                               int p, int q, int d, int stride, double[] buf, double[] hess, int at) {
        if (Kernels.VECTOR && CompactPairsVector.covers(d)) {
            CompactPairsVector.rowPair(dd, jj, db, hb, hat, list, lo, n, p, q, d, stride, buf, hess, at);
        } else {
            rowPairScalar(dd, jj, db, hb, hat, list, lo, n, p, q, d, stride, buf, hess, at);
        }
    }

    static void rowPairScalar(double[] dd, double[] jj, double[] db, double[] hb, double[] hat, int[] list, int lo, int n,
                              int p, int q, int d, int stride, double[] buf, double[] hess, int at) {
        java.util.Arrays.fill(buf, 0, d * d, 0.0); // buf[r·d + s]
        for (int k = lo; k < lo + n; k++) {
            int i = list[k];
            double dv = db[p * stride + i], hv = hb[q * stride + i];
            int dOff = (p * stride + i) * d, jOff = (q * stride + i) * d, xOff = i * d;
            for (int r = 0; r < d; r++) {
                double f = dd[dOff + r] * hv;
                if (jj != null) f = Math.fma(dv, jj[jOff + r], f);
                for (int s = 0; s < d; s++) buf[r * d + s] = Math.fma(f, hat[xOff + s], buf[r * d + s]);
            }
        }
        for (int r = 0; r < d; r++) {
            for (int s = 0; s < d; s++) hess[at + s * d + r] += buf[r * d + s];
        }
    }

    /**
     * {@code out[i·rows + row] = in[row·stride + i]} for row &lt; rows, i &lt; m (feature-major to sample-major);
     * {@code out} must have {@code m·rows} entries (plus {@link #PAD}).
     */
    public static void transpose(double[] in, int rows, int stride, int m, double[] out) {
        for (int i0 = 0; i0 < m; i0 += 8) {
            int i1 = Math.min(m, i0 + 8);
            for (int row = 0; row < rows; row++) {
                int src = row * stride;
                for (int i = i0; i < i1; i++) out[i * rows + row] = in[src + i];
            }
        }
    }
}
