package org.resweep.core.loss;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD version of {@link CompactPairs}: the lane partials of {@link VectorKernels} (partial k is lane {@code k mod VL}
 * of lane group {@code k − k mod VL}, a chain over {@code j = k, k + 8, …}), so the bits are the scalar kernel's.
 * Loaded only when {@link Kernels#VECTOR} is true.
 */
final class CompactPairsVector {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int VL = S.length();
    private static final int G = Kernels.LANES;

    private CompactPairsVector() { }

    static void pairs(double[] f, double[] x, int d, int stride, int mc, double[] lanes, double[] hess, int at) {
        for (int r = 0; r < d; r += 2) {
            for (int sb = 0; sb < d; sb += 10) pair2x10(f, x, stride, mc, lanes, hess, at, d, r, sb);
        }
    }

    /**
     * Entries (r, sb … sb+9) and (r+1, sb … sb+9): 20 independent fma chains per lane group sharing the 10 loads of
     * x; only entries with both indices below d are added to {@code hess}.
     */
    private static void pair2x10(double[] f, double[] x, int stride, int m, double[] buf, double[] hess, int at, int d,
                                 int r, int sb) {
        int u0 = r * stride, v0 = u0 + stride;
        int o0 = sb * stride, o1 = o0 + stride, o2 = o1 + stride, o3 = o2 + stride, o4 = o3 + stride,
                o5 = o4 + stride, o6 = o5 + stride, o7 = o6 + stride, o8 = o7 + stride, o9 = o8 + stride;
        for (int g = 0; g < G; g += VL) {
            DoubleVector z = DoubleVector.zero(S);
            DoubleVector c0 = z, c1 = z, c2 = z, c3 = z, c4 = z, c5 = z, c6 = z, c7 = z, c8 = z, c9 = z;
            DoubleVector e0 = z, e1 = z, e2 = z, e3 = z, e4 = z, e5 = z, e6 = z, e7 = z, e8 = z, e9 = z;
            for (int i = g; i < m; i += G) {
                DoubleVector u = DoubleVector.fromArray(S, f, u0 + i), v = DoubleVector.fromArray(S, f, v0 + i);
                DoubleVector y = DoubleVector.fromArray(S, x, o0 + i); c0 = u.fma(y, c0); e0 = v.fma(y, e0);
                y = DoubleVector.fromArray(S, x, o1 + i); c1 = u.fma(y, c1); e1 = v.fma(y, e1);
                y = DoubleVector.fromArray(S, x, o2 + i); c2 = u.fma(y, c2); e2 = v.fma(y, e2);
                y = DoubleVector.fromArray(S, x, o3 + i); c3 = u.fma(y, c3); e3 = v.fma(y, e3);
                y = DoubleVector.fromArray(S, x, o4 + i); c4 = u.fma(y, c4); e4 = v.fma(y, e4);
                y = DoubleVector.fromArray(S, x, o5 + i); c5 = u.fma(y, c5); e5 = v.fma(y, e5);
                y = DoubleVector.fromArray(S, x, o6 + i); c6 = u.fma(y, c6); e6 = v.fma(y, e6);
                y = DoubleVector.fromArray(S, x, o7 + i); c7 = u.fma(y, c7); e7 = v.fma(y, e7);
                y = DoubleVector.fromArray(S, x, o8 + i); c8 = u.fma(y, c8); e8 = v.fma(y, e8);
                y = DoubleVector.fromArray(S, x, o9 + i); c9 = u.fma(y, c9); e9 = v.fma(y, e9);
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
        int top = Math.min(10, d - sb), base = at + sb * d + r;
        boolean second = r + 1 < d;
        for (int t = 0; t < top; t++) {
            hess[base + t * d] += Kernels.reduceLanes(buf, t * G);
            if (second) hess[base + t * d + 1] += Kernels.reduceLanes(buf, (10 + t) * G);
        }
    }
}
