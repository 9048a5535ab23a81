package org.resweep.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.resweep.core.eig.EigenTolerances;
import org.resweep.core.util.DeterministicRandom;

class InitializerTest {
    private static final NetworkSpec NET = NetworkSpec.linear(40, 2, 10); // P = 4000

    @Test
    void deterministicAndSeedSensitive() {
        for (InitKind k : new InitKind[] {InitKind.XAVIER, InitKind.SMALL, InitKind.ORTHOGONAL}) {
            double[] a = Initializer.init(NET, k, 0.01, 123), b = Initializer.init(NET, k, 0.01, 123);
            assertArrayEquals(a, b, 0.0, k.id());
            assertFalse(Arrays.equals(a, Initializer.init(NET, k, 0.01, 124)), k.id() + " ignores the seed");
        }
    }

    @Test
    void zeroIsZero() {
        double[] w = Initializer.init(NET, InitKind.ZERO, 1.0, 5);
        assertEquals(NET.numParams(), w.length);
        for (double v : w) assertEquals(0.0, v, 0.0);
    }

    @Test
    void xavierDrawsInParameterOrderWithStdSqrtOneOverD() {
        // Draw order contract: deviate k of DeterministicRandom(seed) goes to parameter k, times sqrt(2/(d+d)).
        double[] w = Initializer.init(NET, InitKind.XAVIER, 1.0, 99);
        DeterministicRandom rng = new DeterministicRandom(99);
        for (int k = 0; k < 25; k++) assertEquals(Math.sqrt(0.1) * rng.nextGaussian(), w[k], 0.0);
        // Empirical std over P = 4000 draws: the sample variance of N(0, σ²) has standard error σ²·sqrt(2/P),
        // so |s² − σ²| < 4·σ²·sqrt(2/P) (4 standard errors) fails with probability < 1e-4 for a correct sampler.
        double sigma2 = 1.0 / 10, s2 = 0, mean = 0;
        for (double v : w) { s2 += v * v; mean += v; }
        s2 /= w.length;
        mean /= w.length;
        assertTrue(Math.abs(s2 - sigma2) < 4 * sigma2 * Math.sqrt(2.0 / w.length), "variance " + s2);
        assertTrue(Math.abs(mean) < 4 * Math.sqrt(sigma2 / w.length), "mean " + mean);
    }

    @Test
    void smallIsXavierTimesScale() {
        double[] x = Initializer.init(NET, InitKind.XAVIER, 1.0, 7), s = Initializer.init(NET, InitKind.SMALL, 1e-3, 7);
        for (int k = 0; k < x.length; k++) assertEquals(x[k] * 1e-3, s[k], Math.abs(s[k]) * EigenTolerances.ROUNDING_REL);
        assertThrows(IllegalArgumentException.class, () -> Initializer.init(NET, InitKind.SMALL, -1, 7));
    }

    @Test
    void orthogonalLayersAreOrthogonalAndUseTheGaussianOfTheirSlot() {
        int d = 10;
        double[] w = Initializer.init(NET, InitKind.ORTHOGONAL, 1.0, 11);
        double[] g = Initializer.init(NET, InitKind.XAVIER, 1.0, 11); // same deviates × sqrt(1/d)
        for (int l = 0; l < NET.depth(); l++) {
            int off = l * d * d;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double dot = 0; // (QᵀQ)(i,j) = column i · column j
                    for (int r = 0; r < d; r++) dot += w[off + i * d + r] * w[off + j * d + r];
                    assertEquals(i == j ? 1.0 : 0.0, dot, EigenTolerances.ORTHO, "layer " + l);
                }
            }
            // Q·diag(sign diag R) makes R' = Qᵀ G upper triangular with a positive diagonal: check on G.
            for (int j = 0; j < d; j++) {
                for (int i = j; i < d; i++) {
                    double rij = 0; // (Qᵀ G)(i, j) = column i of Q · column j of G
                    for (int r = 0; r < d; r++) rij += w[off + i * d + r] * g[off + j * d + r];
                    if (i == j) assertTrue(rij > 0, "diag R not positive, layer " + l);
                    else assertEquals(0.0, rij, EigenTolerances.ORTHO, "Qᵀ G not upper triangular, layer " + l);
                }
            }
        }
    }
}
