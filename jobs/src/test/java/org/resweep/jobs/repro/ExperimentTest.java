package org.resweep.jobs.repro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExperimentTest {
    @Test
    void sweepNamesMapToExperimentsByIdAndDashSuffix() {
        assertEquals(Optional.of(Experiment.FIG7), Experiment.ofSweepName("fig7"));
        assertEquals(Optional.of(Experiment.FIG7), Experiment.ofSweepName("fig7-quick"));
        assertEquals(Optional.of(Experiment.FIG5_6), Experiment.ofSweepName("fig5-6-quick"));
        assertEquals(Optional.of(Experiment.FIG9), Experiment.ofSweepName("fig9-fashion-quick"));
        assertEquals(Optional.of(Experiment.THEOREM2), Experiment.ofSweepName("theorem2"));
        assertEquals(Optional.empty(), Experiment.ofSweepName("fig70"));
        assertEquals(Optional.empty(), Experiment.ofSweepName("example"));
        assertEquals("fig5-6-quick.yaml", Experiment.FIG5_6.specFile(true));
        assertEquals(Optional.of(Experiment.PERTURBED_ZERO), Experiment.ofSweepName("perturbed-zero-quick"));
        assertEquals(Optional.of(Experiment.ESCAPE), Experiment.ofSweepName("escape"));
        assertEquals(Optional.of(Experiment.ESCAPE), Experiment.ofSweepName("escape-it"));
        assertEquals(Optional.empty(), Experiment.ofSweepName("escaped"));
    }

    @Test
    void predictedN2SpectrumHasKdCopiesOfPlusMinusEachSingularValue() {
        // σ = (3, 1), K = 1, d = 2: each ±σ twice, ascending.
        assertArrayEquals(new double[] {-3, -3, -1, -1, 1, 1, 3, 3}, Theorem2Analysis.predictedSpectrum(new double[] {3, 1}, 1, 1, 2));
        assertEquals(3.0 / 1.0, Theorem2Analysis.predictedN2(new double[] {3, 1}, 1, 1, 2).cond(), 0.0);
        assertEquals(0.5, Theorem2Analysis.predictedN2(new double[] {3, 1}, 1, 3, 2).index(), 0.0);
    }

    /**
     * Synthetic data with x_0 = 1 for every sample: a hidden unit whose row of W[k,1] is +e_0 is active on every sample
     * (C_kj = C), one with −e_0 on none (C_kj = 0). So with rows alternating ±e_0 the masked spectrum is ±σ_i(C) for
     * half the hidden units and 0 for the other half.
     */
    @Test
    void maskedSpectrumUsesEachHiddenUnitsMask() {
        int d = 3, n = 4;
        double[] x = new double[d * n], y = new double[d * n];
        double[][] xs = {{1, 0.5, -1}, {1, -2, 0.25}, {1, 1, 1}, {1, 0, -0.5}};
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < d; q++) x[q * n + i] = xs[i][q];
            y[(i % d) * n + i] = 1;
        }
        org.resweep.core.data.Dataset ds = new org.resweep.core.data.Dataset("synthetic", n, d, x, y, "");
        double[] sv = Theorem2Analysis.singularValues(Theorem2Analysis.cMatrix(ds, org.resweep.core.net.Activation.LINEAR, false), d);
        int units = 2;
        double[] w = new double[2 * units * d * d];
        for (int k = 0; k < units; k++) {
            for (int j = 0; j < d; j++) w[2 * k * d * d + 0 * d + j] = j % 2 == 0 ? 1 : -1; // W[k,1](j, 0) = ±1
        }
        double[] got = PerturbedZeroAnalysis.maskedSpectrum(ds, w, units);
        // Active hidden units: j = 0, 2 in each unit → 2·units copies of ±σ_i(C); the other units·1 give 2d zeros each.
        java.util.List<Double> expected = new java.util.ArrayList<>();
        for (int c = 0; c < 2 * units; c++) for (double s : sv) { expected.add(s); expected.add(-s); }
        for (int c = 0; c < units * 2 * d; c++) expected.add(0.0);
        double[] e = expected.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        assertEquals(e.length, got.length);
        for (int i = 0; i < e.length; i++) assertEquals(e[i], got[i], 1e-12 * sv[0], "eigenvalue " + i);
        assertTrue(sv[0] > 0.1, "a non-trivial C");
    }

    static EscapeAnalysis.Run esc(double eps, double lr, int rep, int escape) {
        return new EscapeAnalysis.Run(3, 6, "small", eps, lr, rep, "ok", escape, 5.0, escape < 0 ? 5.0 : 0.4, 1000);
    }

    static java.util.Map<String, java.util.TreeMap<Double, java.util.List<EscapeAnalysis.Run>>> cells(EscapeAnalysis.Run... runs) {
        java.util.Map<String, java.util.TreeMap<Double, java.util.List<EscapeAnalysis.Run>>> m = new java.util.LinkedHashMap<>();
        for (EscapeAnalysis.Run r : runs) {
            m.computeIfAbsent("lr " + r.lr(), k -> new java.util.TreeMap<>()).computeIfAbsent(r.scale(), k -> new java.util.ArrayList<>()).add(r);
        }
        return m;
    }

    @Test
    void escapeClaimCountsNoEscapeAsSupportAndReversalsAgainst() {
        // Later at the smaller ε, seeds spread: significant → holds.
        Claim c = EscapeAnalysis.scaleClaims(cells(esc(0.1, 0.1, 0, 60), esc(0.1, 0.1, 1, 70), esc(0.1, 0.1, 2, 65),
                esc(0.01, 0.1, 0, 700), esc(0.01, 0.1, 1, 790), esc(0.01, 0.1, 2, 750))).get(0);
        assertEquals(Verdict.HOLDS, c.verdict(), c.evidence());
        // The smallest ε never escapes (stuck at its initial loss): censored at epochs + 1, support.
        EscapeAnalysis.Run stuck = esc(0.001, 0.1, 0, -1);
        assertTrue(stuck.stuck());
        assertEquals(1001.0, stuck.censored(), 0.0);
        c = EscapeAnalysis.scaleClaims(cells(esc(0.1, 0.1, 0, 60), esc(0.1, 0.1, 1, 70), esc(0.001, 0.1, 0, -1), esc(0.001, 0.1, 1, -1))).get(0);
        assertEquals(Verdict.HOLDS, c.verdict(), c.evidence());
        assertTrue(c.evidence().contains("2 never, 2 final ≈ initial"), c.evidence());
        // A reversal of the means at one rate: does not hold.
        c = EscapeAnalysis.scaleClaims(cells(esc(0.1, 0.1, 0, 60), esc(0.1, 0.1, 1, 70), esc(0.03, 0.1, 0, 50), esc(0.03, 0.1, 1, 55),
                esc(0.01, 0.1, 0, 700), esc(0.01, 0.1, 1, 790))).get(0);
        assertEquals(Verdict.DOES_NOT_HOLD, c.verdict(), c.evidence());
        // Even the largest ε never escaped at the only rate: no comparison → inconclusive.
        c = EscapeAnalysis.scaleClaims(cells(esc(0.1, 0.1, 0, -1), esc(0.01, 0.1, 0, -1))).get(0);
        assertEquals(Verdict.INCONCLUSIVE, c.verdict(), c.evidence());
        // One seed per side: monotone but untestable → inconclusive.
        c = EscapeAnalysis.scaleClaims(cells(esc(0.1, 0.1, 0, 60), esc(0.01, 0.1, 0, 600))).get(0);
        assertEquals(Verdict.INCONCLUSIVE, c.verdict(), c.evidence());
    }

    @Test
    void escapeSlopeIsMinusOneForAnInverseLaw() {
        assertEquals(-1.0, EscapeAnalysis.slope(cells(esc(0.1, 0.1, 0, 80), esc(0.01, 0.1, 0, 800), esc(0.001, 0.1, 0, 8000)).values()
                .iterator().next()), 1e-12);
    }

    @Test
    void runOrderPutsFig7BeforeFig56AndIdsComeFromTheEnum() {
        assertEquals(java.util.List.of(Experiment.THEOREM2, Experiment.FIG4, Experiment.FIG7, Experiment.FIG5_6, Experiment.FIG8, Experiment.FIG9,
                Experiment.PERTURBED_ZERO, Experiment.ESCAPE), Experiment.runOrder(java.util.List.of(Experiment.values())));
        assertEquals(java.util.List.of(Experiment.FIG5_6), Experiment.runOrder(java.util.List.of(Experiment.FIG5_6)));
        assertEquals(java.util.List.of(Experiment.FIG7, Experiment.FIG5_6, Experiment.ESCAPE),
                Experiment.runOrder(java.util.List.of(Experiment.ESCAPE, Experiment.FIG5_6, Experiment.FIG7)));
        assertEquals("theorem2, fig4, fig5-6, fig7, fig8, fig9, perturbed-zero, escape", Experiment.ids());
        assertTrue(Experiment.isCoarseStage("fig9-quick-coarse"));
        assertEquals(Optional.of(Experiment.FIG9), Experiment.ofSweepName("fig9-coarse"));
        assertTrue(!Experiment.isCoarseStage("fig9-quick"));
    }

    @Test
    void refinementRatesAreTheBestRateAndTheMidpointsToItsNeighbours() {
        java.util.TreeSet<Double> grid = new java.util.TreeSet<>(java.util.List.of(0.01, 0.1, 1.0, 10.0));
        // Inside the grid: b·10^(∓½), rounded to 12 significant digits (√10 = 3.16227766017 at 12 digits).
        assertEquals(java.util.List.of(0.0316227766017, 0.1, 0.316227766017), Refinement.rates(cfg(grid, 0.1, true)));
        // At the edges: the same half step, so the refinement also looks beyond the grid.
        assertEquals(java.util.List.of(0.00316227766017, 0.01, 0.0316227766017), Refinement.rates(cfg(grid, 0.01, true)));
        assertEquals(java.util.List.of(3.16227766017, 10.0, 31.6227766017), Refinement.rates(cfg(grid, 10.0, true)));
        // No coarse run left the plateau (the n ≥ 3 saddle): the best rate alone.
        assertEquals(java.util.List.of(1.0), Refinement.rates(cfg(grid, 1.0, false)));
        // Uneven neighbours: the geometric mean of both ratios.
        java.util.TreeSet<Double> uneven = new java.util.TreeSet<>(java.util.List.of(0.1, 1.0, 100.0));
        assertEquals(java.util.List.of(0.177827941004, 1.0, 5.62341325190), Refinement.rates(cfg(uneven, 1.0, true)));
    }

    private static Refinement.Config cfg(java.util.TreeSet<Double> rates, double best, boolean escaped) {
        return new Refinement.Config("relu", "mid", 2, 12, "small", 0.01, rates, best, escaped);
    }
}
