package org.resweep.core.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.resweep.core.DataPathTolerances;

/**
 * {@link CompactPairs}: the scalar kernel computes {@code Σ_{i ∈ list} fma(δ_b[p], J[q][r], D[p][r]·h_b[q]) · h_a[s]},
 * and the SIMD kernel gives its bits at every width it covers.
 */
class CompactPairsTest {
    static final int M = 40;

    /** D, J as [feature][sample][direction] and h_a sample-major (padded), δ_b and h_b feature-major; every third sample from 1. */
    record Inputs(double[] dt, double[] jt, double[] db, double[] hb, double[] hat, int[] list, int n) {
        static Inputs of(int d, long seed) {
            int[] list = new int[M];
            int n = 0;
            for (int i = 1; i < M; i += 3) list[n++] = i;
            return new Inputs(KernelsTest.random(d * d * M + CompactPairs.PAD, seed), KernelsTest.random(d * d * M + CompactPairs.PAD, seed + 1),
                    KernelsTest.random(d * M, seed + 2), KernelsTest.random(d * M, seed + 3),
                    KernelsTest.random(d * M + CompactPairs.PAD, seed + 4), list, n);
        }
    }

    @Test
    void transposeIsFeatureToSampleMajor() {
        int rows = 7, stride = 24, m = 19;
        double[] in = KernelsTest.random(rows * stride, 1), out = new double[rows * m];
        CompactPairs.transpose(in, rows, stride, m, out);
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < m; i++) assertEquals(in[r * stride + i], out[i * rows + r], 0.0);
        }
    }

    @Test
    void scalarKernelComputesTheSums() {
        for (int d : new int[] {1, 3, 10}) {
            Inputs x = Inputs.of(d, 7L * d);
            int p = d - 1, q = d / 2, pp = 2 * d * d, at = d * pp + 1;
            for (boolean withJ : new boolean[] {true, false}) {
                double[] hess = KernelsTest.random(pp * pp, 5), before = hess.clone();
                CompactPairs.rowPairScalar(x.dt(), withJ ? x.jt() : null, x.db(), x.hb(), x.hat(), x.list(), 0, x.n(), p, q, d, M,
                        new double[512], hess, at);
                for (int k = 0; k < hess.length; k++) {
                    int rel = k - at, s = Math.floorDiv(rel, d), r = Math.floorMod(rel, d);
                    double expected = before[k];
                    if (rel >= 0 && s < d) {
                        for (int c = 0; c < x.n(); c++) {
                            int i = x.list()[c];
                            double f = x.dt()[(p * M + i) * d + r] * x.hb()[q * M + i];
                            if (withJ) f += x.db()[p * M + i] * x.jt()[(q * M + i) * d + r];
                            expected += f * x.hat()[i * d + s];
                        }
                    }
                    assertEquals(expected, hess[k], DataPathTolerances.ROUNDING * Math.max(1, Math.abs(expected)),
                            "d=" + d + " J " + withJ + " at " + k);
                }
            }
        }
    }

    /** Widths below, at and past the register blocks (one or two s-blocks; partly filled r-vectors). */
    @Test
    void vectorKernelIsBitIdenticalToScalar() {
        assumeTrue(Kernels.VECTOR, "Vector API not available in this JVM");
        int covered = 0;
        for (int d : new int[] {1, 3, 4, 5, 8, 9, 10, 11, 12, 16}) {
            if (!CompactPairsVector.covers(d)) continue;
            covered++;
            Inputs x = Inputs.of(d, 100L * d);
            int pp = 2 * d * d + 4;
            for (boolean withJ : new boolean[] {true, false}) {
                double[] h1 = KernelsTest.random(pp * pp, 9), h2 = h1.clone();
                for (int p = 0; p < d; p++) {
                    for (int q = 0; q < d; q++) {
                        int at = (d * d + q * d + p) * pp + 3;
                        CompactPairsVector.rowPair(x.dt(), withJ ? x.jt() : null, x.db(), x.hb(), x.hat(), x.list(), 1, x.n() - 1,
                                p, q, d, M, new double[512], h1, at);
                        CompactPairs.rowPairScalar(x.dt(), withJ ? x.jt() : null, x.db(), x.hb(), x.hat(), x.list(), 1, x.n() - 1,
                                p, q, d, M, new double[512], h2, at);
                    }
                }
                assertArrayEquals(h2, h1, "d=" + d + " J " + withJ + " " + Kernels.implementation());
            }
        }
        assertEquals(true, covered >= 6, "the SIMD kernel covers the small widths");
    }

    /**
     * {@link CompactPairs#lanePair} computes {@code Σ_{i ∈ list} fma(c1, v1[y], c2·v2[y]) · h_a[s]} into
     * {@code hess[at + y·yStride + s·d]} (scalar), and the SIMD kernel gives the scalar bits at every width it covers;
     * both with and without the fma term.
     */
    @Test
    void lanePairComputesTheSumsAndVectorMatchesScalar() {
        int covered = 0;
        for (int d : new int[] {1, 3, 4, 5, 8, 9, 10, 11, 12, 16}) {
            Inputs x = Inputs.of(d, 300L + d);
            double[] c1 = KernelsTest.random(d * M * d, 40L + d), v1 = KernelsTest.random(d * d * M + CompactPairs.PAD, 41L + d);
            double[] c2 = KernelsTest.random(d * M * d, 42L + d), v2 = KernelsTest.random(d * M + CompactPairs.PAD, 43L + d);
            int pp = 2 * d * d + 3, yStride = pp + 1, at = 2;
            for (boolean withC1 : new boolean[] {true, false}) {
                double[] h1 = KernelsTest.random(pp * pp + d * yStride, 9), h2 = h1.clone(), before = h1.clone();
                // c at (1 + i·d), v1 at (d + i·d²), v2 at (i·d): the strides DataHessian uses
                CompactPairs.lanePairScalar(withC1 ? c1 : null, 1, d, v1, d, d * d, c2, 2, d, v2, 0, d, x.hat(), x.list(), 1,
                        x.n() - 1, d, new double[512], h2, at, yStride);
                for (int y = 0; y < d; y++) {
                    for (int s = 0; s < d; s++) {
                        double expected = before[at + y * yStride + s * d];
                        for (int c = 1; c < x.n(); c++) {
                            int i = x.list()[c];
                            double f = c2[2 + i * d] * v2[i * d + y];
                            if (withC1) f += c1[1 + i * d] * v1[d + i * d * d + y];
                            expected += f * x.hat()[i * d + s];
                        }
                        assertEquals(expected, h2[at + y * yStride + s * d], DataPathTolerances.ROUNDING * Math.max(1, Math.abs(expected)),
                                "d=" + d + " c1 " + withC1 + " y=" + y + " s=" + s);
                    }
                }
                if (Kernels.VECTOR && CompactPairsVector.covers(d)) {
                    covered++;
                    CompactPairsVector.lanePair(withC1 ? c1 : null, 1, d, v1, d, d * d, c2, 2, d, v2, 0, d, x.hat(), x.list(), 1,
                            x.n() - 1, d, new double[512], h1, at, yStride);
                    assertArrayEquals(h2, h1, "d=" + d + " c1 " + withC1 + " " + Kernels.implementation());
                }
            }
        }
        assertEquals(true, !Kernels.VECTOR || covered >= 12, "the SIMD kernel covers the small widths");
    }

    @Test
    void transposeDirsIsDirectionMajor() {
        int d = 3, stride = 8, m = 5;
        double[] in = KernelsTest.random(d * stride * d, 2), out = new double[stride * d * d + CompactPairs.PAD];
        CompactPairs.transposeDirs(in, d, stride, m, out);
        for (int f = 0; f < d; f++) {
            for (int i = 0; i < m; i++) {
                for (int r = 0; r < d; r++) assertEquals(in[(f * stride + i) * d + r], out[(r * stride + i) * d + f], 0.0);
            }
        }
    }

    @Test
    void filterKeepsTheListedSamplesWithTheBit() {
        int[] list = {9, 1, 2, 4, 7, 8}, out = new int[5];
        long[] mask = new long[10];
        mask[2] = 1L << 5;
        mask[7] = (1L << 5) | 1;
        mask[8] = 1;
        assertEquals(2, CompactPairs.filter(list, 1, 4, mask, 5, out));
        assertEquals(2, out[0]);
        assertEquals(7, out[1]);
        assertEquals(1, CompactPairs.filter(list, 1, 4, mask, 0, out));
        assertEquals(7, out[0]);
    }
}
