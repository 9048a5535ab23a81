package org.resweep.core.loss;

/**
 * The few dense kernels of the data path, written for small widths (d ≈ 10) and many samples, on FEATURE-MAJOR
 * blocks: row {@code q} of a block is {@code a[off + q·stride + i]}, {@code i < m} over samples.
 *
 * <p>Every kernel fixes its floating-point operation order, so results are bit-identical run to run and between
 * the two implementations: a SIMD one ({@link VectorKernels}, the incubating Vector API, used when the JVM was
 * started with {@code --add-modules jdk.incubator.vector} — Spark adds that flag itself — and its preferred double
 * vector has 4 or 8 lanes: AVX2, AVX-512) and a scalar one here, selected with
 * {@code -Dresweep.scalarKernels=true} or when no such vector exists. Sums over samples use {@link #LANES} = 8
 * partial sums whatever the vector width: sample {@code i} of a block goes into partial {@code i mod 8}, each
 * partial is a chain of {@link Math#fma}, and partials are combined as
 * {@code ((s0+s1)+(s2+s3))+((s4+s5)+(s6+s7))}. Hence block lengths passed to lane kernels are multiples of 8, and
 * every executor — scalar, 4 or 8 lanes — produces the same bits.
 */
public final class Kernels {
    /** Number of partial sums in every reduction over samples (independent of the SIMD width). */
    public static final int LANES = 8;

    /** Double lanes of the SIMD vectors in use (4 or 8), or 0 for the scalar kernels; set once, at class initialisation. */
    public static final int VECTOR_LANES = detectVectorLanes();

    /** Whether the SIMD implementation is in use. */
    public static final boolean VECTOR = VECTOR_LANES > 0;

    private Kernels() { }

    private static int detectVectorLanes() {
        if (Boolean.getBoolean("resweep.scalarKernels")) return 0;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return 0;
        try {
            return VectorKernels.lanes();
        } catch (Throwable t) { // module present but unusable: the scalar kernels give identical numbers
            return 0;
        }
    }

    /** Human-readable name of the kernel implementation in use (for provenance and benchmark headers). */
    public static String implementation() {
        return VECTOR ? "vector(" + VECTOR_LANES + " lanes)" : "scalar";
    }

    /** {@link #mul} epilogue: store only the product. */
    public static final int STORE = 0;
    /** {@link #mul} epilogue: also {@code out2 = out > 0 ? out : 0} (a ReLU layer's activation). */
    public static final int STORE_RELU = 1;
    /** {@link #mul} epilogue: also {@code out2 = mask > 0 ? out : 0} (a product with ReLU's derivative at {@code mask}). */
    public static final int STORE_MASKED = 2;
    /** {@link #mul} epilogue: also {@code out2 = mask + out} (a skip connection's sum; {@code mask} is the other term). */
    public static final int STORE_ADD = 3;
    /** {@link #mul} epilogue: also {@code out2 = tanh(out)} ({@link org.resweep.core.net.Tanh#tanh}: a tanh layer's activation). */
    public static final int STORE_TANH = 4;
    /**
     * {@link #mul} epilogue: also {@code out2 = (1 − t²)·out} with {@code t = mask} (a product with tanh's derivative
     * computed from the activation values t, as {@link Elementwise#mulD1}).
     */
    public static final int STORE_TANH_D = 5;

    /**
     * {@code out[p][i] = Σ_q A(p,q) in[q][i]} for a row-major d × d matrix A, summed as
     * {@code fma(A(p,d−1), in[d−1], … fma(A(p,1), in[1], A(p,0)·in[0]))}.
     *
     * @param a   row-major d × d, {@code a[p·d + q]}. Not modified.
     * @param in  input rows. Not modified.
     * @param out output rows (must not overlap {@code in}). Modified.
     */
    public static void mul(double[] a, int d, double[] in, int inOff, int inStride,
                           double[] out, int outOff, int outStride, int m) {
        mul(a, d, in, inOff, inStride, out, outOff, outStride, m, STORE, null, null);
    }

