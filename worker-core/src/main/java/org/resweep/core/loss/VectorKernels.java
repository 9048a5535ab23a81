package org.resweep.core.loss;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.resweep.core.net.Tanh;

/**
 * SIMD versions of {@link Kernels}, with exactly the same per-element operation order (so bit-identical to the
 * scalar ones). The species is the JVM's preferred one when it has 4 or 8 double lanes (AVX2, AVX-512;
 * {@link #lanes()}); with 2 lanes (SSE, NEON) the code below would be exact too, but measured slower than the scalar
 * kernels (GD timing of {@code DataPathTiming} under {@code -XX:MaxVectorSize=16}), so it is not used. Loaded only
 * when {@link Kernels#VECTOR} is true.
 *
 * <p>The reductions over samples keep the {@link Kernels#LANES} = 8 partial sums whatever the vector width
 * {@code VL}: partial {@code k} (samples {@code i ≡ k mod 8}) is lane {@code k mod VL} of lane group
 * {@code g = k − k mod VL}, and each group is one vector accumulator running over the samples
 * {@code i = g, g + 8, g + 16, …} (one group with 8 lanes, two halves with 4). Every partial is
 * therefore the same fma chain in increasing i as in the scalar code, and the 8 partials are combined by
 * {@link Kernels#reduceLanes}. Kernels without a reduction over samples ({@link #mul}, the element-wise ones) do
 * per-sample arithmetic only, so any width gives the scalar result.
 */
final class VectorKernels {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int VL = S.length();
    /** Partial sums per reduction, {@link Kernels#LANES}; a multiple of {@link #VL}. */
    private static final int G = Kernels.LANES;

    private static final long ROUND_BITS = Double.doubleToRawLongBits(Tanh.ROUND);
    /** Tanh's coefficients as vectors (Horner chains written out: a loop-carried vector may be boxed). */
    private static final DoubleVector P0 = DoubleVector.broadcast(S, Tanh.p(0));
    private static final DoubleVector P1 = DoubleVector.broadcast(S, Tanh.p(1));
    private static final DoubleVector P2 = DoubleVector.broadcast(S, Tanh.p(2));
    private static final DoubleVector P3 = DoubleVector.broadcast(S, Tanh.p(3));
    private static final DoubleVector P4 = DoubleVector.broadcast(S, Tanh.p(4));
    private static final DoubleVector P5 = DoubleVector.broadcast(S, Tanh.p(5));
    private static final DoubleVector P6 = DoubleVector.broadcast(S, Tanh.p(6));
    private static final DoubleVector P7 = DoubleVector.broadcast(S, Tanh.p(7));
    private static final DoubleVector P8 = DoubleVector.broadcast(S, Tanh.p(8));
    private static final DoubleVector P9 = DoubleVector.broadcast(S, Tanh.p(9));
    private static final DoubleVector P10 = DoubleVector.broadcast(S, Tanh.p(10));
    private static final DoubleVector P11 = DoubleVector.broadcast(S, Tanh.p(11));
    private static final DoubleVector E0 = DoubleVector.broadcast(S, Tanh.e(0));
    private static final DoubleVector E1 = DoubleVector.broadcast(S, Tanh.e(1));
    private static final DoubleVector E2 = DoubleVector.broadcast(S, Tanh.e(2));
    private static final DoubleVector E3 = DoubleVector.broadcast(S, Tanh.e(3));
    private static final DoubleVector E4 = DoubleVector.broadcast(S, Tanh.e(4));
    private static final DoubleVector E5 = DoubleVector.broadcast(S, Tanh.e(5));
    private static final DoubleVector E6 = DoubleVector.broadcast(S, Tanh.e(6));
    private static final DoubleVector E7 = DoubleVector.broadcast(S, Tanh.e(7));
    private static final DoubleVector E8 = DoubleVector.broadcast(S, Tanh.e(8));
    private static final DoubleVector E9 = DoubleVector.broadcast(S, Tanh.e(9));
    private static final DoubleVector E10 = DoubleVector.broadcast(S, Tanh.e(10));
    private static final DoubleVector E11 = DoubleVector.broadcast(S, Tanh.e(11));
    private static final DoubleVector E12 = DoubleVector.broadcast(S, Tanh.e(12));
    private static final DoubleVector E13 = DoubleVector.broadcast(S, Tanh.e(13));

    private VectorKernels() { }
    static final boolean R10 = !Boolean.getBoolean("gd3.nor10"), R5X4 = !Boolean.getBoolean("gd3.nor5x4"); // TUNING
    static final boolean O55 = !Boolean.getBoolean("gd3.noo55"); // TUNING

    /** The number of double lanes of the species in use (4 or 8), or 0 when it is another width (no SIMD then). */
    static int lanes() { return VL == 4 || VL == 8 ? VL : 0; }

    static void mul(double[] a, int d, double[] in, int inOff, int inStride,
                    double[] out, int outOff, int outStride, int m, int mode, double[] mask, double[] out2) {
        int mv = m - m % VL;
        boolean noProduct = (mode & Kernels.NO_PRODUCT) != 0;
        mode &= ~Kernels.NO_PRODUCT;
        int p = 0;
        if (d % 5 == 0 && d % 4 != 0) {
            if (VL == 8 && R10) {
                for (; p + 9 < d; p += 10) {
                    int done = rows10(a, d, p, in, inOff, inStride, out, outOff, outStride, mv, mode, noProduct, mask, out2);
                    // the samples left, and the epilogue when it was not applied from the registers
                    rows5(a, d, p, in, inOff, inStride, out, outOff, outStride, mv, mode, noProduct, mask, out2, done);
                    rows5(a, d, p + 5, in, inOff, inStride, out, outOff, outStride, mv, mode, noProduct, mask, out2, done);
                }
            }
            for (; p + 4 < d; p += 5) rows5(a, d, p, in, inOff, inStride, out, outOff, outStride, mv, mode, noProduct, mask, out2, 0);
        }
        for (; p + 3 < d; p += 4) rows4(a, d, p, in, inOff, inStride, out, outOff, outStride, mv, mode, mask, out2);
        for (; p + 1 < d; p += 2) rows2(a, d, p, in, inOff, inStride, out, outOff, outStride, mv, mode, mask, out2);
        for (; p < d; p++) rows1(a, d, p, in, inOff, inStride, out, outOff, outStride, mv, mode, mask, out2);
        if (mv < m) Kernels.mulScalar(a, d, in, inOff, inStride, out, outOff, outStride, m, mv, mode, mask, out2);
    }

    /**
     * The epilogue of {@link #mul} on {@code out[o … o+len)}, just written (so in L1): by {@code mode}, the ReLU of the
     * product or its ReLU-mask product into {@code out2}. Arrays only in the signature: vectors passed to a method that
     * is not inlined would be boxed.
     */
    private static void epilogue(double[] out, int o, int len, int mode, double[] mask, double[] out2) {
        DoubleVector zero = DoubleVector.zero(S);
        if (mode == Kernels.STORE_RELU) {
            for (int i = o; i < o + len; i += VL) {
                DoubleVector v = DoubleVector.fromArray(S, out, i);
                zero.blend(v, v.compare(VectorOperators.GT, 0.0)).intoArray(out2, i);
            }
        } else if (mode == Kernels.STORE_MASKED) {
            for (int i = o; i < o + len; i += VL) {
                VectorMask<Double> pos = DoubleVector.fromArray(S, mask, i).compare(VectorOperators.GT, 0.0);
                zero.blend(DoubleVector.fromArray(S, out, i), pos).intoArray(out2, i);
            }
        } else if (mode == Kernels.STORE_ADD) {
            for (int i = o; i < o + len; i += VL) {
                DoubleVector.fromArray(S, mask, i).add(DoubleVector.fromArray(S, out, i)).intoArray(out2, i);
            }
        } else if (mode == Kernels.STORE_TANH) {
            tanh(out, out2, o, len, 1.0);
        } else if (mode == Kernels.STORE_TANH_D) {
            DoubleVector one = DoubleVector.broadcast(S, 1.0);
            for (int i = o; i < o + len; i += VL) {
                DoubleVector t = DoubleVector.fromArray(S, mask, i);
                one.sub(t.mul(t)).mul(DoubleVector.fromArray(S, out, i)).intoArray(out2, i);
            }
        }
    }

