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
     * The kernel for a source layer a whose z_a is followed by a ReLU: there the tangents of every layer b ≥ a vanish in
     * direction r on the samples where z_a[r] ≤ 0, so an entry (r, s) needs only the samples on a list per r. The row
     * pair is (x, r) with x the index of layer b whose ReLU list is used (p or q, or none), and the d values of the
     * other index y of b in the vector lanes, h_a[s] broadcast:
     * <pre>  hess[at + y·yStride + s·d] += Σ_{k &lt; n} F_y(i_k) · h_a[s](i_k),   i_k = list[lo + k],
     *   F_y(i) = fma(c1(i), v1[y](i), c2(i) · v2[y](i))   (F_y = c2·v2[y] when c1 is null)</pre>
     * with the scalars {@code c(i) = c[cOff + i·cStep]} and the lane vectors {@code v[y](i) = v[vOff + i·vStep + y]}.
     * With x = p, y = q: c1 = δ_b[p], v1 = J[·][r] ({@link #transposeDirs}), c2 = D[p][r], v2 = h_b;
     * with x = q, y = p: c1 = J[q][r], v1 = δ_b, c2 = h_b[q], v2 = D[·][r]. Since a product's operands commute
     * exactly, F is bit for bit the factor of {@link #rowPair}, and every entry is again ONE fma chain over its samples
     * in increasing order, so this gives {@link #rowPair}'s bits minus its zero terms: the same bits.
     *
     * @param buf  scratch of length ≥ max(2·{@link #PAD}², d²). Modified.
     * @param hess row-major Hessian. Modified.
     */
    public static void lanePair(double[] c1, int c1Off, int c1Step, double[] v1, int v1Off, int v1Step,
                                double[] c2, int c2Off, int c2Step, double[] v2, int v2Off, int v2Step,
                                double[] hat, int[] list, int lo, int n, int d, double[] buf, double[] hess, int at, int yStride) {
        if (Kernels.VECTOR && CompactPairsVector.covers(d)) {
            CompactPairsVector.lanePair(c1, c1Off, c1Step, v1, v1Off, v1Step, c2, c2Off, c2Step, v2, v2Off, v2Step,
                    hat, list, lo, n, d, buf, hess, at, yStride);
        } else {
            lanePairScalar(c1, c1Off, c1Step, v1, v1Off, v1Step, c2, c2Off, c2Step, v2, v2Off, v2Step,
                    hat, list, lo, n, d, buf, hess, at, yStride);
        }
    }

    static void lanePairScalar(double[] c1, int c1Off, int c1Step, double[] v1, int v1Off, int v1Step,
                               double[] c2, int c2Off, int c2Step, double[] v2, int v2Off, int v2Step,
                               double[] hat, int[] list, int lo, int n, int d, double[] buf, double[] hess, int at, int yStride) {
        java.util.Arrays.fill(buf, 0, d * d, 0.0); // buf[y·d + s]
        for (int k = lo; k < lo + n; k++) {
            int i = list[k], o1 = v1Off + i * v1Step, o2 = v2Off + i * v2Step, xOff = i * d;
            double x2 = c2[c2Off + i * c2Step], x1 = c1 == null ? 0.0 : c1[c1Off + i * c1Step];
            for (int y = 0; y < d; y++) {
                double f = x2 * v2[o2 + y];
                if (c1 != null) f = Math.fma(x1, v1[o1 + y], f);
                for (int s = 0; s < d; s++) buf[y * d + s] = Math.fma(f, hat[xOff + s], buf[y * d + s]);
            }
        }
        for (int y = 0; y < d; y++) {
            for (int s = 0; s < d; s++) hess[at + y * yStride + s * d] += buf[y * d + s];
        }
    }

    /**
     * Direction block [feature][sample][direction] to [direction][sample][feature]:
     * {@code out[(r·stride + i)·d + f] = in[(f·stride + i)·d + r]} for i &lt; m; {@code out} needs stride·d² entries
     * plus {@link #PAD}.
     */
    public static void transposeDirs(double[] in, int d, int stride, int m, double[] out) {
        int sd = stride * d;
        for (int i = 0; i < m; i++) { // per sample: d rows of d read, d runs of d written (each line once)
            int src = i * d;
            for (int r = 0; r < d; r++) {
                int o = r * sd + i * d, si = src + r;
                for (int f = 0; f < d; f++) out[o + f] = in[si + f * sd];
            }
        }
    }

    /**
     * The entries of {@code list[lo … lo+n)} whose bit {@code bit} is set in {@code mask[entry]}, in order, into
     * {@code out} (length ≥ n + 1); returns their number.
     */
    public static int filter(int[] list, int lo, int n, long[] mask, int bit, int[] out) {
        int c = 0;
        for (int k = lo; k < lo + n; k++) {
            int i = list[k];
            out[c] = i;
            c += (int) (mask[i] >>> bit) & 1;
        }
        return c;
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
