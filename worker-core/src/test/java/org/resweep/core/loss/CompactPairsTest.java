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
}
