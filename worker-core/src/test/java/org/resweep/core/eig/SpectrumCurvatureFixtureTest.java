package org.resweep.core.eig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.resweep.core.util.Npy;

/**
 * The curvature-weighted statistics of {@link Spectrum#stats(double[], int)} bit for bit against NumPy, on stored
 * spectra: three Hessian spectra exported by {@code resweep inspect} (a converged 2-shortcut net, the exact ±σ pairs
 * at W = 0, a Xavier 1-shortcut net) and synthetic ones (random, exact ties across the r-th position, ±0, all zero,
 * all negative, a near-null tail). Expected values: {@code src/test/resources/curvature/expected.tsv}, written by the
 * committed {@code curvature_stats.py} beside it (its docstring says how to regenerate).
 */
class SpectrumCurvatureFixtureTest {
    private static final Path DIR = Path.of("src", "test", "resources", "curvature");

    @Test
    void everyStoredSpectrumMatchesNumpyBitForBit() throws Exception {
        List<String> lines = Files.readAllLines(DIR.resolve("expected.tsv"));
        assertEquals("file\tr\tindex_raw\tindex_1e6\tindex_1e3\tneg_mass\ttop_r\tindex_top\tcond_top\tn_flat", lines.get(0));
        long spectra;
        try (var files = Files.list(DIR)) {
            spectra = files.filter(f -> f.toString().endsWith(".npy")).count();
        }
        assertEquals(spectra, lines.size() - 1, "expected.tsv has one line per stored spectrum");
        assertTrue(spectra >= 12);
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split("\t");
            double[] eig = Npy.read(DIR.resolve(c[0])).data();
            SpectrumStats s = Spectrum.stats(eig, Integer.parseInt(c[1]));
            String f = c[0];
            assertEquals(hex(c[2]), s.indexRaw(), 0.0, f + " index_raw");
            assertEquals(hex(c[3]), s.index1e6(), 0.0, f + " index_1e6");
            assertEquals(hex(c[4]), s.index1e3(), 0.0, f + " index_1e3");
            assertEquals(hex(c[5]), s.negMass(), 0.0, f + " neg_mass");
            assertEquals(Integer.parseInt(c[6]), s.topR(), f + " top_r");
            assertEquals(hex(c[7]), s.indexTop(), 0.0, f + " index_top");
            assertEquals(hex(c[8]), s.condTop(), 0.0, f + " cond_top");
            assertEquals(Integer.parseInt(c[9]), s.nFlat(), f + " n_flat");
        }
    }

    /** Python's float.hex() text ({@code inf} for +∞). */
    private static double hex(String s) {
        return s.equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(s);
    }

    @Test
    void tiesAtTheCutTakeTheNegativeFirst() {
        // |λ| = 3, 3, 3, 3 at the top: −3, −3 (left, smaller λ) come before 3, 3; r = 3 → two negatives of three.
        double[] eig = {-3, -3, -2, 0, 2, 3, 3};
        SpectrumStats s = Spectrum.stats(eig, 3);
        assertEquals(2.0 / 3, s.indexTop(), 0.0);
        assertEquals(1.0, s.condTop(), 0.0);
        assertEquals(2, Spectrum.negativesAmongLargest(eig, 2));
        assertEquals(3, Spectrum.negativesAmongLargest(eig, 5)); // −3, −3, 3, 3, then −2 before 2
    }

    @Test
    void byHand() {
        // λ = −4, −1e-8, 0, 1e-8, 2, 5: max|λ| = 5; 1e-6·5 = 5e-6 → index_1e6 counts only −4; 1e-3·5 too.
        double[] eig = {-4, -1e-8, 0, 1e-8, 2, 5};
        SpectrumStats s = Spectrum.stats(eig, 2);
        assertEquals(2.0 / 6, s.indexRaw(), 0.0);
        assertEquals(1.0 / 6, s.index1e6(), 0.0);
        assertEquals(1.0 / 6, s.index1e3(), 0.0);
        assertEquals((4 + 1e-8) / (4 + 1e-8 + 0 + 1e-8 + 2 + 5), s.negMass(), 1e-16);
        assertEquals(0.5, s.indexTop(), 0.0); // 5 and −4
        assertEquals(5.0 / 4, s.condTop(), 0.0);
        assertEquals(3, s.nFlat()); // −1e-8, 0, 1e-8
        // r beyond P is clipped to P.
        assertEquals(6, Spectrum.stats(eig, 1000).topR());
    }
}
