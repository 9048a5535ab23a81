package org.resweep.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.resweep.core.util.DeterministicRandom;

class WhiteningTest {
    static RawDigits raw;
    static PreparedData prep;
    static double[][] cov;

    @BeforeAll
    static void load() {
        raw = Datasets.readRaw("mnist10k");
        prep = Datasets.loadPrepared("mnist10k");
        cov = naiveCovariance(raw);
    }

    /** Covariance by the textbook two-pass double formula — independent of the exact-integer path. */
    static double[][] naiveCovariance(RawDigits r) {
        int n = r.count(), dim = r.pixelsPerImage();
        byte[] px = r.pixels();
        double[] mean = new double[dim];
        for (int i = 0; i < n; i++) for (int p = 0; p < dim; p++) mean[p] += px[i * dim + p] & 0xFF;
        for (int p = 0; p < dim; p++) mean[p] /= n;
        double[][] c = new double[dim][dim];
        double[] row = new double[dim];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < dim; p++) row[p] = (px[i * dim + p] & 0xFF) - mean[p];
            for (int p = 0; p < dim; p++) {
                if (row[p] == 0) continue;
                for (int q = 0; q < dim; q++) c[p][q] += row[p] * row[q];
            }
        }
        for (double[] cr : c) for (int q = 0; q < dim; q++) cr[q] /= n;
        return c;
    }

    @Test
    void whitenedMomentsAreIdentityAndZeroMean() {
        Dataset ds = prep.dataset();
        assertEquals(10, ds.d());
        assertEquals(10_000, ds.n());
        Moments m = Moments.of(ds);
        double worst = 0;
        for (int p = 0; p < 10; p++) {
            for (int q = 0; q < 10; q++) {
                worst = Math.max(worst, Math.abs(m.sxx()[p * 10 + q] - (p == q ? 1 : 0)));
            }
        }
        assertTrue(worst <= DataTolerances.WHITENED_COVARIANCE, "max |Σxx − I| = " + worst);
        for (int q = 0; q < 10; q++) {
            double s = 0;
            for (int i = 0; i < ds.n(); i++) s += ds.x()[q * ds.n() + i];
            assertEquals(0.0, s / ds.n(), DataTolerances.WHITENED_MEAN, "E[x_" + q + "]");
        }
    }

    @Test
    void oneHotTargets() {
        Dataset ds = prep.dataset();
        int n = ds.n();
        int[] perClass = new int[10];
        for (int i = 0; i < n; i++) {
            int ones = 0, which = -1;
            for (int c = 0; c < 10; c++) {
                double v = ds.y()[c * n + i];
                assertTrue(v == 0.0 || v == 1.0);
                if (v == 1.0) {
                    ones++;
                    which = c;
                }
            }
            assertEquals(1, ones, "sample " + i);
            assertEquals(raw.labels()[i], which, "sample " + i);
            perClass[which]++;
        }
        assertArrayEquals(EmbeddedMnistTest.CLASS_COUNTS, perClass);
        assertEquals(1.0, Moments.of(ds).eyy(), 0.0);
    }

    @Test
    void eigenpairsSatisfyTheEigenEquationOfAnIndependentCovariance() {
        WhiteningFit fit = prep.fit();
        double[][] c = cov;
        int dim = fit.pixels();
        double l1 = fit.eigenvalues()[0];
        double trace = 0;
        for (int p = 0; p < dim; p++) trace += c[p][p];
        assertEquals(trace, fit.totalVariance(), 1e-9 * trace);
        for (int k = 0; k < 10; k++) {
            double res = 0;
            for (int p = 0; p < dim; p++) {
                double cu = 0;
                for (int q = 0; q < dim; q++) cu += c[p][q] * fit.basis()[k * dim + q];
                double r = cu - fit.eigenvalues()[k] * fit.basis()[k * dim + p];
                res += r * r;
            }
            assertTrue(Math.sqrt(res) / l1 < DataTolerances.EIGEN_RESIDUAL, "component " + k + ": residual " + Math.sqrt(res));
            if (k > 0) assertTrue(fit.eigenvalues()[k - 1] >= fit.eigenvalues()[k], "eigenvalues must decrease");
            assertEquals(1.0 / Math.sqrt(fit.eigenvalues()[k]), fit.scales()[k], 0.0);
        }
        double ratio = fit.explainedVarianceRatio();
        assertTrue(ratio > 0.3 && ratio < 0.7, "10 PCs of MNIST keep about half the variance, got " + ratio);
    }

    @Test
    void keptEigenvaluesAreTheLargest() {
        // Σλ_kept ≥ the variance captured by any other 10-dim subspace, e.g. the 10 highest-variance pixels.
        WhiteningFit fit = prep.fit();
        double[][] c = cov;
        double[] diag = new double[c.length];
        for (int p = 0; p < c.length; p++) diag[p] = c[p][p];
        java.util.Arrays.sort(diag);
        double top10 = 0, kept = 0;
        for (int j = 0; j < 10; j++) {
            top10 += diag[diag.length - 1 - j];
            kept += fit.eigenvalues()[j];
        }
        assertTrue(kept > top10, "Ky Fan: Σ top-10 eigenvalues ≥ any 10 diagonal entries; " + kept + " vs " + top10);
        assertTrue(fit.eigenvalues()[0] >= diag[diag.length - 1], "λ1 ≥ max diagonal entry");
    }

    @Test
    void basisIsOrthonormalWithFixedSigns() {
        WhiteningFit fit = prep.fit();
        int dim = fit.pixels();
        double[] u = fit.basis();
        for (int a = 0; a < 10; a++) {
            for (int b = 0; b < 10; b++) {
                double dot = 0;
                for (int p = 0; p < dim; p++) dot += u[a * dim + p] * u[b * dim + p];
                assertEquals(a == b ? 1.0 : 0.0, dot, DataTolerances.ORTHONORMAL, "u" + a + "·u" + b);
            }
            int best = 0;
            for (int p = 1; p < dim; p++) if (Math.abs(u[a * dim + p]) > Math.abs(u[a * dim + best])) best = p;
            assertTrue(u[a * dim + best] > 0, "largest component of u" + a + " must be positive");
        }
        // Constant pixels (the top-left corner is 0 in every image) get weight exactly 0.
        for (int a = 0; a < 10; a++) assertEquals(0.0, u[a * dim], 0.0);
    }

    @Test
    void fitAppliesToTheDataItWasFittedOn() {
        double[] again = prep.fit().apply(raw.pixels(), raw.count());
        assertArrayEquals(prep.dataset().x(), again);
        double[] firstTen = prep.fit().apply(java.util.Arrays.copyOf(raw.pixels(), 10 * 784), 10);
        for (int k = 0; k < 10; k++) {
            for (int i = 0; i < 10; i++) assertEquals(prep.dataset().x()[k * 10_000 + i], firstTen[k * 10 + i], 0.0);
        }
    }

    @Test
    void deterministicAcrossLoads() {
        PreparedData a = Datasets.prepare("mnist10k"), b = Datasets.prepare("mnist10k");
        assertTrue(a.dataset().x() != b.dataset().x(), "prepare must not share arrays");
        assertArrayEquals(a.dataset().x(), b.dataset().x());
        assertArrayEquals(a.dataset().y(), b.dataset().y());
        assertArrayEquals(a.fit().basis(), b.fit().basis());
        assertArrayEquals(a.dataset().x(), prep.dataset().x());
    }

    @Test
    void pixelPermutationLeavesWhitenedDataUnchanged() {
        // A pixel permutation permutes the basis but leaves the whitened data unchanged up to rounding.
        int n = raw.count(), dim = 784;
        byte[] flipped = new byte[raw.pixels().length];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < dim; p++) flipped[i * dim + p] = raw.pixels()[i * dim + (dim - 1 - p)];
        }
        RawDigits r2 = new RawDigits("flipped", "l", n, 28, 28, flipped, raw.labels(), "h");
        double[] x2 = Whitening.fit(r2).apply(flipped, n);
        double[] x = prep.dataset().x();
        for (int j = 0; j < x.length; j++) assertEquals(x[j], x2[j], DataTolerances.SECOND_IMPLEMENTATION, "element " + j);
    }

    @Test
    void tooFewSamples() {
        byte[][] f = IdxFiles.random(10, 4, 4, 1);
        RawDigits r = IdxReader.parse(f[0], "ten", f[1], "ten-l");
        assertTrue(assertThrows(DataFormatException.class, () -> Whitening.fit(r)).getMessage()
                .contains("count = 10 samples; the PCA needs at least 11"));
    }

    @Test
    void tooFewVaryingPixels() {
        int n = 40, dim = 16;
        DeterministicRandom rnd = new DeterministicRandom(2);
        byte[] px = new byte[n * dim];
        for (int i = 0; i < n; i++) for (int p = 0; p < 5; p++) px[i * dim + p] = (byte) (rnd.nextLong() >>> 57);
        RawDigits r = new RawDigits("five", "l", n, 4, 4, px, new byte[n], "h");
        assertTrue(assertThrows(DataFormatException.class, () -> Whitening.fit(r)).getMessage()
                .contains("only 5 of the 16 pixels vary"));
    }

    @Test
    void rankDeficientImages() {
        // Every pixel varies, but images are combinations of 3 patterns: rank 3 < 10.
        int n = 60, dim = 16;
        DeterministicRandom rnd = new DeterministicRandom(3);
        byte[] px = new byte[n * dim];
        for (int i = 0; i < n; i++) {
            int a = (int) (rnd.nextDouble() * 8), b = (int) (rnd.nextDouble() * 8), c = (int) (rnd.nextDouble() * 8);
            for (int p = 0; p < dim; p++) px[i * dim + p] = (byte) (a * (p + 1) + b * (p % 3) + c * ((p * 7) % 5) + 1);
        }
        RawDigits r = new RawDigits("rank3", "l", n, 4, 4, px, new byte[n], "h");
        String msg = assertThrows(DataFormatException.class, () -> Whitening.fit(r)).getMessage();
        assertTrue(msg.contains("span only 3 directions"), msg);
    }

    @Test
    void smallRandomSetIsWhitened() {
        byte[][] f = IdxFiles.random(200, 4, 4, 4);
        PreparedData p = Preprocessing.prepare("rand", IdxReader.parse(f[0], "i", f[1], "l"));
        Moments m = Moments.of(p.dataset());
        for (int a = 0; a < 10; a++) {
            for (int b = 0; b < 10; b++) {
                assertEquals(a == b ? 1.0 : 0.0, m.sxx()[a * 10 + b], DataTolerances.WHITENED_COVARIANCE);
            }
        }
    }
}
