package org.resweep.core.eig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.resweep.core.util.DeterministicRandom;

/** {@link Spectrum#stats} on hand-computed cases, and bit-for-bit against NumPy where NumPy is installed. */
class SpectrumTest {

    /** The literal statistics do not depend on r; r = P here. */
    private static SpectrumStats stats(double[] sortedEigs) {
        return Spectrum.stats(sortedEigs, Math.max(1, sortedEigs.length));
    }

    @Test
    void fiveEigenvaluesByHand() {
        // |λ| sorted = [0.5, 1, 2, 3, 4]; NumPy position h = (5−1)·0.1 = 0.4 → j = 0, g = 0.4 < 0.5:
        // p10 = 0.5 + 0.4·(1 − 0.5) = 0.7. cond = 4 / 0.7. τ = 5·2⁻⁵²·4 ≈ 4e-15: λ < −τ are −3, −1 → index 2/5.
        SpectrumStats s = stats(new double[] {-3, -1, 0.5, 2, 4});
        assertEquals(4.0, s.maxAbsEig(), 0.0);
        assertEquals(0.5, s.minAbsEig(), 0.0);
        assertEquals(0.7, s.p10AbsEig(), EigenTolerances.HAND);
        assertEquals(4.0 / 0.7, s.cond(), EigenTolerances.HAND);
        assertEquals(0.4, s.index(), 0.0);
        assertEquals(2.5, s.trace(), 0.0);
        assertEquals(-3.0, s.minEig(), 0.0);
        assertEquals(4.0, s.maxEig(), 0.0);
    }

    @Test
    void interpolationUpperBranchAndExactOrderStatistic() {
        // n = 8: h = 7·0.1 = 0.7 → j = 0, g = 0.7 ≥ 0.5, NumPy's _lerp computes b − (b − a)(1 − g) = 2 − 1·0.3 = 1.7.
        double[] eight = {-8, -2, 1, 3, 4, 5, 6, 7}; // |λ| sorted = [1, 2, 3, 4, 5, 6, 7, 8]
        assertEquals(1.7, stats(eight).p10AbsEig(), EigenTolerances.HAND);
        // n = 11: h = 10·0.1 = 1 exactly → the second-smallest |λ| itself, 0.25.
        double[] eleven = {-5, -4, -3, -2, -1, -0.25, 0.125, 1, 2, 3, 4};
        assertEquals(0.25, stats(eleven).p10AbsEig(), 0.0);
        // n = 16: h = 1.5, g = 0.5 → upper branch, midpoint of |λ|(1) = 2 and |λ|(2) = 3.
        double[] sixteen = new double[16];
        for (int i = 0; i < 16; i++) sixteen[i] = i + 1;
        assertEquals(2.5, stats(sixteen).p10AbsEig(), EigenTolerances.HAND);
        // n = 1: the single |λ|.
        SpectrumStats one = stats(new double[] {-2});
        assertEquals(2.0, one.p10AbsEig(), 0.0);
        assertEquals(1.0, one.cond(), 0.0);
        assertEquals(1.0, one.index(), 0.0);
    }

    @Test
    void zeroP10GivesInfiniteCondition() {
        // |λ| sorted = [0, 0, 1, 2, 3]: h = 0.4 between two zeros → p10 = 0 → cond = +∞ (documented choice).
        assertEquals(Double.POSITIVE_INFINITY, stats(new double[] {0, 0, 1, 2, 3}).cond(), 0.0);
        // The all-zero Hessian (SPEC §5, n ≥ 3): cond +∞ too, not NaN; index 0.
        SpectrumStats z = stats(new double[6]);
        assertEquals(Double.POSITIVE_INFINITY, z.cond(), 0.0);
        assertEquals(0.0, z.index(), 0.0);
        assertEquals(0.0, z.maxAbsEig(), 0.0);
    }

    @Test
    void indexIgnoresNegativesWithinRoundingThreshold() {
        // τ = P·2⁻⁵²·max|λ| = 2·2⁻⁵²·1 ≈ 4.4e-16.
        assertEquals(0.0, stats(new double[] {-1e-16, 1}).index(), 0.0);
        assertEquals(0.5, stats(new double[] {-1e-15, 1}).index(), 0.0);
        // SPEC §5, n = 2: the spectrum is ±σ_j → index exactly 0.5.
        assertEquals(0.5, stats(new double[] {-3, -2, -1, 1, 2, 3}).index(), 0.0);
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> stats(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> stats(new double[] {2, 1}));
        assertThrows(IllegalArgumentException.class, () -> stats(new double[] {1, Double.NaN}));
    }

    /** Bit-for-bit against {@code numpy.percentile(|λ|, 10)} on random spectra of several sizes. */
    @Test
    void p10MatchesNumpyBitForBit() throws Exception {
        Path py = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(py), "no /usr/bin/python3");
        Assumptions.assumeTrue(org.resweep.core.util.NumpyProcess.available(), "no NumPy for /usr/bin/python3");
        DeterministicRandom rng = new DeterministicRandom(2024);
        int[] sizes = {1, 2, 3, 7, 8, 10, 11, 12, 16, 57, 100, 101, 1000};
        StringBuilder in = new StringBuilder();
        double[] ours = new double[sizes.length];
        for (int c = 0; c < sizes.length; c++) {
            double[] eig = new double[sizes[c]];
            for (int i = 0; i < eig.length; i++) eig[i] = rng.nextGaussian() * Math.exp(3 * rng.nextGaussian());
            Arrays.sort(eig);
            ours[c] = stats(eig).p10AbsEig();
            for (int i = 0; i < eig.length; i++) in.append(i == 0 ? "" : " ").append(Double.toHexString(eig[i]));
            in.append('\n');
        }
        String script = "import sys, numpy as np\n"
                + "for line in sys.stdin:\n"
                + "    a = np.array([float.fromhex(t) for t in line.split()])\n"
                + "    print(float(np.percentile(np.abs(a), 10)).hex())\n";
        Process p = new ProcessBuilder(py.toString(), "-c", script).redirectErrorStream(true).start();
        try (OutputStream os = p.getOutputStream()) {
            os.write(in.toString().getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "numpy unavailable: " + out);
        String[] lines = out.trim().split("\n");
        assertEquals(sizes.length, lines.length, out);
        for (int c = 0; c < sizes.length; c++) {
            double np = Double.parseDouble(lines[c].trim().toLowerCase(Locale.ROOT));
            assertEquals(np, ours[c], 0.0, "n = " + sizes[c]);
        }
    }
}
