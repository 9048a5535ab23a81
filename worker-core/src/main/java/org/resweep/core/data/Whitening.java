package org.resweep.core.data;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * PCA whitening fitted on a training set (docs/model.md §3).
 *
 * <p>With images {@code b_i ∈ {0..255}^D}, i = 1..N: mean {@code μ = (1/N) Σ b_i}, covariance
 * {@code Σ = (1/N) Σ (b_i − μ)(b_i − μ)ᵀ}; its K greatest eigenpairs {@code (λ_k, u_k)} give
 * {@code x_ik = u_kᵀ(b_i − μ)/√λ_k}, so that {@code E[x] = 0} and {@code E[x xᵀ] = I}.
 *
 * <p>Exactness and determinism: {@code Σ b_ip} and {@code Σ b_ip b_iq} are accumulated in {@code long}
 * (exact, so independent of summation order), and {@code Σ_pq = (N·Σ b_ip b_iq − Σ b_ip · Σ b_iq) / N²} is
 * formed from exact integers. Pixels of zero variance (constant over the set, e.g. MNIST's border) are left out
 * of the eigenproblem; their basis weights are exactly 0. EJML's symmetric QR algorithm solves the
 * eigenproblem; its eigenvalues come unsorted, so they are sorted here (decreasing, ties by index). Each
 * eigenvector's sign is fixed: its largest-|·| component (the first such, on ties) is positive.
 */
public final class Whitening {
    /** Components kept: K = d = 10 (docs/model.md §3). */
    public static final int K = 10;

    private Whitening() {}

    /** Fits the whitening on {@code raw}'s images (labels are ignored). */
    public static WhiteningFit fit(RawDigits raw) {
        int n = raw.count(), dim = raw.pixelsPerImage();
        String src = raw.imagesSource();
        if (n <= K) {
            throw new DataFormatException(src + ": count = " + n + " samples; the PCA needs at least " + (K + 1)
                    + " to find " + K + " directions of nonzero variance");
        }
        long[] sum = new long[dim];
        long[] gram = gramLower(raw.pixels(), n, dim, sum);
        int[] active = new int[dim];
        int m = 0;
        for (int p = 0; p < dim; p++) {
            if ((long) n * gram[p * dim + p] - sum[p] * sum[p] > 0) active[m++] = p;
        }
        if (m < K) {
            throw new DataFormatException(src + ": only " + m + " of the " + dim + " pixels vary over the "
                    + n + " images; the PCA needs at least " + K);
        }
        DMatrixRMaj cov = covariance(gram, sum, n, dim, active, m);
        double totalVariance = 0;
        for (int a = 0; a < m; a++) totalVariance += cov.get(a, a);

        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m, true, true);
        if (!eig.decompose(cov)) throw new IllegalStateException(src + ": EJML eigendecomposition of the covariance failed");
        Integer[] order = new Integer[m];
        double[] values = new double[m];
        for (int j = 0; j < m; j++) {
            order[j] = j;
            values[j] = eig.getEigenvalue(j).real;
        }
        java.util.Arrays.sort(order, (a, b) -> {
            int c = Double.compare(values[b], values[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        // Eigenvalues below this are rounding noise of a zero eigenvalue (backward error of the QR algorithm).
        double zero = values[order[0]] * m * 0x1.0p-52;
        double[] lambda = new double[K], scales = new double[K], basis = new double[K * dim];
        for (int c = 0; c < K; c++) {
            int j = order[c];
            lambda[c] = values[j];
            if (!(lambda[c] > zero)) {
                throw new DataFormatException(src + ": the images span only " + c + " directions of nonzero variance"
                        + " (eigenvalue " + (c + 1) + " of the covariance is " + lambda[c] + "); the PCA needs " + K);
            }
            scales[c] = 1.0 / Math.sqrt(lambda[c]);
            DMatrixRMaj v = eig.getEigenVector(j);
            int best = 0;
            for (int a = 1; a < m; a++) if (Math.abs(v.data[a]) > Math.abs(v.data[best])) best = a;
            double sign = v.data[best] < 0 ? -1.0 : 1.0;
            for (int a = 0; a < m; a++) basis[c * dim + active[a]] = sign * v.data[a];
        }
        double[] mean = new double[dim];
        for (int p = 0; p < dim; p++) mean[p] = (double) sum[p] / n;
        return new WhiteningFit(dim, mean, basis, lambda, scales, totalVariance);
    }

    /**
     * Exact sums {@code sum[p] = Σ_i b_ip} and lower-triangular {@code G[p·D + q] = Σ_i b_ip b_iq} (q ≤ p),
     * visiting only the nonzero pixels of each image (MNIST: about 19 %).
     *
     * @param sum output, length D. Modified.
     */
    static long[] gramLower(byte[] px, int n, int dim, long[] sum) {
        long[] g = new long[dim * dim];
        int[] idx = new int[dim];
        long[] val = new long[dim];
        for (int i = 0; i < n; i++) {
            int nz = 0, off = i * dim;
            for (int p = 0; p < dim; p++) {
                int b = px[off + p] & 0xFF;
                if (b != 0) {
                    idx[nz] = p;
                    val[nz++] = b;
                    sum[p] += b;
                }
            }
            for (int a = 0; a < nz; a++) {
                int row = idx[a] * dim;
                long va = val[a];
                for (int c = 0; c <= a; c++) g[row + idx[c]] += va * val[c];
            }
        }
        return g;
    }

    /** Covariance of the active pixels, m × m, from exact integer moments. */
    static DMatrixRMaj covariance(long[] gram, long[] sum, int n, int dim, int[] active, int m) {
        // N·G ≤ N²·255² and sum_p·sum_q ≤ (255 N)²: exact in long while N² · 65025 < 2^63, i.e. N < 1.19e7.
        boolean exact = n < 11_000_000;
        double nn = (double) n * n;
        DMatrixRMaj cov = new DMatrixRMaj(m, m);
        for (int a = 0; a < m; a++) {
            int p = active[a];
            for (int b = 0; b <= a; b++) {
                int q = active[b];
                long g = gram[p * dim + q];
                double v = exact ? (double) (n * g - sum[p] * sum[q]) / nn
                        : (double) g / n - ((double) sum[p] / n) * ((double) sum[q] / n);
                cov.set(a, b, v);
                cov.set(b, a, v);
            }
        }
        return cov;
    }
}
