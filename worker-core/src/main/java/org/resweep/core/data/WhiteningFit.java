package org.resweep.core.data;

/**
 * A fitted PCA whitening: {@code x_k = s_k · u_kᵀ (b − μ)}, k = 0..K−1, for an image {@code b} of D pixels
 * (raw byte values 0..255; dividing pixels by 255 would change nothing but rounding). Fitted on a training set
 * by {@link Whitening#fit}, applicable to any images of the same size ({@link #apply}).
 *
 * @param pixels        D, pixels per image
 * @param mean          μ, D per-pixel means of the training set
 * @param basis         K × D row-major: row k is the unit eigenvector u_k of the k-th greatest eigenvalue of the
 *                      training covariance, sign fixed so that its largest-magnitude component is positive
 * @param eigenvalues   λ_k, K eigenvalues in decreasing order (variance of component k, pixel units²)
 * @param scales        s_k = 1/√λ_k
 * @param totalVariance trace of the training covariance (Σ of all D eigenvalues)
 */
public record WhiteningFit(int pixels, double[] mean, double[] basis, double[] eigenvalues, double[] scales,
                           double totalVariance) {

    public WhiteningFit {
        int k = eigenvalues.length;
        if (mean.length != pixels || basis.length != (long) k * pixels || scales.length != k) {
            throw new IllegalArgumentException("whitening fit: array sizes do not match pixels=" + pixels + ", k=" + k);
        }
    }

    /** Number of components K. */
    public int k() { return eigenvalues.length; }

    /** Fraction of the training variance the K components keep: Σλ_k / tr(Σ). */
    public double explainedVarianceRatio() {
        double s = 0;
        for (double l : eigenvalues) s += l;
        return s / totalVariance;
    }

    /**
     * Whitens {@code count} images.
     *
     * @param images count · D unsigned bytes, sample-major. Not modified.
     * @return K × count feature-major: element {@code k·count + i} is component k of image i
     */
    public double[] apply(byte[] images, int count) {
        if (images.length != (long) count * pixels) {
            throw new IllegalArgumentException("images: " + images.length + " bytes is not count × pixels = "
                    + count + " × " + pixels);
        }
        int k = k();
        // Pixel-major copy of the basis restricted to pixels with a nonzero weight (others contribute exactly 0).
        int[] active = new int[pixels];
        int m = 0;
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < k; c++) {
                if (basis[c * pixels + p] != 0.0) {
                    active[m++] = p;
                    break;
                }
            }
        }
        double[] ut = new double[m * k];
        for (int a = 0; a < m; a++) {
            for (int c = 0; c < k; c++) ut[a * k + c] = basis[c * pixels + active[a]];
        }
        double[] out = new double[k * count];
        double[] acc = new double[k];
        for (int i = 0; i < count; i++) {
            java.util.Arrays.fill(acc, 0.0);
            int off = i * pixels;
            for (int a = 0; a < m; a++) {
                int p = active[a];
                double centred = (images[off + p] & 0xFF) - mean[p];
                int o = a * k;
                for (int c = 0; c < k; c++) acc[c] += centred * ut[o + c];
            }
            for (int c = 0; c < k; c++) out[c * count + i] = acc[c] * scales[c];
        }
        return out;
    }
}