    /**
     * Rows p … p+9 of {@link #mul} on 8 lanes: 10 rows × 2 vectors = 20 chains, the input read once (instead of twice
     * by two 5-row blocks); the rest of the samples by {@link #rows5}.
     */
    private static int rows10(double[] a, int d, int p, double[] in, int inOff, int inStride,
                              double[] out, int outOff, int outStride, int mv, int mode, boolean noProduct,
                              double[] mask, double[] out2) {
        boolean fused = noProduct && (mode == Kernels.STORE_RELU || mode == Kernels.STORE_MASKED
                || mode == Kernels.STORE_ADD || mode == Kernels.STORE_TANH_D);
        DoubleVector zero = DoubleVector.zero(S), one = DoubleVector.broadcast(S, 1.0);
        int r0 = p * d, r1 = r0 + d, r2 = r1 + d, r3 = r2 + d, r4 = r3 + d, r5 = r4 + d, r6 = r5 + d, r7 = r6 + d, r8 = r7 + d, r9 = r8 + d;
        int o0 = outOff + p * outStride, o1 = o0 + outStride, o2 = o1 + outStride, o3 = o2 + outStride, o4 = o3 + outStride, o5 = o4 + outStride, o6 = o5 + outStride, o7 = o6 + outStride, o8 = o7 + outStride, o9 = o8 + outStride;
        int i = 0;
        for (; i + 2 * VL <= mv; i += 2 * VL) {
            int io = inOff + i;
            DoubleVector x0 = DoubleVector.fromArray(S, in, io), x1 = DoubleVector.fromArray(S, in, io + VL);
            DoubleVector b = DoubleVector.broadcast(S, a[r0]);
            DoubleVector c0_0 = x0.mul(b), c0_1 = x1.mul(b);
            b = DoubleVector.broadcast(S, a[r1]);
            DoubleVector c1_0 = x0.mul(b), c1_1 = x1.mul(b);
            b = DoubleVector.broadcast(S, a[r2]);
            DoubleVector c2_0 = x0.mul(b), c2_1 = x1.mul(b);
            b = DoubleVector.broadcast(S, a[r3]);
            DoubleVector c3_0 = x0.mul(b), c3_1 = x1.mul(b);
            b = DoubleVector.broadcast(S, a[r4]);
            DoubleVector c4_0 = x0.mul(b), c4_1 = x1.mul(b);
            b = DoubleVector.broadcast(S, a[r5]);
            DoubleVector c5_0 = x0.mul(b), c5_1 = x1.mul(b);
            b = DoubleVector.broadcast(S, a[r6]);
            DoubleVector c6_0 = x0.mul(b), c6_1 = x1.mul(b);
            b = DoubleVector.broadcast(S, a[r7]);
            DoubleVector c7_0 = x0.mul(b), c7_1 = x1.mul(b);
            b = DoubleVector.broadcast(S, a[r8]);
            DoubleVector c8_0 = x0.mul(b), c8_1 = x1.mul(b);
            b = DoubleVector.broadcast(S, a[r9]);
            DoubleVector c9_0 = x0.mul(b), c9_1 = x1.mul(b);
            for (int q = 1; q < d; q++) {
                io += inStride;
                x0 = DoubleVector.fromArray(S, in, io); x1 = DoubleVector.fromArray(S, in, io + VL);
                b = DoubleVector.broadcast(S, a[r0 + q]); c0_0 = b.fma(x0, c0_0); c0_1 = b.fma(x1, c0_1);
                b = DoubleVector.broadcast(S, a[r1 + q]); c1_0 = b.fma(x0, c1_0); c1_1 = b.fma(x1, c1_1);
                b = DoubleVector.broadcast(S, a[r2 + q]); c2_0 = b.fma(x0, c2_0); c2_1 = b.fma(x1, c2_1);
                b = DoubleVector.broadcast(S, a[r3 + q]); c3_0 = b.fma(x0, c3_0); c3_1 = b.fma(x1, c3_1);
                b = DoubleVector.broadcast(S, a[r4 + q]); c4_0 = b.fma(x0, c4_0); c4_1 = b.fma(x1, c4_1);
                b = DoubleVector.broadcast(S, a[r5 + q]); c5_0 = b.fma(x0, c5_0); c5_1 = b.fma(x1, c5_1);
                b = DoubleVector.broadcast(S, a[r6 + q]); c6_0 = b.fma(x0, c6_0); c6_1 = b.fma(x1, c6_1);
                b = DoubleVector.broadcast(S, a[r7 + q]); c7_0 = b.fma(x0, c7_0); c7_1 = b.fma(x1, c7_1);
                b = DoubleVector.broadcast(S, a[r8 + q]); c8_0 = b.fma(x0, c8_0); c8_1 = b.fma(x1, c8_1);
                b = DoubleVector.broadcast(S, a[r9 + q]); c9_0 = b.fma(x0, c9_0); c9_1 = b.fma(x1, c9_1);
            }
            if (fused) {
                if (mode == Kernels.STORE_RELU) {
                    zero.blend(c0_0, c0_0.compare(VectorOperators.GT, 0.0)).intoArray(out2, o0 + i);
                    zero.blend(c0_1, c0_1.compare(VectorOperators.GT, 0.0)).intoArray(out2, o0 + i + VL);
                    zero.blend(c1_0, c1_0.compare(VectorOperators.GT, 0.0)).intoArray(out2, o1 + i);
                    zero.blend(c1_1, c1_1.compare(VectorOperators.GT, 0.0)).intoArray(out2, o1 + i + VL);
                    zero.blend(c2_0, c2_0.compare(VectorOperators.GT, 0.0)).intoArray(out2, o2 + i);
                    zero.blend(c2_1, c2_1.compare(VectorOperators.GT, 0.0)).intoArray(out2, o2 + i + VL);
                    zero.blend(c3_0, c3_0.compare(VectorOperators.GT, 0.0)).intoArray(out2, o3 + i);
                    zero.blend(c3_1, c3_1.compare(VectorOperators.GT, 0.0)).intoArray(out2, o3 + i + VL);
                    zero.blend(c4_0, c4_0.compare(VectorOperators.GT, 0.0)).intoArray(out2, o4 + i);
                    zero.blend(c4_1, c4_1.compare(VectorOperators.GT, 0.0)).intoArray(out2, o4 + i + VL);
                    zero.blend(c5_0, c5_0.compare(VectorOperators.GT, 0.0)).intoArray(out2, o5 + i);
                    zero.blend(c5_1, c5_1.compare(VectorOperators.GT, 0.0)).intoArray(out2, o5 + i + VL);
                    zero.blend(c6_0, c6_0.compare(VectorOperators.GT, 0.0)).intoArray(out2, o6 + i);
                    zero.blend(c6_1, c6_1.compare(VectorOperators.GT, 0.0)).intoArray(out2, o6 + i + VL);
                    zero.blend(c7_0, c7_0.compare(VectorOperators.GT, 0.0)).intoArray(out2, o7 + i);
                    zero.blend(c7_1, c7_1.compare(VectorOperators.GT, 0.0)).intoArray(out2, o7 + i + VL);
                    zero.blend(c8_0, c8_0.compare(VectorOperators.GT, 0.0)).intoArray(out2, o8 + i);
                    zero.blend(c8_1, c8_1.compare(VectorOperators.GT, 0.0)).intoArray(out2, o8 + i + VL);
                    zero.blend(c9_0, c9_0.compare(VectorOperators.GT, 0.0)).intoArray(out2, o9 + i);
                    zero.blend(c9_1, c9_1.compare(VectorOperators.GT, 0.0)).intoArray(out2, o9 + i + VL);
                } else if (mode == Kernels.STORE_MASKED) {
                    zero.blend(c0_0, DoubleVector.fromArray(S, mask, o0 + i).compare(VectorOperators.GT, 0.0)).intoArray(out2, o0 + i);
                    zero.blend(c0_1, DoubleVector.fromArray(S, mask, o0 + i + VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o0 + i + VL);
                    zero.blend(c1_0, DoubleVector.fromArray(S, mask, o1 + i).compare(VectorOperators.GT, 0.0)).intoArray(out2, o1 + i);
                    zero.blend(c1_1, DoubleVector.fromArray(S, mask, o1 + i + VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o1 + i + VL);
                    zero.blend(c2_0, DoubleVector.fromArray(S, mask, o2 + i).compare(VectorOperators.GT, 0.0)).intoArray(out2, o2 + i);
                    zero.blend(c2_1, DoubleVector.fromArray(S, mask, o2 + i + VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o2 + i + VL);
                    zero.blend(c3_0, DoubleVector.fromArray(S, mask, o3 + i).compare(VectorOperators.GT, 0.0)).intoArray(out2, o3 + i);
                    zero.blend(c3_1, DoubleVector.fromArray(S, mask, o3 + i + VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o3 + i + VL);
                    zero.blend(c4_0, DoubleVector.fromArray(S, mask, o4 + i).compare(VectorOperators.GT, 0.0)).intoArray(out2, o4 + i);
                    zero.blend(c4_1, DoubleVector.fromArray(S, mask, o4 + i + VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o4 + i + VL);
                    zero.blend(c5_0, DoubleVector.fromArray(S, mask, o5 + i).compare(VectorOperators.GT, 0.0)).intoArray(out2, o5 + i);
                    zero.blend(c5_1, DoubleVector.fromArray(S, mask, o5 + i + VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o5 + i + VL);
                    zero.blend(c6_0, DoubleVector.fromArray(S, mask, o6 + i).compare(VectorOperators.GT, 0.0)).intoArray(out2, o6 + i);
                    zero.blend(c6_1, DoubleVector.fromArray(S, mask, o6 + i + VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o6 + i + VL);
                    zero.blend(c7_0, DoubleVector.fromArray(S, mask, o7 + i).compare(VectorOperators.GT, 0.0)).intoArray(out2, o7 + i);
                    zero.blend(c7_1, DoubleVector.fromArray(S, mask, o7 + i + VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o7 + i + VL);
                    zero.blend(c8_0, DoubleVector.fromArray(S, mask, o8 + i).compare(VectorOperators.GT, 0.0)).intoArray(out2, o8 + i);
                    zero.blend(c8_1, DoubleVector.fromArray(S, mask, o8 + i + VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o8 + i + VL);
                    zero.blend(c9_0, DoubleVector.fromArray(S, mask, o9 + i).compare(VectorOperators.GT, 0.0)).intoArray(out2, o9 + i);
                    zero.blend(c9_1, DoubleVector.fromArray(S, mask, o9 + i + VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o9 + i + VL);
                } else if (mode == Kernels.STORE_ADD) {
                    DoubleVector.fromArray(S, mask, o0 + i).add(c0_0).intoArray(out2, o0 + i);
                    DoubleVector.fromArray(S, mask, o0 + i + VL).add(c0_1).intoArray(out2, o0 + i + VL);
                    DoubleVector.fromArray(S, mask, o1 + i).add(c1_0).intoArray(out2, o1 + i);
                    DoubleVector.fromArray(S, mask, o1 + i + VL).add(c1_1).intoArray(out2, o1 + i + VL);
                    DoubleVector.fromArray(S, mask, o2 + i).add(c2_0).intoArray(out2, o2 + i);
                    DoubleVector.fromArray(S, mask, o2 + i + VL).add(c2_1).intoArray(out2, o2 + i + VL);
                    DoubleVector.fromArray(S, mask, o3 + i).add(c3_0).intoArray(out2, o3 + i);
                    DoubleVector.fromArray(S, mask, o3 + i + VL).add(c3_1).intoArray(out2, o3 + i + VL);
                    DoubleVector.fromArray(S, mask, o4 + i).add(c4_0).intoArray(out2, o4 + i);
                    DoubleVector.fromArray(S, mask, o4 + i + VL).add(c4_1).intoArray(out2, o4 + i + VL);
                    DoubleVector.fromArray(S, mask, o5 + i).add(c5_0).intoArray(out2, o5 + i);
                    DoubleVector.fromArray(S, mask, o5 + i + VL).add(c5_1).intoArray(out2, o5 + i + VL);
                    DoubleVector.fromArray(S, mask, o6 + i).add(c6_0).intoArray(out2, o6 + i);
                    DoubleVector.fromArray(S, mask, o6 + i + VL).add(c6_1).intoArray(out2, o6 + i + VL);
                    DoubleVector.fromArray(S, mask, o7 + i).add(c7_0).intoArray(out2, o7 + i);
                    DoubleVector.fromArray(S, mask, o7 + i + VL).add(c7_1).intoArray(out2, o7 + i + VL);
                    DoubleVector.fromArray(S, mask, o8 + i).add(c8_0).intoArray(out2, o8 + i);
                    DoubleVector.fromArray(S, mask, o8 + i + VL).add(c8_1).intoArray(out2, o8 + i + VL);
                    DoubleVector.fromArray(S, mask, o9 + i).add(c9_0).intoArray(out2, o9 + i);
                    DoubleVector.fromArray(S, mask, o9 + i + VL).add(c9_1).intoArray(out2, o9 + i + VL);
                } else { // STORE_TANH_D
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o0 + i); one.sub(t.mul(t)).mul(c0_0).intoArray(out2, o0 + i); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o0 + i + VL); one.sub(t.mul(t)).mul(c0_1).intoArray(out2, o0 + i + VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o1 + i); one.sub(t.mul(t)).mul(c1_0).intoArray(out2, o1 + i); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o1 + i + VL); one.sub(t.mul(t)).mul(c1_1).intoArray(out2, o1 + i + VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o2 + i); one.sub(t.mul(t)).mul(c2_0).intoArray(out2, o2 + i); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o2 + i + VL); one.sub(t.mul(t)).mul(c2_1).intoArray(out2, o2 + i + VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o3 + i); one.sub(t.mul(t)).mul(c3_0).intoArray(out2, o3 + i); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o3 + i + VL); one.sub(t.mul(t)).mul(c3_1).intoArray(out2, o3 + i + VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o4 + i); one.sub(t.mul(t)).mul(c4_0).intoArray(out2, o4 + i); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o4 + i + VL); one.sub(t.mul(t)).mul(c4_1).intoArray(out2, o4 + i + VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o5 + i); one.sub(t.mul(t)).mul(c5_0).intoArray(out2, o5 + i); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o5 + i + VL); one.sub(t.mul(t)).mul(c5_1).intoArray(out2, o5 + i + VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o6 + i); one.sub(t.mul(t)).mul(c6_0).intoArray(out2, o6 + i); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o6 + i + VL); one.sub(t.mul(t)).mul(c6_1).intoArray(out2, o6 + i + VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o7 + i); one.sub(t.mul(t)).mul(c7_0).intoArray(out2, o7 + i); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o7 + i + VL); one.sub(t.mul(t)).mul(c7_1).intoArray(out2, o7 + i + VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o8 + i); one.sub(t.mul(t)).mul(c8_0).intoArray(out2, o8 + i); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o8 + i + VL); one.sub(t.mul(t)).mul(c8_1).intoArray(out2, o8 + i + VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o9 + i); one.sub(t.mul(t)).mul(c9_0).intoArray(out2, o9 + i); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o9 + i + VL); one.sub(t.mul(t)).mul(c9_1).intoArray(out2, o9 + i + VL); }
                }
            } else {
                c0_0.intoArray(out, o0 + i); c0_1.intoArray(out, o0 + i + VL);
                c1_0.intoArray(out, o1 + i); c1_1.intoArray(out, o1 + i + VL);
                c2_0.intoArray(out, o2 + i); c2_1.intoArray(out, o2 + i + VL);
                c3_0.intoArray(out, o3 + i); c3_1.intoArray(out, o3 + i + VL);
                c4_0.intoArray(out, o4 + i); c4_1.intoArray(out, o4 + i + VL);
                c5_0.intoArray(out, o5 + i); c5_1.intoArray(out, o5 + i + VL);
                c6_0.intoArray(out, o6 + i); c6_1.intoArray(out, o6 + i + VL);
                c7_0.intoArray(out, o7 + i); c7_1.intoArray(out, o7 + i + VL);
                c8_0.intoArray(out, o8 + i); c8_1.intoArray(out, o8 + i + VL);
                c9_0.intoArray(out, o9 + i); c9_1.intoArray(out, o9 + i + VL);
            }
        }
        return i;
    }

    /** The 5 rows × 4 vectors loop of {@link #rows5} (8 lanes) from sample {@code i}; returns the first sample not done. */
    private static int rows5x4(double[] a, int d, int p, double[] in, int inOff, int inStride,
                               double[] out, int outOff, int outStride, int mv, boolean fused, int mode,
                               double[] mask, double[] out2, int i) {
        DoubleVector zero = DoubleVector.zero(S), one = DoubleVector.broadcast(S, 1.0);
        int r0 = p * d, r1 = r0 + d, r2 = r1 + d, r3 = r2 + d, r4 = r3 + d;
        int o0 = outOff + p * outStride, o1 = o0 + outStride, o2 = o1 + outStride, o3 = o2 + outStride, o4 = o3 + outStride;
        for (; i + 4 * VL <= mv; i += 4 * VL) {
            int io = inOff + i;
            DoubleVector x0 = DoubleVector.fromArray(S, in, io), x1 = DoubleVector.fromArray(S, in, io + VL), x2 = DoubleVector.fromArray(S, in, io + 2 * VL), x3 = DoubleVector.fromArray(S, in, io + 3 * VL);
            DoubleVector b = DoubleVector.broadcast(S, a[r0]);
            DoubleVector c00 = x0.mul(b), c01 = x1.mul(b), c02 = x2.mul(b), c03 = x3.mul(b);
            b = DoubleVector.broadcast(S, a[r1]);
            DoubleVector c10 = x0.mul(b), c11 = x1.mul(b), c12 = x2.mul(b), c13 = x3.mul(b);
            b = DoubleVector.broadcast(S, a[r2]);
            DoubleVector c20 = x0.mul(b), c21 = x1.mul(b), c22 = x2.mul(b), c23 = x3.mul(b);
            b = DoubleVector.broadcast(S, a[r3]);
            DoubleVector c30 = x0.mul(b), c31 = x1.mul(b), c32 = x2.mul(b), c33 = x3.mul(b);
            b = DoubleVector.broadcast(S, a[r4]);
            DoubleVector c40 = x0.mul(b), c41 = x1.mul(b), c42 = x2.mul(b), c43 = x3.mul(b);
            for (int q = 1; q < d; q++) {
                io += inStride;
                x0 = DoubleVector.fromArray(S, in, io); x1 = DoubleVector.fromArray(S, in, io + VL); x2 = DoubleVector.fromArray(S, in, io + 2 * VL); x3 = DoubleVector.fromArray(S, in, io + 3 * VL);
                b = DoubleVector.broadcast(S, a[r0 + q]); c00 = b.fma(x0, c00); c01 = b.fma(x1, c01); c02 = b.fma(x2, c02); c03 = b.fma(x3, c03);
                b = DoubleVector.broadcast(S, a[r1 + q]); c10 = b.fma(x0, c10); c11 = b.fma(x1, c11); c12 = b.fma(x2, c12); c13 = b.fma(x3, c13);
                b = DoubleVector.broadcast(S, a[r2 + q]); c20 = b.fma(x0, c20); c21 = b.fma(x1, c21); c22 = b.fma(x2, c22); c23 = b.fma(x3, c23);
                b = DoubleVector.broadcast(S, a[r3 + q]); c30 = b.fma(x0, c30); c31 = b.fma(x1, c31); c32 = b.fma(x2, c32); c33 = b.fma(x3, c33);
                b = DoubleVector.broadcast(S, a[r4 + q]); c40 = b.fma(x0, c40); c41 = b.fma(x1, c41); c42 = b.fma(x2, c42); c43 = b.fma(x3, c43);
            }
            if (fused) {
                if (mode == Kernels.STORE_RELU) {
                    zero.blend(c00, c00.compare(VectorOperators.GT, 0.0)).intoArray(out2, o0 + i);
                    zero.blend(c01, c01.compare(VectorOperators.GT, 0.0)).intoArray(out2, o0 + i + VL);
                    zero.blend(c02, c02.compare(VectorOperators.GT, 0.0)).intoArray(out2, o0 + i + 2 * VL);
                    zero.blend(c03, c03.compare(VectorOperators.GT, 0.0)).intoArray(out2, o0 + i + 3 * VL);
                    zero.blend(c10, c10.compare(VectorOperators.GT, 0.0)).intoArray(out2, o1 + i);
                    zero.blend(c11, c11.compare(VectorOperators.GT, 0.0)).intoArray(out2, o1 + i + VL);
                    zero.blend(c12, c12.compare(VectorOperators.GT, 0.0)).intoArray(out2, o1 + i + 2 * VL);
                    zero.blend(c13, c13.compare(VectorOperators.GT, 0.0)).intoArray(out2, o1 + i + 3 * VL);
                    zero.blend(c20, c20.compare(VectorOperators.GT, 0.0)).intoArray(out2, o2 + i);
                    zero.blend(c21, c21.compare(VectorOperators.GT, 0.0)).intoArray(out2, o2 + i + VL);
                    zero.blend(c22, c22.compare(VectorOperators.GT, 0.0)).intoArray(out2, o2 + i + 2 * VL);
                    zero.blend(c23, c23.compare(VectorOperators.GT, 0.0)).intoArray(out2, o2 + i + 3 * VL);
                    zero.blend(c30, c30.compare(VectorOperators.GT, 0.0)).intoArray(out2, o3 + i);
                    zero.blend(c31, c31.compare(VectorOperators.GT, 0.0)).intoArray(out2, o3 + i + VL);
                    zero.blend(c32, c32.compare(VectorOperators.GT, 0.0)).intoArray(out2, o3 + i + 2 * VL);
                    zero.blend(c33, c33.compare(VectorOperators.GT, 0.0)).intoArray(out2, o3 + i + 3 * VL);
                    zero.blend(c40, c40.compare(VectorOperators.GT, 0.0)).intoArray(out2, o4 + i);
                    zero.blend(c41, c41.compare(VectorOperators.GT, 0.0)).intoArray(out2, o4 + i + VL);
                    zero.blend(c42, c42.compare(VectorOperators.GT, 0.0)).intoArray(out2, o4 + i + 2 * VL);
                    zero.blend(c43, c43.compare(VectorOperators.GT, 0.0)).intoArray(out2, o4 + i + 3 * VL);
                } else if (mode == Kernels.STORE_MASKED) {
                    zero.blend(c00, DoubleVector.fromArray(S, mask, o0 + i).compare(VectorOperators.GT, 0.0)).intoArray(out2, o0 + i);
                    zero.blend(c01, DoubleVector.fromArray(S, mask, o0 + i + VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o0 + i + VL);
                    zero.blend(c02, DoubleVector.fromArray(S, mask, o0 + i + 2 * VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o0 + i + 2 * VL);
                    zero.blend(c03, DoubleVector.fromArray(S, mask, o0 + i + 3 * VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o0 + i + 3 * VL);
                    zero.blend(c10, DoubleVector.fromArray(S, mask, o1 + i).compare(VectorOperators.GT, 0.0)).intoArray(out2, o1 + i);
                    zero.blend(c11, DoubleVector.fromArray(S, mask, o1 + i + VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o1 + i + VL);
                    zero.blend(c12, DoubleVector.fromArray(S, mask, o1 + i + 2 * VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o1 + i + 2 * VL);
                    zero.blend(c13, DoubleVector.fromArray(S, mask, o1 + i + 3 * VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o1 + i + 3 * VL);
                    zero.blend(c20, DoubleVector.fromArray(S, mask, o2 + i).compare(VectorOperators.GT, 0.0)).intoArray(out2, o2 + i);
                    zero.blend(c21, DoubleVector.fromArray(S, mask, o2 + i + VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o2 + i + VL);
                    zero.blend(c22, DoubleVector.fromArray(S, mask, o2 + i + 2 * VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o2 + i + 2 * VL);
                    zero.blend(c23, DoubleVector.fromArray(S, mask, o2 + i + 3 * VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o2 + i + 3 * VL);
                    zero.blend(c30, DoubleVector.fromArray(S, mask, o3 + i).compare(VectorOperators.GT, 0.0)).intoArray(out2, o3 + i);
                    zero.blend(c31, DoubleVector.fromArray(S, mask, o3 + i + VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o3 + i + VL);
                    zero.blend(c32, DoubleVector.fromArray(S, mask, o3 + i + 2 * VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o3 + i + 2 * VL);
                    zero.blend(c33, DoubleVector.fromArray(S, mask, o3 + i + 3 * VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o3 + i + 3 * VL);
                    zero.blend(c40, DoubleVector.fromArray(S, mask, o4 + i).compare(VectorOperators.GT, 0.0)).intoArray(out2, o4 + i);
                    zero.blend(c41, DoubleVector.fromArray(S, mask, o4 + i + VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o4 + i + VL);
                    zero.blend(c42, DoubleVector.fromArray(S, mask, o4 + i + 2 * VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o4 + i + 2 * VL);
                    zero.blend(c43, DoubleVector.fromArray(S, mask, o4 + i + 3 * VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o4 + i + 3 * VL);
                } else if (mode == Kernels.STORE_ADD) {
                    DoubleVector.fromArray(S, mask, o0 + i).add(c00).intoArray(out2, o0 + i);
                    DoubleVector.fromArray(S, mask, o0 + i + VL).add(c01).intoArray(out2, o0 + i + VL);
                    DoubleVector.fromArray(S, mask, o0 + i + 2 * VL).add(c02).intoArray(out2, o0 + i + 2 * VL);
                    DoubleVector.fromArray(S, mask, o0 + i + 3 * VL).add(c03).intoArray(out2, o0 + i + 3 * VL);
                    DoubleVector.fromArray(S, mask, o1 + i).add(c10).intoArray(out2, o1 + i);
                    DoubleVector.fromArray(S, mask, o1 + i + VL).add(c11).intoArray(out2, o1 + i + VL);
                    DoubleVector.fromArray(S, mask, o1 + i + 2 * VL).add(c12).intoArray(out2, o1 + i + 2 * VL);
                    DoubleVector.fromArray(S, mask, o1 + i + 3 * VL).add(c13).intoArray(out2, o1 + i + 3 * VL);
                    DoubleVector.fromArray(S, mask, o2 + i).add(c20).intoArray(out2, o2 + i);
                    DoubleVector.fromArray(S, mask, o2 + i + VL).add(c21).intoArray(out2, o2 + i + VL);
                    DoubleVector.fromArray(S, mask, o2 + i + 2 * VL).add(c22).intoArray(out2, o2 + i + 2 * VL);
                    DoubleVector.fromArray(S, mask, o2 + i + 3 * VL).add(c23).intoArray(out2, o2 + i + 3 * VL);
                    DoubleVector.fromArray(S, mask, o3 + i).add(c30).intoArray(out2, o3 + i);
                    DoubleVector.fromArray(S, mask, o3 + i + VL).add(c31).intoArray(out2, o3 + i + VL);
                    DoubleVector.fromArray(S, mask, o3 + i + 2 * VL).add(c32).intoArray(out2, o3 + i + 2 * VL);
                    DoubleVector.fromArray(S, mask, o3 + i + 3 * VL).add(c33).intoArray(out2, o3 + i + 3 * VL);
                    DoubleVector.fromArray(S, mask, o4 + i).add(c40).intoArray(out2, o4 + i);
                    DoubleVector.fromArray(S, mask, o4 + i + VL).add(c41).intoArray(out2, o4 + i + VL);
                    DoubleVector.fromArray(S, mask, o4 + i + 2 * VL).add(c42).intoArray(out2, o4 + i + 2 * VL);
                    DoubleVector.fromArray(S, mask, o4 + i + 3 * VL).add(c43).intoArray(out2, o4 + i + 3 * VL);
                } else { // STORE_TANH_D
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o0 + i); one.sub(t.mul(t)).mul(c00).intoArray(out2, o0 + i); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o0 + i + VL); one.sub(t.mul(t)).mul(c01).intoArray(out2, o0 + i + VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o0 + i + 2 * VL); one.sub(t.mul(t)).mul(c02).intoArray(out2, o0 + i + 2 * VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o0 + i + 3 * VL); one.sub(t.mul(t)).mul(c03).intoArray(out2, o0 + i + 3 * VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o1 + i); one.sub(t.mul(t)).mul(c10).intoArray(out2, o1 + i); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o1 + i + VL); one.sub(t.mul(t)).mul(c11).intoArray(out2, o1 + i + VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o1 + i + 2 * VL); one.sub(t.mul(t)).mul(c12).intoArray(out2, o1 + i + 2 * VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o1 + i + 3 * VL); one.sub(t.mul(t)).mul(c13).intoArray(out2, o1 + i + 3 * VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o2 + i); one.sub(t.mul(t)).mul(c20).intoArray(out2, o2 + i); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o2 + i + VL); one.sub(t.mul(t)).mul(c21).intoArray(out2, o2 + i + VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o2 + i + 2 * VL); one.sub(t.mul(t)).mul(c22).intoArray(out2, o2 + i + 2 * VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o2 + i + 3 * VL); one.sub(t.mul(t)).mul(c23).intoArray(out2, o2 + i + 3 * VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o3 + i); one.sub(t.mul(t)).mul(c30).intoArray(out2, o3 + i); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o3 + i + VL); one.sub(t.mul(t)).mul(c31).intoArray(out2, o3 + i + VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o3 + i + 2 * VL); one.sub(t.mul(t)).mul(c32).intoArray(out2, o3 + i + 2 * VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o3 + i + 3 * VL); one.sub(t.mul(t)).mul(c33).intoArray(out2, o3 + i + 3 * VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o4 + i); one.sub(t.mul(t)).mul(c40).intoArray(out2, o4 + i); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o4 + i + VL); one.sub(t.mul(t)).mul(c41).intoArray(out2, o4 + i + VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o4 + i + 2 * VL); one.sub(t.mul(t)).mul(c42).intoArray(out2, o4 + i + 2 * VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o4 + i + 3 * VL); one.sub(t.mul(t)).mul(c43).intoArray(out2, o4 + i + 3 * VL); }
                }
            } else {
                c00.intoArray(out, o0 + i); c01.intoArray(out, o0 + i + VL); c02.intoArray(out, o0 + i + 2 * VL); c03.intoArray(out, o0 + i + 3 * VL);
                c10.intoArray(out, o1 + i); c11.intoArray(out, o1 + i + VL); c12.intoArray(out, o1 + i + 2 * VL); c13.intoArray(out, o1 + i + 3 * VL);
                c20.intoArray(out, o2 + i); c21.intoArray(out, o2 + i + VL); c22.intoArray(out, o2 + i + 2 * VL); c23.intoArray(out, o2 + i + 3 * VL);
                c30.intoArray(out, o3 + i); c31.intoArray(out, o3 + i + VL); c32.intoArray(out, o3 + i + 2 * VL); c33.intoArray(out, o3 + i + 3 * VL);
                c40.intoArray(out, o4 + i); c41.intoArray(out, o4 + i + VL); c42.intoArray(out, o4 + i + 2 * VL); c43.intoArray(out, o4 + i + 3 * VL);
            }
        }
        return i;
    }

    /** Rows p … p+4 of {@link #mul} (d = 10: two blocks instead of 4 + 4 + 2): 5 rows × 3 vectors = 15 chains, then 5 × 1. */
    private static void rows5(double[] a, int d, int p, double[] in, int inOff, int inStride,
                              double[] out, int outOff, int outStride, int mv, int mode, boolean noProduct,
                              double[] mask, double[] out2, int from) {
        // the epilogue from the registers, the product not stored (modes with a short epilogue)
        boolean fused = noProduct && (mode == Kernels.STORE_RELU || mode == Kernels.STORE_MASKED
                || mode == Kernels.STORE_ADD || mode == Kernels.STORE_TANH_D);
        DoubleVector zero = DoubleVector.zero(S), one = DoubleVector.broadcast(S, 1.0);
        int r0 = p * d, r1 = r0 + d, r2 = r1 + d, r3 = r2 + d, r4 = r3 + d;
        int o0 = outOff + p * outStride, o1 = o0 + outStride, o2 = o1 + outStride, o3 = o2 + outStride, o4 = o3 + outStride;
        int i = from;
        // 8 lanes (32 vector registers): 5 rows × 4 vectors = 20 chains first
        if (VL == 8 && R5X4) i = rows5x4(a, d, p, in, inOff, inStride, out, outOff, outStride, mv, fused, mode, mask, out2, i);
        for (; i + 3 * VL <= mv; i += 3 * VL) {
            int io = inOff + i;
            DoubleVector x0 = DoubleVector.fromArray(S, in, io), x1 = DoubleVector.fromArray(S, in, io + VL),
                    x2 = DoubleVector.fromArray(S, in, io + 2 * VL);
            DoubleVector b = DoubleVector.broadcast(S, a[r0]);
            DoubleVector c00 = x0.mul(b), c01 = x1.mul(b), c02 = x2.mul(b);
            b = DoubleVector.broadcast(S, a[r1]);
            DoubleVector c10 = x0.mul(b), c11 = x1.mul(b), c12 = x2.mul(b);
            b = DoubleVector.broadcast(S, a[r2]);
            DoubleVector c20 = x0.mul(b), c21 = x1.mul(b), c22 = x2.mul(b);
            b = DoubleVector.broadcast(S, a[r3]);
            DoubleVector c30 = x0.mul(b), c31 = x1.mul(b), c32 = x2.mul(b);
            b = DoubleVector.broadcast(S, a[r4]);
            DoubleVector c40 = x0.mul(b), c41 = x1.mul(b), c42 = x2.mul(b);
            for (int q = 1; q < d; q++) {
                io += inStride;
                x0 = DoubleVector.fromArray(S, in, io); x1 = DoubleVector.fromArray(S, in, io + VL);
                x2 = DoubleVector.fromArray(S, in, io + 2 * VL);
                b = DoubleVector.broadcast(S, a[r0 + q]); c00 = b.fma(x0, c00); c01 = b.fma(x1, c01); c02 = b.fma(x2, c02);
                b = DoubleVector.broadcast(S, a[r1 + q]); c10 = b.fma(x0, c10); c11 = b.fma(x1, c11); c12 = b.fma(x2, c12);
                b = DoubleVector.broadcast(S, a[r2 + q]); c20 = b.fma(x0, c20); c21 = b.fma(x1, c21); c22 = b.fma(x2, c22);
                b = DoubleVector.broadcast(S, a[r3 + q]); c30 = b.fma(x0, c30); c31 = b.fma(x1, c31); c32 = b.fma(x2, c32);
                b = DoubleVector.broadcast(S, a[r4 + q]); c40 = b.fma(x0, c40); c41 = b.fma(x1, c41); c42 = b.fma(x2, c42);
            }
            if (fused) {
                if (mode == Kernels.STORE_RELU) {
                    zero.blend(c00, c00.compare(VectorOperators.GT, 0.0)).intoArray(out2, o0 + i);
                    zero.blend(c01, c01.compare(VectorOperators.GT, 0.0)).intoArray(out2, o0 + i + VL);
                    zero.blend(c02, c02.compare(VectorOperators.GT, 0.0)).intoArray(out2, o0 + i + 2 * VL);
                    zero.blend(c10, c10.compare(VectorOperators.GT, 0.0)).intoArray(out2, o1 + i);
                    zero.blend(c11, c11.compare(VectorOperators.GT, 0.0)).intoArray(out2, o1 + i + VL);
                    zero.blend(c12, c12.compare(VectorOperators.GT, 0.0)).intoArray(out2, o1 + i + 2 * VL);
                    zero.blend(c20, c20.compare(VectorOperators.GT, 0.0)).intoArray(out2, o2 + i);
                    zero.blend(c21, c21.compare(VectorOperators.GT, 0.0)).intoArray(out2, o2 + i + VL);
                    zero.blend(c22, c22.compare(VectorOperators.GT, 0.0)).intoArray(out2, o2 + i + 2 * VL);
                    zero.blend(c30, c30.compare(VectorOperators.GT, 0.0)).intoArray(out2, o3 + i);
                    zero.blend(c31, c31.compare(VectorOperators.GT, 0.0)).intoArray(out2, o3 + i + VL);
                    zero.blend(c32, c32.compare(VectorOperators.GT, 0.0)).intoArray(out2, o3 + i + 2 * VL);
                    zero.blend(c40, c40.compare(VectorOperators.GT, 0.0)).intoArray(out2, o4 + i);
                    zero.blend(c41, c41.compare(VectorOperators.GT, 0.0)).intoArray(out2, o4 + i + VL);
                    zero.blend(c42, c42.compare(VectorOperators.GT, 0.0)).intoArray(out2, o4 + i + 2 * VL);
                } else if (mode == Kernels.STORE_MASKED) {
                    zero.blend(c00, DoubleVector.fromArray(S, mask, o0 + i).compare(VectorOperators.GT, 0.0)).intoArray(out2, o0 + i);
                    zero.blend(c01, DoubleVector.fromArray(S, mask, o0 + i + VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o0 + i + VL);
                    zero.blend(c02, DoubleVector.fromArray(S, mask, o0 + i + 2 * VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o0 + i + 2 * VL);
                    zero.blend(c10, DoubleVector.fromArray(S, mask, o1 + i).compare(VectorOperators.GT, 0.0)).intoArray(out2, o1 + i);
                    zero.blend(c11, DoubleVector.fromArray(S, mask, o1 + i + VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o1 + i + VL);
                    zero.blend(c12, DoubleVector.fromArray(S, mask, o1 + i + 2 * VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o1 + i + 2 * VL);
                    zero.blend(c20, DoubleVector.fromArray(S, mask, o2 + i).compare(VectorOperators.GT, 0.0)).intoArray(out2, o2 + i);
                    zero.blend(c21, DoubleVector.fromArray(S, mask, o2 + i + VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o2 + i + VL);
                    zero.blend(c22, DoubleVector.fromArray(S, mask, o2 + i + 2 * VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o2 + i + 2 * VL);
                    zero.blend(c30, DoubleVector.fromArray(S, mask, o3 + i).compare(VectorOperators.GT, 0.0)).intoArray(out2, o3 + i);
                    zero.blend(c31, DoubleVector.fromArray(S, mask, o3 + i + VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o3 + i + VL);
                    zero.blend(c32, DoubleVector.fromArray(S, mask, o3 + i + 2 * VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o3 + i + 2 * VL);
                    zero.blend(c40, DoubleVector.fromArray(S, mask, o4 + i).compare(VectorOperators.GT, 0.0)).intoArray(out2, o4 + i);
                    zero.blend(c41, DoubleVector.fromArray(S, mask, o4 + i + VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o4 + i + VL);
                    zero.blend(c42, DoubleVector.fromArray(S, mask, o4 + i + 2 * VL).compare(VectorOperators.GT, 0.0)).intoArray(out2, o4 + i + 2 * VL);
                } else if (mode == Kernels.STORE_ADD) {
                    DoubleVector.fromArray(S, mask, o0 + i).add(c00).intoArray(out2, o0 + i);
                    DoubleVector.fromArray(S, mask, o0 + i + VL).add(c01).intoArray(out2, o0 + i + VL);
                    DoubleVector.fromArray(S, mask, o0 + i + 2 * VL).add(c02).intoArray(out2, o0 + i + 2 * VL);
                    DoubleVector.fromArray(S, mask, o1 + i).add(c10).intoArray(out2, o1 + i);
                    DoubleVector.fromArray(S, mask, o1 + i + VL).add(c11).intoArray(out2, o1 + i + VL);
                    DoubleVector.fromArray(S, mask, o1 + i + 2 * VL).add(c12).intoArray(out2, o1 + i + 2 * VL);
                    DoubleVector.fromArray(S, mask, o2 + i).add(c20).intoArray(out2, o2 + i);
                    DoubleVector.fromArray(S, mask, o2 + i + VL).add(c21).intoArray(out2, o2 + i + VL);
                    DoubleVector.fromArray(S, mask, o2 + i + 2 * VL).add(c22).intoArray(out2, o2 + i + 2 * VL);
                    DoubleVector.fromArray(S, mask, o3 + i).add(c30).intoArray(out2, o3 + i);
                    DoubleVector.fromArray(S, mask, o3 + i + VL).add(c31).intoArray(out2, o3 + i + VL);
                    DoubleVector.fromArray(S, mask, o3 + i + 2 * VL).add(c32).intoArray(out2, o3 + i + 2 * VL);
                    DoubleVector.fromArray(S, mask, o4 + i).add(c40).intoArray(out2, o4 + i);
                    DoubleVector.fromArray(S, mask, o4 + i + VL).add(c41).intoArray(out2, o4 + i + VL);
                    DoubleVector.fromArray(S, mask, o4 + i + 2 * VL).add(c42).intoArray(out2, o4 + i + 2 * VL);
                } else { // STORE_TANH_D
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o0 + i); one.sub(t.mul(t)).mul(c00).intoArray(out2, o0 + i); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o0 + i + VL); one.sub(t.mul(t)).mul(c01).intoArray(out2, o0 + i + VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o0 + i + 2 * VL); one.sub(t.mul(t)).mul(c02).intoArray(out2, o0 + i + 2 * VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o1 + i); one.sub(t.mul(t)).mul(c10).intoArray(out2, o1 + i); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o1 + i + VL); one.sub(t.mul(t)).mul(c11).intoArray(out2, o1 + i + VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o1 + i + 2 * VL); one.sub(t.mul(t)).mul(c12).intoArray(out2, o1 + i + 2 * VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o2 + i); one.sub(t.mul(t)).mul(c20).intoArray(out2, o2 + i); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o2 + i + VL); one.sub(t.mul(t)).mul(c21).intoArray(out2, o2 + i + VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o2 + i + 2 * VL); one.sub(t.mul(t)).mul(c22).intoArray(out2, o2 + i + 2 * VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o3 + i); one.sub(t.mul(t)).mul(c30).intoArray(out2, o3 + i); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o3 + i + VL); one.sub(t.mul(t)).mul(c31).intoArray(out2, o3 + i + VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o3 + i + 2 * VL); one.sub(t.mul(t)).mul(c32).intoArray(out2, o3 + i + 2 * VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o4 + i); one.sub(t.mul(t)).mul(c40).intoArray(out2, o4 + i); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o4 + i + VL); one.sub(t.mul(t)).mul(c41).intoArray(out2, o4 + i + VL); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o4 + i + 2 * VL); one.sub(t.mul(t)).mul(c42).intoArray(out2, o4 + i + 2 * VL); }
                }
            } else {
                c00.intoArray(out, o0 + i); c01.intoArray(out, o0 + i + VL); c02.intoArray(out, o0 + i + 2 * VL);
                c10.intoArray(out, o1 + i); c11.intoArray(out, o1 + i + VL); c12.intoArray(out, o1 + i + 2 * VL);
                c20.intoArray(out, o2 + i); c21.intoArray(out, o2 + i + VL); c22.intoArray(out, o2 + i + 2 * VL);
                c30.intoArray(out, o3 + i); c31.intoArray(out, o3 + i + VL); c32.intoArray(out, o3 + i + 2 * VL);
                c40.intoArray(out, o4 + i); c41.intoArray(out, o4 + i + VL); c42.intoArray(out, o4 + i + 2 * VL);
            }
        }
        for (; i < mv; i += VL) {
            int io = inOff + i;
            DoubleVector x = DoubleVector.fromArray(S, in, io);
            DoubleVector c0 = x.mul(a[r0]), c1 = x.mul(a[r1]), c2 = x.mul(a[r2]), c3 = x.mul(a[r3]), c4 = x.mul(a[r4]);
            for (int q = 1; q < d; q++) {
                io += inStride;
                x = DoubleVector.fromArray(S, in, io);
                c0 = DoubleVector.broadcast(S, a[r0 + q]).fma(x, c0);
                c1 = DoubleVector.broadcast(S, a[r1 + q]).fma(x, c1);
                c2 = DoubleVector.broadcast(S, a[r2 + q]).fma(x, c2);
                c3 = DoubleVector.broadcast(S, a[r3 + q]).fma(x, c3);
                c4 = DoubleVector.broadcast(S, a[r4 + q]).fma(x, c4);
            }
            if (fused) {
                if (mode == Kernels.STORE_RELU) {
                    zero.blend(c0, c0.compare(VectorOperators.GT, 0.0)).intoArray(out2, o0 + i);
                    zero.blend(c1, c1.compare(VectorOperators.GT, 0.0)).intoArray(out2, o1 + i);
                    zero.blend(c2, c2.compare(VectorOperators.GT, 0.0)).intoArray(out2, o2 + i);
                    zero.blend(c3, c3.compare(VectorOperators.GT, 0.0)).intoArray(out2, o3 + i);
                    zero.blend(c4, c4.compare(VectorOperators.GT, 0.0)).intoArray(out2, o4 + i);
                } else if (mode == Kernels.STORE_MASKED) {
                    zero.blend(c0, DoubleVector.fromArray(S, mask, o0 + i).compare(VectorOperators.GT, 0.0)).intoArray(out2, o0 + i);
                    zero.blend(c1, DoubleVector.fromArray(S, mask, o1 + i).compare(VectorOperators.GT, 0.0)).intoArray(out2, o1 + i);
                    zero.blend(c2, DoubleVector.fromArray(S, mask, o2 + i).compare(VectorOperators.GT, 0.0)).intoArray(out2, o2 + i);
                    zero.blend(c3, DoubleVector.fromArray(S, mask, o3 + i).compare(VectorOperators.GT, 0.0)).intoArray(out2, o3 + i);
                    zero.blend(c4, DoubleVector.fromArray(S, mask, o4 + i).compare(VectorOperators.GT, 0.0)).intoArray(out2, o4 + i);
                } else if (mode == Kernels.STORE_ADD) {
                    DoubleVector.fromArray(S, mask, o0 + i).add(c0).intoArray(out2, o0 + i);
                    DoubleVector.fromArray(S, mask, o1 + i).add(c1).intoArray(out2, o1 + i);
                    DoubleVector.fromArray(S, mask, o2 + i).add(c2).intoArray(out2, o2 + i);
                    DoubleVector.fromArray(S, mask, o3 + i).add(c3).intoArray(out2, o3 + i);
                    DoubleVector.fromArray(S, mask, o4 + i).add(c4).intoArray(out2, o4 + i);
                } else { // STORE_TANH_D
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o0 + i); one.sub(t.mul(t)).mul(c0).intoArray(out2, o0 + i); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o1 + i); one.sub(t.mul(t)).mul(c1).intoArray(out2, o1 + i); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o2 + i); one.sub(t.mul(t)).mul(c2).intoArray(out2, o2 + i); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o3 + i); one.sub(t.mul(t)).mul(c3).intoArray(out2, o3 + i); }
                    { DoubleVector t = DoubleVector.fromArray(S, mask, o4 + i); one.sub(t.mul(t)).mul(c4).intoArray(out2, o4 + i); }
                }
            } else {
                c0.intoArray(out, o0 + i); c1.intoArray(out, o1 + i); c2.intoArray(out, o2 + i);
                c3.intoArray(out, o3 + i); c4.intoArray(out, o4 + i);
            }
        }
        if (fused) return;
        epilogue(out, o0, mv, mode, mask, out2); epilogue(out, o1, mv, mode, mask, out2);
        epilogue(out, o2, mv, mode, mask, out2); epilogue(out, o3, mv, mode, mask, out2);
        epilogue(out, o4, mv, mode, mask, out2);
    }

    /** Rows p … p+3 of {@link #mul}: 4 rows × 4 vectors = 16 independent fma chains, then 4 rows × 1 vector. */
    private static void rows4(double[] a, int d, int p, double[] in, int inOff, int inStride,
                              double[] out, int outOff, int outStride, int mv, int mode, double[] mask, double[] out2) {
        int r0 = p * d, r1 = r0 + d, r2 = r1 + d, r3 = r2 + d;
        int o0 = outOff + p * outStride, o1 = o0 + outStride, o2 = o1 + outStride, o3 = o2 + outStride;
        int i = 0;
        for (; i + 4 * VL <= mv; i += 4 * VL) {
            int io = inOff + i;
            DoubleVector x0 = DoubleVector.fromArray(S, in, io), x1 = DoubleVector.fromArray(S, in, io + VL),
                    x2 = DoubleVector.fromArray(S, in, io + 2 * VL), x3 = DoubleVector.fromArray(S, in, io + 3 * VL);
            DoubleVector b0 = DoubleVector.broadcast(S, a[r0]), b1 = DoubleVector.broadcast(S, a[r1]),
                    b2 = DoubleVector.broadcast(S, a[r2]), b3 = DoubleVector.broadcast(S, a[r3]);
            DoubleVector c00 = x0.mul(b0), c01 = x1.mul(b0), c02 = x2.mul(b0), c03 = x3.mul(b0);
            DoubleVector c10 = x0.mul(b1), c11 = x1.mul(b1), c12 = x2.mul(b1), c13 = x3.mul(b1);
            DoubleVector c20 = x0.mul(b2), c21 = x1.mul(b2), c22 = x2.mul(b2), c23 = x3.mul(b2);
            DoubleVector c30 = x0.mul(b3), c31 = x1.mul(b3), c32 = x2.mul(b3), c33 = x3.mul(b3);
            for (int q = 1; q < d; q++) {
                io += inStride;
                x0 = DoubleVector.fromArray(S, in, io); x1 = DoubleVector.fromArray(S, in, io + VL);
                x2 = DoubleVector.fromArray(S, in, io + 2 * VL); x3 = DoubleVector.fromArray(S, in, io + 3 * VL);
                b0 = DoubleVector.broadcast(S, a[r0 + q]); b1 = DoubleVector.broadcast(S, a[r1 + q]);
                b2 = DoubleVector.broadcast(S, a[r2 + q]); b3 = DoubleVector.broadcast(S, a[r3 + q]);
                c00 = b0.fma(x0, c00); c01 = b0.fma(x1, c01); c02 = b0.fma(x2, c02); c03 = b0.fma(x3, c03);
                c10 = b1.fma(x0, c10); c11 = b1.fma(x1, c11); c12 = b1.fma(x2, c12); c13 = b1.fma(x3, c13);
                c20 = b2.fma(x0, c20); c21 = b2.fma(x1, c21); c22 = b2.fma(x2, c22); c23 = b2.fma(x3, c23);
                c30 = b3.fma(x0, c30); c31 = b3.fma(x1, c31); c32 = b3.fma(x2, c32); c33 = b3.fma(x3, c33);
            }
            c00.intoArray(out, o0 + i); c01.intoArray(out, o0 + i + VL);
            c02.intoArray(out, o0 + i + 2 * VL); c03.intoArray(out, o0 + i + 3 * VL);
            c10.intoArray(out, o1 + i); c11.intoArray(out, o1 + i + VL);
            c12.intoArray(out, o1 + i + 2 * VL); c13.intoArray(out, o1 + i + 3 * VL);
            c20.intoArray(out, o2 + i); c21.intoArray(out, o2 + i + VL);
            c22.intoArray(out, o2 + i + 2 * VL); c23.intoArray(out, o2 + i + 3 * VL);
            c30.intoArray(out, o3 + i); c31.intoArray(out, o3 + i + VL);
            c32.intoArray(out, o3 + i + 2 * VL); c33.intoArray(out, o3 + i + 3 * VL);
        }
        for (; i < mv; i += VL) {
            int io = inOff + i;
            DoubleVector x = DoubleVector.fromArray(S, in, io);
            DoubleVector c0 = x.mul(a[r0]), c1 = x.mul(a[r1]), c2 = x.mul(a[r2]), c3 = x.mul(a[r3]);
            for (int q = 1; q < d; q++) {
                io += inStride;
                x = DoubleVector.fromArray(S, in, io);
                c0 = DoubleVector.broadcast(S, a[r0 + q]).fma(x, c0);
                c1 = DoubleVector.broadcast(S, a[r1 + q]).fma(x, c1);
                c2 = DoubleVector.broadcast(S, a[r2 + q]).fma(x, c2);
                c3 = DoubleVector.broadcast(S, a[r3 + q]).fma(x, c3);
            }
            c0.intoArray(out, o0 + i); c1.intoArray(out, o1 + i);
            c2.intoArray(out, o2 + i); c3.intoArray(out, o3 + i);
        }
        epilogue(out, o0, mv, mode, mask, out2); epilogue(out, o1, mv, mode, mask, out2);
        epilogue(out, o2, mv, mode, mask, out2); epilogue(out, o3, mv, mode, mask, out2);
    }

    /** Rows p, p+1 of {@link #mul}: 2 rows × 4 vectors, then 2 rows × 1 vector. */
    private static void rows2(double[] a, int d, int p, double[] in, int inOff, int inStride,
                              double[] out, int outOff, int outStride, int mv, int mode, double[] mask, double[] out2) {
        int r0 = p * d, r1 = r0 + d;
        int o0 = outOff + p * outStride, o1 = o0 + outStride;
        int i = 0;
        for (; i + 4 * VL <= mv; i += 4 * VL) {
            int io = inOff + i;
            DoubleVector x0 = DoubleVector.fromArray(S, in, io), x1 = DoubleVector.fromArray(S, in, io + VL),
                    x2 = DoubleVector.fromArray(S, in, io + 2 * VL), x3 = DoubleVector.fromArray(S, in, io + 3 * VL);
            DoubleVector b0 = DoubleVector.broadcast(S, a[r0]), b1 = DoubleVector.broadcast(S, a[r1]);
            DoubleVector c00 = x0.mul(b0), c01 = x1.mul(b0), c02 = x2.mul(b0), c03 = x3.mul(b0);
            DoubleVector c10 = x0.mul(b1), c11 = x1.mul(b1), c12 = x2.mul(b1), c13 = x3.mul(b1);
            for (int q = 1; q < d; q++) {
                io += inStride;
                x0 = DoubleVector.fromArray(S, in, io); x1 = DoubleVector.fromArray(S, in, io + VL);
                x2 = DoubleVector.fromArray(S, in, io + 2 * VL); x3 = DoubleVector.fromArray(S, in, io + 3 * VL);
                b0 = DoubleVector.broadcast(S, a[r0 + q]); b1 = DoubleVector.broadcast(S, a[r1 + q]);
                c00 = b0.fma(x0, c00); c01 = b0.fma(x1, c01); c02 = b0.fma(x2, c02); c03 = b0.fma(x3, c03);
                c10 = b1.fma(x0, c10); c11 = b1.fma(x1, c11); c12 = b1.fma(x2, c12); c13 = b1.fma(x3, c13);
            }
            c00.intoArray(out, o0 + i); c01.intoArray(out, o0 + i + VL);
            c02.intoArray(out, o0 + i + 2 * VL); c03.intoArray(out, o0 + i + 3 * VL);
            c10.intoArray(out, o1 + i); c11.intoArray(out, o1 + i + VL);
            c12.intoArray(out, o1 + i + 2 * VL); c13.intoArray(out, o1 + i + 3 * VL);
        }
        for (; i < mv; i += VL) {
            int io = inOff + i;
            DoubleVector x = DoubleVector.fromArray(S, in, io);
            DoubleVector c0 = x.mul(a[r0]), c1 = x.mul(a[r1]);
            for (int q = 1; q < d; q++) {
                io += inStride;
                x = DoubleVector.fromArray(S, in, io);
                c0 = DoubleVector.broadcast(S, a[r0 + q]).fma(x, c0);
                c1 = DoubleVector.broadcast(S, a[r1 + q]).fma(x, c1);
            }
            c0.intoArray(out, o0 + i); c1.intoArray(out, o1 + i);
        }
        epilogue(out, o0, mv, mode, mask, out2); epilogue(out, o1, mv, mode, mask, out2);
    }

    /** Row p of {@link #mul}: 4 vectors, then 1 vector. */
    private static void rows1(double[] a, int d, int p, double[] in, int inOff, int inStride,
                              double[] out, int outOff, int outStride, int mv, int mode, double[] mask, double[] out2) {
        int r0 = p * d, o0 = outOff + p * outStride;
        int i = 0;
        for (; i + 4 * VL <= mv; i += 4 * VL) {
            int io = inOff + i;
            DoubleVector b0 = DoubleVector.broadcast(S, a[r0]);
            DoubleVector c00 = DoubleVector.fromArray(S, in, io).mul(b0), c01 = DoubleVector.fromArray(S, in, io + VL).mul(b0),
                    c02 = DoubleVector.fromArray(S, in, io + 2 * VL).mul(b0), c03 = DoubleVector.fromArray(S, in, io + 3 * VL).mul(b0);
            for (int q = 1; q < d; q++) {
                io += inStride;
                b0 = DoubleVector.broadcast(S, a[r0 + q]);
                c00 = b0.fma(DoubleVector.fromArray(S, in, io), c00); c01 = b0.fma(DoubleVector.fromArray(S, in, io + VL), c01);
                c02 = b0.fma(DoubleVector.fromArray(S, in, io + 2 * VL), c02); c03 = b0.fma(DoubleVector.fromArray(S, in, io + 3 * VL), c03);
            }
            c00.intoArray(out, o0 + i); c01.intoArray(out, o0 + i + VL);
            c02.intoArray(out, o0 + i + 2 * VL); c03.intoArray(out, o0 + i + 3 * VL);
        }
        for (; i < mv; i += VL) {
            int io = inOff + i;
            DoubleVector c0 = DoubleVector.fromArray(S, in, io).mul(a[r0]);
            for (int q = 1; q < d; q++) {
                io += inStride;
                c0 = DoubleVector.broadcast(S, a[r0 + q]).fma(DoubleVector.fromArray(S, in, io), c0);
            }
            c0.intoArray(out, o0 + i);
        }
        epilogue(out, o0, mv, mode, mask, out2);
    }

    static void outerLanes(double[] acc, double[] dl, int dOff, double[] h, int hOff, int stride, int d, int m) {
        outerLanes(acc, dl, dOff, h, hOff, stride, d, m, null);
    }

    static void outerLanes(double[] acc, double[] dl, int dOff, double[] h, int hOff, int stride, int d, int m,
                           Kernels.Chain chain) {
        if (O55 && VL == 8 && d % 5 == 0) { // 32 vector registers (AVX-512): 25 accumulators
            // sample blocks of OUTER_BLOCK so that the rows read by the 5 × 5 blocks stay in L1; each partial is
            // still one fma chain in increasing i (the accumulators go through acc between blocks)
            for (int from = 0; from < m; from += OUTER_BLOCK) {
                int to = Math.min(m, from + OUTER_BLOCK);
                for (int p = 0; p < d; p += 5) {
                    for (int q = 0; q < d; q += 5) {
                        outer5x5(acc, dl, dOff + p * stride, h, hOff + q * stride, stride, (p * d + q) * G, d * G, from, to, chain);
                    }
                }
            }
            return;
        }
        int p = 0;
        for (; p + 1 < d; p += 2) {
            int p0 = dOff + p * stride, p1 = p0 + stride;
            int q = 0;
            for (; q + 4 < d; q += 5) outer2x5(acc, dl, p0, p1, h, hOff + q * stride, stride, (p * d + q) * G, d * G, m);
            for (; q < d; q++) {
                outerOne(acc, dl, p0, h, hOff + q * stride, (p * d + q) * G, m);
                outerOne(acc, dl, p1, h, hOff + q * stride, ((p + 1) * d + q) * G, m);
            }
        }
        for (; p < d; p++) {
            for (int q = 0; q < d; q++) outerOne(acc, dl, dOff + p * stride, h, hOff + q * stride, (p * d + q) * G, m);
        }
    }

    /** Samples per block of the 5 × 5 outer-product kernel (a multiple of 8). */
    static final int OUTER_BLOCK = Integer.getInteger("gd3.ob", 64); // TUNING

    /**
     * Entries (p … p+4, q … q+4) of {@link #outerLanes} over samples {@code from ≤ i < to} (8 lanes only: 25
     * accumulators, 10 loads per 25 fma). {@code p0}, {@code q0} are the offsets of rows p and q, {@code b0} the
     * accumulator offset of (p, q), {@code rowStep} the one between p and p+1.
     */
    private static void outer5x5(double[] acc, double[] dl, int p0, double[] h, int q0, int stride,
                                 int b0, int rowStep, int from, int to, Kernels.Chain chain) {
        // two adds of the side chain per iteration (scalar adds: other ports than the fma; latency hidden)
        double[] cv = chain == null ? null : chain.v;
        int cp = chain == null ? 0 : chain.pos, ce = chain == null ? 0 : chain.end - 1;
        double cs = chain == null ? 0.0 : chain.sum;
        int p1 = p0 + stride, p2 = p1 + stride, p3 = p2 + stride, p4 = p3 + stride;
        int q1 = q0 + stride, q2 = q1 + stride, q3 = q2 + stride, q4 = q3 + stride;
        int c0 = b0, c1 = c0 + rowStep, c2 = c1 + rowStep, c3 = c2 + rowStep, c4 = c3 + rowStep;
        DoubleVector s00 = DoubleVector.fromArray(S, acc, c0), s01 = DoubleVector.fromArray(S, acc, c0 + G), s02 = DoubleVector.fromArray(S, acc, c0 + 2 * G), s03 = DoubleVector.fromArray(S, acc, c0 + 3 * G), s04 = DoubleVector.fromArray(S, acc, c0 + 4 * G);
        DoubleVector s10 = DoubleVector.fromArray(S, acc, c1), s11 = DoubleVector.fromArray(S, acc, c1 + G), s12 = DoubleVector.fromArray(S, acc, c1 + 2 * G), s13 = DoubleVector.fromArray(S, acc, c1 + 3 * G), s14 = DoubleVector.fromArray(S, acc, c1 + 4 * G);
        DoubleVector s20 = DoubleVector.fromArray(S, acc, c2), s21 = DoubleVector.fromArray(S, acc, c2 + G), s22 = DoubleVector.fromArray(S, acc, c2 + 2 * G), s23 = DoubleVector.fromArray(S, acc, c2 + 3 * G), s24 = DoubleVector.fromArray(S, acc, c2 + 4 * G);
        DoubleVector s30 = DoubleVector.fromArray(S, acc, c3), s31 = DoubleVector.fromArray(S, acc, c3 + G), s32 = DoubleVector.fromArray(S, acc, c3 + 2 * G), s33 = DoubleVector.fromArray(S, acc, c3 + 3 * G), s34 = DoubleVector.fromArray(S, acc, c3 + 4 * G);
        DoubleVector s40 = DoubleVector.fromArray(S, acc, c4), s41 = DoubleVector.fromArray(S, acc, c4 + G), s42 = DoubleVector.fromArray(S, acc, c4 + 2 * G), s43 = DoubleVector.fromArray(S, acc, c4 + 3 * G), s44 = DoubleVector.fromArray(S, acc, c4 + 4 * G);
        for (int i = from; i < to; i += G) {
            if (cp < ce) {
                cs = cs + cv[cp];
                cs = cs + cv[cp + 1];
                cp += 2;
            }
            DoubleVector a0 = DoubleVector.fromArray(S, dl, p0 + i), a1 = DoubleVector.fromArray(S, dl, p1 + i), a2 = DoubleVector.fromArray(S, dl, p2 + i), a3 = DoubleVector.fromArray(S, dl, p3 + i), a4 = DoubleVector.fromArray(S, dl, p4 + i);
            DoubleVector h0 = DoubleVector.fromArray(S, h, q0 + i);
            s00 = a0.fma(h0, s00); s10 = a1.fma(h0, s10); s20 = a2.fma(h0, s20); s30 = a3.fma(h0, s30); s40 = a4.fma(h0, s40);
            DoubleVector h1 = DoubleVector.fromArray(S, h, q1 + i);
            s01 = a0.fma(h1, s01); s11 = a1.fma(h1, s11); s21 = a2.fma(h1, s21); s31 = a3.fma(h1, s31); s41 = a4.fma(h1, s41);
            DoubleVector h2 = DoubleVector.fromArray(S, h, q2 + i);
            s02 = a0.fma(h2, s02); s12 = a1.fma(h2, s12); s22 = a2.fma(h2, s22); s32 = a3.fma(h2, s32); s42 = a4.fma(h2, s42);
            DoubleVector h3 = DoubleVector.fromArray(S, h, q3 + i);
            s03 = a0.fma(h3, s03); s13 = a1.fma(h3, s13); s23 = a2.fma(h3, s23); s33 = a3.fma(h3, s33); s43 = a4.fma(h3, s43);
            DoubleVector h4 = DoubleVector.fromArray(S, h, q4 + i);
            s04 = a0.fma(h4, s04); s14 = a1.fma(h4, s14); s24 = a2.fma(h4, s24); s34 = a3.fma(h4, s34); s44 = a4.fma(h4, s44);
        }
        if (chain != null) {
            chain.pos = cp;
            chain.sum = cs;
        }
        s00.intoArray(acc, c0); s01.intoArray(acc, c0 + G); s02.intoArray(acc, c0 + 2 * G); s03.intoArray(acc, c0 + 3 * G); s04.intoArray(acc, c0 + 4 * G);
        s10.intoArray(acc, c1); s11.intoArray(acc, c1 + G); s12.intoArray(acc, c1 + 2 * G); s13.intoArray(acc, c1 + 3 * G); s14.intoArray(acc, c1 + 4 * G);
        s20.intoArray(acc, c2); s21.intoArray(acc, c2 + G); s22.intoArray(acc, c2 + 2 * G); s23.intoArray(acc, c2 + 3 * G); s24.intoArray(acc, c2 + 4 * G);
        s30.intoArray(acc, c3); s31.intoArray(acc, c3 + G); s32.intoArray(acc, c3 + 2 * G); s33.intoArray(acc, c3 + 3 * G); s34.intoArray(acc, c3 + 4 * G);
        s40.intoArray(acc, c4); s41.intoArray(acc, c4 + G); s42.intoArray(acc, c4 + 2 * G); s43.intoArray(acc, c4 + 3 * G); s44.intoArray(acc, c4 + 4 * G);
    }

    /**
     * Entries (p, q … q+4) and (p+1, q … q+4) of {@link #outerLanes}: 10 independent fma chains per lane group, 7 loads
     * per 10 fma. {@code b0} is the accumulator offset of (p, q), {@code rowStep} the one between p and p+1.
     */
    private static void outer2x5(double[] acc, double[] dl, int p0, int p1, double[] h, int q0, int stride,
                                 int b0, int rowStep, int m) {
        int q1 = q0 + stride, q2 = q1 + stride, q3 = q2 + stride, q4 = q3 + stride;
        for (int g = 0; g < G; g += VL) { // lane groups: partials g … g+VL−1
            int c = b0 + g, e = c + rowStep;
            DoubleVector s00 = DoubleVector.fromArray(S, acc, c), s01 = DoubleVector.fromArray(S, acc, c + G),
                    s02 = DoubleVector.fromArray(S, acc, c + 2 * G), s03 = DoubleVector.fromArray(S, acc, c + 3 * G),
                    s04 = DoubleVector.fromArray(S, acc, c + 4 * G);
            DoubleVector s10 = DoubleVector.fromArray(S, acc, e), s11 = DoubleVector.fromArray(S, acc, e + G),
                    s12 = DoubleVector.fromArray(S, acc, e + 2 * G), s13 = DoubleVector.fromArray(S, acc, e + 3 * G),
                    s14 = DoubleVector.fromArray(S, acc, e + 4 * G);
            for (int i = g; i < m; i += G) {
                DoubleVector a0 = DoubleVector.fromArray(S, dl, p0 + i), a1 = DoubleVector.fromArray(S, dl, p1 + i);
                DoubleVector h0 = DoubleVector.fromArray(S, h, q0 + i);
                s00 = a0.fma(h0, s00); s10 = a1.fma(h0, s10);
                DoubleVector h1 = DoubleVector.fromArray(S, h, q1 + i);
                s01 = a0.fma(h1, s01); s11 = a1.fma(h1, s11);
                DoubleVector h2 = DoubleVector.fromArray(S, h, q2 + i);
                s02 = a0.fma(h2, s02); s12 = a1.fma(h2, s12);
                DoubleVector h3 = DoubleVector.fromArray(S, h, q3 + i);
                s03 = a0.fma(h3, s03); s13 = a1.fma(h3, s13);
                DoubleVector h4 = DoubleVector.fromArray(S, h, q4 + i);
                s04 = a0.fma(h4, s04); s14 = a1.fma(h4, s14);
            }
            s00.intoArray(acc, c); s01.intoArray(acc, c + G); s02.intoArray(acc, c + 2 * G); s03.intoArray(acc, c + 3 * G);
            s04.intoArray(acc, c + 4 * G);
            s10.intoArray(acc, e); s11.intoArray(acc, e + G); s12.intoArray(acc, e + 2 * G); s13.intoArray(acc, e + 3 * G);
            s14.intoArray(acc, e + 4 * G);
        }
    }

    private static void outerOne(double[] acc, double[] dl, int po, double[] h, int qo, int b, int m) {
        for (int g = 0; g < G; g += VL) {
            DoubleVector s = DoubleVector.fromArray(S, acc, b + g);
            for (int i = g; i < m; i += G) {
                s = DoubleVector.fromArray(S, dl, po + i).fma(DoubleVector.fromArray(S, h, qo + i), s);
            }
            s.intoArray(acc, b + g);
        }
    }

    static void pairBlock(double[] ha, double[] hb, double[] db, double[] dd, double[] jj, int d, int stride,
                          int m, double[] zeros, double[] lanes, double[] hess, int pp, int ob, int oa) {
        boolean tens = d >= 10 && lanes.length >= PAIR_M + d * stride;
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                long row = (long) (ob + q * d + p) * pp;
                int r = 0;
                if (tens) {
                    factors(hb, db, dd, jj, d, stride, m, p, q, lanes);
                    for (; r + 1 < d; r += 2) {
                        int sb = 0;
                        for (; sb + 9 < d; sb += 10) pair2x10(ha, stride, m, lanes, hess, (int) (row + oa), d, r, sb);
                        if (sb < d) {
                            pairTen(ha, hb, db, dd, jj, d, stride, m, zeros, lanes, hess, row, oa, p, q, r, sb);
                            pairTen(ha, hb, db, dd, jj, d, stride, m, zeros, lanes, hess, row, oa, p, q, r + 1, sb);
                        }
                    }
                }
                for (; r < d; r++) {
                    for (int sb = 0; sb < d; sb += 10) pairTen(ha, hb, db, dd, jj, d, stride, m, zeros, lanes, hess, row, oa, p, q, r, sb);
                }
            }
        }
    }

    /** Offset in the {@code lanes} scratch of {@link #pairBlock} where the per-sample factors of one (p, q) start. */
    static final int PAIR_M = 20 * Kernels.LANES;

    /**
     * The per-sample factors of the (p, q) row pair for every r, {@code fma(δb[p], J[q][r], D[p][r]·hb[q])} (or
     * {@code D[p][r]·hb[q]} without J), into {@code buf[PAIR_M + r·stride + i]}: the same operations as the
     * scalar kernel, computed once per (p, q) instead of once per (p, q, s-block).
     */
    private static void factors(double[] hb, double[] db, double[] dd, double[] jj, int d, int stride, int m,
                                int p, int q, double[] buf) {
        int hq = q * stride, dp = p * stride;
        for (int r = 0; r < d; r++) {
            int dOff = (p * d + r) * stride, jOff = (q * d + r) * stride, o = PAIR_M + r * stride;
            if (jj != null) {
                for (int i = 0; i < m; i += VL) {
                    DoubleVector mv = DoubleVector.fromArray(S, dd, dOff + i).mul(DoubleVector.fromArray(S, hb, hq + i));
                    DoubleVector.fromArray(S, db, dp + i).fma(DoubleVector.fromArray(S, jj, jOff + i), mv).intoArray(buf, o + i);
                }
            } else {
                for (int i = 0; i < m; i += VL) {
                    DoubleVector.fromArray(S, dd, dOff + i).mul(DoubleVector.fromArray(S, hb, hq + i)).intoArray(buf, o + i);
                }
            }
        }
    }

    /**
     * Entries (r, s … s+9) and (r+1, s … s+9) of the (p, q) row pair of {@link #pairBlock} from the factors in
     * {@code buf} ({@link #factors}): 20 independent fma chains per lane group sharing the 10 loads of {@code ha}, each
     * a chain in increasing i as in the scalar kernel. {@code at} is the Hessian index of entry (r = 0, s = 0).
     */
    private static void pair2x10(double[] ha, int stride, int m, double[] buf, double[] hess, int at, int d, int r, int sb) {
        int u0 = PAIR_M + r * stride, v0 = u0 + stride;
        int o0 = sb * stride, o1 = o0 + stride, o2 = o1 + stride, o3 = o2 + stride, o4 = o3 + stride,
                o5 = o4 + stride, o6 = o5 + stride, o7 = o6 + stride, o8 = o7 + stride, o9 = o8 + stride;
        for (int g = 0; g < G; g += VL) { // lane groups: partials g … g+VL−1
            DoubleVector z = DoubleVector.zero(S);
            DoubleVector c0 = z, c1 = z, c2 = z, c3 = z, c4 = z, c5 = z, c6 = z, c7 = z, c8 = z, c9 = z;
            DoubleVector e0 = z, e1 = z, e2 = z, e3 = z, e4 = z, e5 = z, e6 = z, e7 = z, e8 = z, e9 = z;
            for (int i = g; i < m; i += G) {
                DoubleVector u = DoubleVector.fromArray(S, buf, u0 + i), v = DoubleVector.fromArray(S, buf, v0 + i);
                DoubleVector x = DoubleVector.fromArray(S, ha, o0 + i); c0 = u.fma(x, c0); e0 = v.fma(x, e0);
                x = DoubleVector.fromArray(S, ha, o1 + i); c1 = u.fma(x, c1); e1 = v.fma(x, e1);
                x = DoubleVector.fromArray(S, ha, o2 + i); c2 = u.fma(x, c2); e2 = v.fma(x, e2);
                x = DoubleVector.fromArray(S, ha, o3 + i); c3 = u.fma(x, c3); e3 = v.fma(x, e3);
                x = DoubleVector.fromArray(S, ha, o4 + i); c4 = u.fma(x, c4); e4 = v.fma(x, e4);
                x = DoubleVector.fromArray(S, ha, o5 + i); c5 = u.fma(x, c5); e5 = v.fma(x, e5);
                x = DoubleVector.fromArray(S, ha, o6 + i); c6 = u.fma(x, c6); e6 = v.fma(x, e6);
                x = DoubleVector.fromArray(S, ha, o7 + i); c7 = u.fma(x, c7); e7 = v.fma(x, e7);
                x = DoubleVector.fromArray(S, ha, o8 + i); c8 = u.fma(x, c8); e8 = v.fma(x, e8);
                x = DoubleVector.fromArray(S, ha, o9 + i); c9 = u.fma(x, c9); e9 = v.fma(x, e9);
            }
            c0.intoArray(buf, g); c1.intoArray(buf, G + g); c2.intoArray(buf, 2 * G + g);
            c3.intoArray(buf, 3 * G + g); c4.intoArray(buf, 4 * G + g); c5.intoArray(buf, 5 * G + g);
            c6.intoArray(buf, 6 * G + g); c7.intoArray(buf, 7 * G + g); c8.intoArray(buf, 8 * G + g);
            c9.intoArray(buf, 9 * G + g);
            e0.intoArray(buf, 10 * G + g); e1.intoArray(buf, 11 * G + g); e2.intoArray(buf, 12 * G + g);
            e3.intoArray(buf, 13 * G + g); e4.intoArray(buf, 14 * G + g); e5.intoArray(buf, 15 * G + g);
            e6.intoArray(buf, 16 * G + g); e7.intoArray(buf, 17 * G + g); e8.intoArray(buf, 18 * G + g);
            e9.intoArray(buf, 19 * G + g);
        }
        int base = at + sb * d + r;
        for (int t = 0; t < 10; t++) {
            hess[base + t * d] += Kernels.reduceLanes(buf, t * G);
            hess[base + t * d + 1] += Kernels.reduceLanes(buf, (10 + t) * G);
        }
    }

    /** Entries (r, s … min(s+9, d−1)) of the (p, q) row pair of {@link #pairBlock}; rows past d read {@code zeros}. */
    private static void pairTen(double[] ha, double[] hb, double[] db, double[] dd, double[] jj, int d, int stride,
                                int m, double[] zeros, double[] lanes, double[] hess, long row, int oa, int p, int q, int r, int sb) {
        int hq = q * stride, dp = p * stride;
        int dOff = (p * d + r) * stride, jOff = (q * d + r) * stride;
        double[] a0 = sb < d ? ha : zeros, a1 = sb + 1 < d ? ha : zeros, a2 = sb + 2 < d ? ha : zeros,
                a3 = sb + 3 < d ? ha : zeros, a4 = sb + 4 < d ? ha : zeros, a5 = sb + 5 < d ? ha : zeros,
                a6 = sb + 6 < d ? ha : zeros, a7 = sb + 7 < d ? ha : zeros, a8 = sb + 8 < d ? ha : zeros,
                a9 = sb + 9 < d ? ha : zeros;
        int o0 = a0 == ha ? sb * stride : 0, o1 = a1 == ha ? (sb + 1) * stride : 0,
                o2 = a2 == ha ? (sb + 2) * stride : 0, o3 = a3 == ha ? (sb + 3) * stride : 0,
                o4 = a4 == ha ? (sb + 4) * stride : 0, o5 = a5 == ha ? (sb + 5) * stride : 0,
                o6 = a6 == ha ? (sb + 6) * stride : 0, o7 = a7 == ha ? (sb + 7) * stride : 0,
                o8 = a8 == ha ? (sb + 8) * stride : 0, o9 = a9 == ha ? (sb + 9) * stride : 0;
        for (int g = 0; g < G; g += VL) { // lane groups: partials g … g+VL−1
            DoubleVector z = DoubleVector.zero(S);
            DoubleVector c0 = z, c1 = z, c2 = z, c3 = z, c4 = z, c5 = z, c6 = z, c7 = z, c8 = z, c9 = z;
            for (int i = g; i < m; i += G) {
                DoubleVector mv = DoubleVector.fromArray(S, dd, dOff + i).mul(DoubleVector.fromArray(S, hb, hq + i));
                if (jj != null) {
                    mv = DoubleVector.fromArray(S, db, dp + i).fma(DoubleVector.fromArray(S, jj, jOff + i), mv);
                }
                c0 = mv.fma(DoubleVector.fromArray(S, a0, o0 + i), c0);
                c1 = mv.fma(DoubleVector.fromArray(S, a1, o1 + i), c1);
                c2 = mv.fma(DoubleVector.fromArray(S, a2, o2 + i), c2);
                c3 = mv.fma(DoubleVector.fromArray(S, a3, o3 + i), c3);
                c4 = mv.fma(DoubleVector.fromArray(S, a4, o4 + i), c4);
                c5 = mv.fma(DoubleVector.fromArray(S, a5, o5 + i), c5);
                c6 = mv.fma(DoubleVector.fromArray(S, a6, o6 + i), c6);
                c7 = mv.fma(DoubleVector.fromArray(S, a7, o7 + i), c7);
                c8 = mv.fma(DoubleVector.fromArray(S, a8, o8 + i), c8);
                c9 = mv.fma(DoubleVector.fromArray(S, a9, o9 + i), c9);
            }
            c0.intoArray(lanes, g); c1.intoArray(lanes, G + g); c2.intoArray(lanes, 2 * G + g);
            c3.intoArray(lanes, 3 * G + g); c4.intoArray(lanes, 4 * G + g); c5.intoArray(lanes, 5 * G + g);
            c6.intoArray(lanes, 6 * G + g); c7.intoArray(lanes, 7 * G + g); c8.intoArray(lanes, 8 * G + g);
            c9.intoArray(lanes, 9 * G + g);
        }
        int top = Math.min(10, d - sb);
        for (int t = 0; t < top; t++) {
            hess[(int) (row + oa + (sb + t) * d + r)] += Kernels.reduceLanes(lanes, t * G);
        }
    }

    /** {@code out[o+i] = in[o+i] > 0 ? in[o+i] : 0}, i < m. */
    static void relu(double[] in, double[] out, int o, int m) {
        int mv = m - m % VL, i = 0;
        DoubleVector zero = DoubleVector.zero(S);
        for (; i < mv; i += VL) {
            DoubleVector v = DoubleVector.fromArray(S, in, o + i);
            zero.blend(v, v.compare(VectorOperators.GT, 0.0)).intoArray(out, o + i);
        }
        for (; i < m; i++) out[o + i] = in[o + i] > 0 ? in[o + i] : 0.0;
    }

    /**
     * {@code out[o+i] = Tanh.tanh(scale · in[o+i])} for {@code i < m} ({@code scale} 1 for tanh, 0.5 for the symmetric
     * sigmoid): the operations of {@link Tanh#tanh} lane by lane (both branches computed, the lane's one kept), so
     * the bits are those of the scalar function.
     */
    static void tanh(double[] in, double[] out, int o, int m, double scale) {
        int mv = m - m % VL, i = 0;
        for (; i < mv; i += VL) {
            DoubleVector x = DoubleVector.fromArray(S, in, o + i);
            if (scale != 1.0) x = x.mul(scale);
            DoubleVector a = x.abs();
            VectorMask<Double> small = a.compare(VectorOperators.LT, Tanh.SMALL);
            boolean anySmall = small.anyTrue(), allSmall = anySmall && small.allTrue();
            DoubleVector r = a; // replaced below: by the polynomial where a lane is small, by the large branch elsewhere
            if (anySmall) {
                DoubleVector s = a.mul(a);
                DoubleVector p = s.fma(P11, P10).fma(s, P9).fma(s, P8).fma(s, P7).fma(s, P6).fma(s, P5).fma(s, P4)
                        .fma(s, P3).fma(s, P2).fma(s, P1).fma(s, P0);
                r = a.mul(s).fma(p, a);
            }
            if (!allSmall) {
                DoubleVector y = a.add(a);
                DoubleVector t = y.fma(DoubleVector.broadcast(S, Tanh.LOG2E), DoubleVector.broadcast(S, Tanh.ROUND));
                DoubleVector k = t.sub(Tanh.ROUND);
                DoubleVector nk = k.neg();
                DoubleVector rr = nk.fma(DoubleVector.broadcast(S, Tanh.LN2_HI), y);
                rr = nk.fma(DoubleVector.broadcast(S, Tanh.LN2_LO), rr);
                DoubleVector e = rr.fma(E13, E12).fma(rr, E11).fma(rr, E10).fma(rr, E9).fma(rr, E8).fma(rr, E7)
                        .fma(rr, E6).fma(rr, E5).fma(rr, E4).fma(rr, E3).fma(rr, E2).fma(rr, E1).fma(rr, E0);
                LongVector kb = t.reinterpretAsLongs().sub(ROUND_BITS).add(1023L).lanewise(VectorOperators.LSHL, 52);
                DoubleVector ey = e.mul(kb.reinterpretAsDoubles());
                DoubleVector large = DoubleVector.broadcast(S, 1.0).sub(DoubleVector.broadcast(S, 2.0).div(ey.add(1.0)));
                r = anySmall ? r.blend(large, small.not()) : large;
                VectorMask<Double> big = a.compare(VectorOperators.LT, Tanh.BIG).not();
                r = r.blend(1.0, big);
            }
            DoubleVector res = r.reinterpretAsLongs().or(x.reinterpretAsLongs().and(Long.MIN_VALUE)).reinterpretAsDoubles();
            VectorMask<Double> nan = x.test(VectorOperators.IS_NAN);
            res.blend(x, nan).intoArray(out, o + i);
        }
        for (; i < m; i++) out[o + i] = Tanh.tanh(scale == 1.0 ? in[o + i] : scale * in[o + i]);
    }

    /** {@code out[oo+i] = (acc ? out[oo+i] : 0) + (z[zo+i] > 0 ? g[oo+i] : 0)} — as the scalar code, which adds only when acc. */
    static void reluMask(double[] z, int zo, double[] g, double[] out, int oo, int m, boolean acc) {
        int mv = m - m % VL, i = 0;
        DoubleVector zero = DoubleVector.zero(S);
        for (; i < mv; i += VL) {
            VectorMask<Double> pos = DoubleVector.fromArray(S, z, zo + i).compare(VectorOperators.GT, 0.0);
            DoubleVector v = zero.blend(DoubleVector.fromArray(S, g, oo + i), pos);
            if (acc) v = DoubleVector.fromArray(S, out, oo + i).add(v);
            v.intoArray(out, oo + i);
        }
        for (; i < m; i++) {
            double v = z[zo + i] > 0 ? g[oo + i] : 0.0;
            out[oo + i] = acc ? out[oo + i] + v : v;
        }
    }

    /** {@code out[o+i] = u[o+i] + out[o+i]}, i < m. */
    static void addTo(double[] u, double[] out, int o, int m) {
        int mv = m - m % VL, i = 0;
        for (; i < mv; i += VL) {
            DoubleVector.fromArray(S, u, o + i).add(DoubleVector.fromArray(S, out, o + i)).intoArray(out, o + i);
        }
        for (; i < m; i++) out[o + i] = u[o + i] + out[o + i];
    }
}
