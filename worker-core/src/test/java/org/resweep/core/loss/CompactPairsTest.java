package org.resweep.core.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.resweep.core.DataPathTolerances;

/** {@link CompactPairs}: the SIMD kernel gives the scalar kernel's bits, and both compute {@code Σ_j f[r][j] x[s][j]}. */
class CompactPairsTest {
    /** f and x with zero rows past d (as the kernel requires); the hess rows start from random values. */
    static double[][] inputs(int d, int stride, long seed) {
        double[] f = new double[CompactPairs.factorRows(d) * stride], x = new double[CompactPairs.sampleRows(d) * stride];
        double[] rf = KernelsTest.random(d * stride, seed), rx = KernelsTest.random(d * stride, seed + 1);
        System.arraycopy(rf, 0, f, 0, rf.length);
        System.arraycopy(rx, 0, x, 0, rx.length);
        return new double[][] {f, x};
    }

    @Test
    void scalarKernelComputesTheSums() {
        int stride = 88;
        for (int d : new int[] {1, 3, 10, 13}) {
            for (int mc : new int[] {8, 80}) {
                double[][] in = inputs(d, stride, 10L * d + mc);
                double[] f = in[0], x = in[1];
                int pp = 3 * d * d, at = d * pp + d;
                double[] hess = KernelsTest.random(pp * pp, 5), before = hess.clone();
                CompactPairs.pairsScalar(f, x, d, stride, mc, new double[160], hess, at);
                for (int k = 0; k < hess.length; k++) {
                    int rel = k - at, s = Math.floorDiv(rel, d), r = Math.floorMod(rel, d);
                    double expected = before[k];
                    if (rel >= 0 && s < d) {
                        for (int j = 0; j < mc; j++) expected += f[r * stride + j] * x[s * stride + j];
                    }
                    assertEquals(expected, hess[k], DataPathTolerances.ROUNDING * Math.max(1, Math.abs(expected)),
                            "d=" + d + " mc=" + mc + " at " + k);
                }
            }
        }
    }

    /** Widths with 10-block and odd-row remainders; mc = 8 is one lane group, 168 is 21. */
    @Test
    void vectorKernelIsBitIdenticalToScalar() {
        assumeTrue(Kernels.VECTOR, "Vector API not available in this JVM");
        int stride = 176;
        for (int d : new int[] {1, 3, 5, 10, 11, 20}) {
            for (int mc : new int[] {8, 72, 168}) {
                double[][] in = inputs(d, stride, 100L * d + mc);
                int pp = 2 * d * d;
                double[] h1 = KernelsTest.random(pp * pp, 9), h2 = h1.clone();
                CompactPairsVector.pairs(in[0], in[1], d, stride, mc, new double[160], h1, d * d * pp + 1);
                CompactPairs.pairsScalar(in[0], in[1], d, stride, mc, new double[160], h2, d * d * pp + 1);
                assertArrayEquals(h2, h1, "d=" + d + " mc=" + mc + " " + Kernels.implementation());
            }
        }
    }
}
