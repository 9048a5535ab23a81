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

    /** The number of double lanes of the species in use (4 or 8), or 0 when it is another width (no SIMD then). */
    static int lanes() { return VL == 4 || VL == 8 ? VL : 0; }

    static void mul(double[] a, int d, double[] in, int inOff, int inStride,
                    double[] out, int outOff, int outStride, int m, int mode, double[] mask, double[] out2) {
        int mv = m - m % VL;
        int p = 0;
        if (d % 5 == 0 && d % 4 != 0) for (; p + 4 < d; p += 5) rows5(a, d, p, in, inOff, inStride, out, outOff, outStride, mv, mode, mask, out2);
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

    /** Rows p … p+4 of {@link #mul} (d = 10: two blocks instead of 4 + 4 + 2): 5 rows × 3 vectors = 15 chains, then 5 × 1. */
    private static void rows5(double[] a, int d, int p, double[] in, int inOff, int inStride,
                              double[] out, int outOff, int outStride, int mv, int mode, double[] mask, double[] out2) {
        int r0 = p * d, r1 = r0 + d, r2 = r1 + d, r3 = r2 + d, r4 = r3 + d;
        int o0 = outOff + p * outStride, o1 = o0 + outStride, o2 = o1 + outStride, o3 = o2 + outStride, o4 = o3 + outStride;
        int i = 0;
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
            c00.intoArray(out, o0 + i); c01.intoArray(out, o0 + i + VL); c02.intoArray(out, o0 + i + 2 * VL);
            c10.intoArray(out, o1 + i); c11.intoArray(out, o1 + i + VL); c12.intoArray(out, o1 + i + 2 * VL);
            c20.intoArray(out, o2 + i); c21.intoArray(out, o2 + i + VL); c22.intoArray(out, o2 + i + 2 * VL);
            c30.intoArray(out, o3 + i); c31.intoArray(out, o3 + i + VL); c32.intoArray(out, o3 + i + 2 * VL);
            c40.intoArray(out, o4 + i); c41.intoArray(out, o4 + i + VL); c42.intoArray(out, o4 + i + 2 * VL);
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
            c0.intoArray(out, o0 + i); c1.intoArray(out, o1 + i); c2.intoArray(out, o2 + i);
            c3.intoArray(out, o3 + i); c4.intoArray(out, o4 + i);
        }
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