    /**
     * {@link #mul} fused with an element-wise epilogue on the product (one pass over memory instead of two):
     * {@link #STORE_RELU} also sets {@code out2[p][i] = out[p][i] > 0 ? out[p][i] : 0}; {@link #STORE_MASKED} also
     * sets {@code out2[p][i] = mask[p][i] > 0 ? out[p][i] : 0}; {@link #STORE_ADD} sets
     * {@code out2[p][i] = mask[p][i] + out[p][i]}. {@code mask} and {@code out2} use the offsets and
     * stride of {@code out}. The stored values are those of {@link #mul} followed by the separate element-wise pass.
     *
     * @param mask  rows of the mask (mode {@link #STORE_MASKED}), else ignored. Not modified.
     * @param out2  rows of the second output (modes other than {@link #STORE}). Modified.
     */
    public static void mul(double[] a, int d, double[] in, int inOff, int inStride,
                           double[] out, int outOff, int outStride, int m, int mode, double[] mask, double[] out2) {
        if (VECTOR) VectorKernels.mul(a, d, in, inOff, inStride, out, outOff, outStride, m, mode, mask, out2);
        else mulScalar(a, d, in, inOff, inStride, out, outOff, outStride, m, 0, mode, mask, out2);
    }

    /** Scalar {@link #mul} over samples {@code from ≤ i < m} (also the SIMD version's tail). */
    static void mulScalar(double[] a, int d, double[] in, int inOff, int inStride,
                          double[] out, int outOff, int outStride, int m, int from, int mode, double[] mask, double[] out2) {
        for (int p = 0; p < d; p++) {
            int o = outOff + p * outStride;
            double a0 = a[p * d];
            for (int i = from; i < m; i++) out[o + i] = a0 * in[inOff + i];
            for (int q = 1; q < d; q++) {
                double aq = a[p * d + q];
                int io = inOff + q * inStride;
                for (int i = from; i < m; i++) out[o + i] = Math.fma(aq, in[io + i], out[o + i]);
            }
            if (mode == STORE_RELU) {
                for (int i = o + from; i < o + m; i++) out2[i] = out[i] > 0 ? out[i] : 0.0;
            } else if (mode == STORE_MASKED) {
                for (int i = o + from; i < o + m; i++) out2[i] = mask[i] > 0 ? out[i] : 0.0;
            } else if (mode == STORE_ADD) {
                for (int i = o + from; i < o + m; i++) out2[i] = mask[i] + out[i];
            } else if (mode == STORE_TANH) {
                for (int i = o + from; i < o + m; i++) out2[i] = org.resweep.core.net.Tanh.tanh(out[i]);
            } else if (mode == STORE_TANH_D) {
                for (int i = o + from; i < o + m; i++) { double t = mask[i]; out2[i] = (1.0 - t * t) * out[i]; }
            }
        }
    }

    /**
     * Lane partial sums of {@code G = Δ Hᵀ}: {@code acc[(p·d + q)·8 + k] += Σ_{i ≡ k mod 8} δ[p][i] h[q][i]}
     * (each partial a chain of fma in increasing i).
     *
     * @param acc lane accumulators, length ≥ d²·8. Modified.
     * @param dl  rows δ (stride {@code stride}). Not modified.
     * @param h   rows h (stride {@code stride}). Not modified.
     * @param m   samples, a multiple of 8
     */
    public static void outerLanes(double[] acc, double[] dl, int dOff, double[] h, int hOff, int stride, int d, int m) {
        if (m % LANES != 0) throw new IllegalArgumentException("m: " + m + " is not a multiple of " + LANES);
        if (VECTOR) VectorKernels.outerLanes(acc, dl, dOff, h, hOff, stride, d, m);
        else outerLanesScalar(acc, dl, dOff, h, hOff, stride, d, m);
    }

    static void outerLanesScalar(double[] acc, double[] dl, int dOff, double[] h, int hOff, int stride, int d, int m) {
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                int ao = (p * d + q) * LANES, po = dOff + p * stride, qo = hOff + q * stride;
                for (int i = 0; i < m; i++) {
                    int k = ao + (i & (LANES - 1));
                    acc[k] = Math.fma(dl[po + i], h[qo + i], acc[k]);
                }
            }
        }
    }

    /** The fixed combination of 8 partial sums starting at {@code off}. */
    public static double reduceLanes(double[] lanes, int off) {
        return ((lanes[off] + lanes[off + 1]) + (lanes[off + 2] + lanes[off + 3]))
                + ((lanes[off + 4] + lanes[off + 5]) + (lanes[off + 6] + lanes[off + 7]));
    }
}
