package org.resweep.jobs.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verdict machinery of the report on synthetic tables: significant, not significant, too few seeds, matched loss. */
class VerdictMachineryTest {
    /** SciPy's p-values come from another incomplete-beta implementation: agreement to ~1e-12 relative; 1e-9 is ample. */
    static final double P_REL = 1e-9;
    static final double HW_SCIPY = 0.10039523036082075;

    // Reference values: scipy.stats.ttest_ind(a, b, equal_var=False) and ttest_1samp(x, 0.5), SciPy 1.x.
    static final double[] A_SIG = {0.335, 0.336, 0.334, 0.3352}, B_SIG = {0.341, 0.339, 0.345, 0.338};
    static final double[] A_NS = {0.2, 0.25, 0.21}, B_NS = {0.22, 0.26, 0.19};

    @Test
    void welchMatchesScipy() {
        Welch.Result sig = Welch.test(Sample.of("a", A_SIG), Sample.of("b", B_SIG));
        assertEquals(-3.559026084010451, sig.t(), 1e-12);
        assertEquals(3.4215504968559682, sig.df(), 1e-12);
        assertEquals(0.030569153003589235, sig.p(), P_REL * 0.03);
        assertEquals(Welch.Order.LOWER, sig.order());
        assertEquals(Verdict.HOLDS, sig.aLower());
        assertEquals(Verdict.DOES_NOT_HOLD, sig.aHigher());
        assertTrue(sig.evidence().contains("α = 0.0500000") && sig.evidence().contains("lower, significant"), sig.evidence());

        Welch.Result ns = Welch.test(Sample.of("a", A_NS), Sample.of("b", B_NS));
        assertEquals(-0.1313064328597212, ns.t(), 1e-12);
        assertEquals(0.9023292481651608, ns.p(), P_REL);
        assertEquals(Verdict.INCONCLUSIVE, ns.aLower(), "a lower mean within noise is not a verdict");
        assertEquals(Verdict.INCONCLUSIVE, ns.aHigher());

        Welch.Result one = Welch.versus(Sample.of("f", new double[] {0.95, 1.0, 0.92}), "½", 0.5);
        assertEquals(19.57142857142858, one.t(), 1e-10);
        assertEquals(0.002600508581677389, one.p(), P_REL * 0.0026);
        assertEquals(Welch.Order.HIGHER, one.order());
        assertTrue(one.evidence().contains("one-sample t"), one.evidence());
        // scipy.stats.t.ppf(0.975, 2) · SE: the 95% interval half-width of the equivalence claims.
        assertEquals(HW_SCIPY, Welch.halfWidth(Sample.of("f", new double[] {0.95, 1.0, 0.92})), 1e-9 * HW_SCIPY);
    }

    @Test
    void edgeCases() {
        Sample single = Sample.of("a", new double[] {0.1});
        assertEquals(Welch.Order.TOO_FEW, Welch.test(single, Sample.of("b", B_SIG)).order());
        Sample diverged = new Sample("d", Double.POSITIVE_INFINITY, Double.NaN, 3);
        assertEquals(Welch.Order.LOWER, Welch.test(Sample.of("a", A_SIG), diverged).order(), "every seed trained vs a diverged seed");
        assertEquals(Welch.Order.NOT_SIGNIFICANT, Welch.test(diverged, diverged).order());
        Sample c1 = Sample.of("c", new double[] {2, 2, 2}), c2 = Sample.of("c", new double[] {3, 3});
        assertEquals(Welch.Order.LOWER, Welch.test(c1, c2).order(), "no spread on either side: the means decide");
        assertEquals(Welch.Order.NOT_SIGNIFICANT, Welch.test(c1, c1).order());
        assertEquals(Welch.Order.TOO_FEW, Welch.versus(single, "½", 0.5).order());
        assertEquals(0.0, Sample.of("x", new double[] {1, 1}).std(), 0.0);
        assertEquals(Math.sqrt(0.5) / Math.sqrt(2), Sample.of("x", new double[] {1, 2}).se(), 1e-15);
    }

    private static BestLrAnalysis.Cell cell(String method, int n, int depth, double[] finals) {
        Sample s = Sample.of(method, finals);
        return new BestLrAnalysis.Cell(method, n, depth, 0.1, s.mean(), s.std(), s.n(), 0, false, 0.3);
    }

    @Test
    void bestRateClaimsOnSyntheticTables() {
        Map<String, List<BestLrAnalysis.Cell>> by = new LinkedHashMap<>();
        by.put("2-shortcut small", List.of(cell("2-shortcut small", 2, 2, A_NS), cell("2-shortcut small", 2, 8, A_SIG)));
        by.put("plain xavier", List.of(cell("plain xavier", 0, 2, B_NS), cell("plain xavier", 0, 8, B_SIG)));
        by.put("plain orthogonal", List.of(cell("plain orthogonal", 0, 8, B_NS)));
        List<Claim> cs = BestLrAnalysis.depthClaims(Experiment.FIG8, by);
        Claim beatsXavier = find(cs, "fig8.2sc-beats-plain-xavier"), beatsOrth = find(cs, "fig8.2sc-beats-plain-orthogonal");
        assertEquals(Verdict.HOLDS, beatsXavier.verdict(), beatsXavier.evidence());
        assertTrue(beatsXavier.evidence().contains("depth 8"));
        // 2-shortcut 0.335 vs orthogonal 0.223: significantly HIGHER → does not hold.
        assertEquals(Verdict.DOES_NOT_HOLD, beatsOrth.verdict(), beatsOrth.evidence());
        assertTrue(!beatsXavier.interpretation().isEmpty());
        // Depth 8 (0.335) vs depth 2 (0.22): significantly worse → degradation.
        assertEquals(Verdict.DOES_NOT_HOLD, find(cs, "fig8.2sc-no-degradation").verdict());

        // Within noise at the deepest depth → inconclusive, whatever the sign of the difference of means.
        by.put("plain xavier", List.of(cell("plain xavier", 0, 8, new double[] {0.3351, 0.3349, 0.3360})));
        assertEquals(Verdict.INCONCLUSIVE, find(BestLrAnalysis.depthClaims(Experiment.FIG8, by), "fig8.2sc-beats-plain-xavier").verdict());
    }

    @Test
    void fig9ClaimsNeedSignificance() {
        List<BestLrAnalysis.Cell> cells = new ArrayList<>(List.of(
                cell("1-shortcut small", 1, 24, new double[] {0.378, 0.381, 0.379}),
                cell("2-shortcut small", 2, 24, new double[] {0.37, 0.40, 0.35}),
                cell("3-shortcut small", 3, 24, new double[] {0.50, 0.51, 0.52})));
        // n = 2's mean is lower than n = 1's but the spread is ten times larger: the audit's case → inconclusive.
        assertEquals(Verdict.INCONCLUSIVE, find(BestLrAnalysis.fig9Claims(cells), "fig9.2sc-best-when-deep").verdict());
        cells.set(1, cell("2-shortcut small", 2, 24, new double[] {0.300, 0.301, 0.302}));
        assertEquals(Verdict.HOLDS, find(BestLrAnalysis.fig9Claims(cells), "fig9.2sc-best-when-deep").verdict());
    }

    /**
     * A refinement tries 1–3 rates per configuration; if a seed diverged at each (a late divergence the short screen
     * missed), the configuration's mean is unknown, not +∞: the comparisons it enters are inconclusive, never "does not
     * hold" (the full reproduction's fig9 relu@pre,mid 2-shortcut at depth 36 diverged at all three refined rates).
     */
    @Test
    void aRefinementWithoutAStableRateIsInconclusiveNotWorse() {
        double inf = Double.POSITIVE_INFINITY;
        List<BestLrAnalysis.Cell> cells = List.of(
                cell("1-shortcut small", 1, 36, new double[] {0.401, 0.402, 0.400}),
                new BestLrAnalysis.Cell("2-shortcut small", 2, 36, 0.13, inf, Double.NaN, 3, 3, false, 0.3),
                cell("3-shortcut small", 3, 36, new double[] {3.1, 3.4, 3.2}));
        // Read as +∞ (a whole grid diverged): the 2-shortcut is decisively worse.
        assertEquals(Verdict.DOES_NOT_HOLD, find(BestLrAnalysis.fig9Claims(cells), "fig9.2sc-best-when-deep").verdict());
        assertEquals(List.of("2-shortcut small L=36"), BestLrAnalysis.unusable(cells));
        List<BestLrAnalysis.Cell> refined = BestLrAnalysis.withUnusableMeansUnknown(cells);
        Claim c = find(BestLrAnalysis.fig9Claims(refined), "fig9.2sc-best-when-deep");
        assertEquals(Verdict.INCONCLUSIVE, c.verdict(), c.evidence());
        assertTrue(c.evidence().contains("no usable mean on a side: no test"), c.evidence());
        assertTrue(c.evidence().contains("a diverged seed at every refined rate"), c.evidence());
        assertEquals(cells.get(0), refined.get(0), "finite cells are unchanged");
        // The other comparisons still run: 1-shortcut vs 3-shortcut is not part of this claim, but a finite 2-shortcut is.
        List<BestLrAnalysis.Cell> stable = BestLrAnalysis.withUnusableMeansUnknown(List.of(cells.get(0),
                cell("2-shortcut small", 2, 36, new double[] {0.300, 0.301, 0.302}), cells.get(2)));
        assertEquals(Verdict.HOLDS, find(BestLrAnalysis.fig9Claims(stable), "fig9.2sc-best-when-deep").verdict());
    }

    /** A lower-rate stage's finite cell replaces the refinement's unusable one of the same configuration; nothing else changes. */
    @Test
    void theLowerStageReplacesOnlyUnusableCells() {
        double inf = Double.POSITIVE_INFINITY;
        BestLrAnalysis.Cell one = cell("1-shortcut small", 1, 36, new double[] {0.401, 0.402, 0.400});
        BestLrAnalysis.Cell bad = new BestLrAnalysis.Cell("2-shortcut small", 2, 36, 0.13, inf, Double.NaN, 3, 3, false, 0.3);
        BestLrAnalysis.Cell lowTwo = new BestLrAnalysis.Cell("2-shortcut small", 2, 36, 0.056, 0.30, 0.001, 3, 0, false, 0.3);
        BestLrAnalysis.Cell lowOne = new BestLrAnalysis.Cell("1-shortcut small", 1, 36, 0.01, 0.2, 0.001, 3, 0, false, 0.3);
        assertEquals(List.of(one, lowTwo), BestLrAnalysis.withLowerStage(List.of(one, bad), List.of(lowOne, lowTwo)),
                "the usable 1-shortcut cell stays even though the lower stage has a better one (it never ran there under reproduce)");
        BestLrAnalysis.Cell lowBad = new BestLrAnalysis.Cell("2-shortcut small", 2, 36, 0.056, inf, Double.NaN, 3, 1, false, 0.3);
        assertEquals(List.of(one, bad), BestLrAnalysis.withLowerStage(List.of(one, bad), List.of(lowBad)), "still unusable: unchanged");
        assertEquals(List.of(one, bad), BestLrAnalysis.withLowerStage(List.of(one, bad), List.of()));
    }

    /**
     * A best rate taken from the lower-rate stage is at the edge when it is the coarse grid's smallest rate (the lowest rate
     * tried for that configuration), and the grid check names it; a lower-stage rate above it, or a refinement's rate inside
     * the grid, is not.
     */
    @Test
    void aLowerStageBestRateAtTheGridsSmallestRateIsAtTheEdge() {
        double[] grid = {1e-3, 1.0};
        BestLrAnalysis.Cell one = new BestLrAnalysis.Cell("1-shortcut small", 1, 36, 0.1, 0.40, 0.001, 3, 0, false, 0.3);
        BestLrAnalysis.Cell two = new BestLrAnalysis.Cell("2-shortcut small", 2, 36, 1e-3, 0.30, 0.001, 3, 0, false, 0.3);
        BestLrAnalysis.Cell three = new BestLrAnalysis.Cell("3-shortcut small", 3, 36, 1e-2, 0.35, 0.001, 3, 0, false, 0.3);
        List<String> fromLower = List.of(two.key(), three.key());
        List<BestLrAnalysis.Cell> cells = BestLrAnalysis.withCoarseEdges(List.of(one, two, three), grid, fromLower);
        assertEquals(List.of(false, true, false), cells.stream().map(BestLrAnalysis.Cell::edge).toList());
        Claim c = BestLrAnalysis.gridClaim(Experiment.FIG9, cells, List.of(), List.of(), grid, fromLower);
        assertEquals(Verdict.DOES_NOT_HOLD, c.verdict());
        assertTrue(c.evidence().startsWith("1 of 3 configurations have their best rate at the grid's edge"), c.evidence());
        assertTrue(c.evidence().contains(two.key() + " lr=" + Tables.g(1e-3) + " (lower-rate stage: the smallest rate tried)"), c.evidence());
        // The same rate in the refinement (no lower stage) is bracketed by its half step below the grid: not at the edge.
        assertEquals(List.of(false, false, false), BestLrAnalysis.withCoarseEdges(List.of(one, two, three), grid, List.of()).stream()
                .map(BestLrAnalysis.Cell::edge).toList());
        assertEquals(Verdict.HOLDS, BestLrAnalysis.gridClaim(Experiment.FIG9, BestLrAnalysis.withCoarseEdges(List.of(one, two, three), grid,
                List.of()), List.of(), List.of(), grid, List.of()).verdict());
    }

    /** Two depths resting on the saddle at the initial loss differ "significantly" by 1e-8 (tiny spreads): no move. */
    @Test
    void aSignificantButNegligibleChangeIsNoMove() {
        List<BestLrAnalysis.Cell> cells = List.of(
                cell("2-shortcut small", 2, 12, new double[] {0.141, 0.143, 0.140}),
                cell("2-shortcut small", 2, 36, new double[] {0.120, 0.125, 0.122}),
                cell("4-shortcut small", 4, 12, new double[] {5.02696001, 5.02696002, 5.02696003}),
                cell("4-shortcut small", 4, 36, new double[] {5.02695991, 5.02695992, 5.02695993}));
        Claim c = find(BestLrAnalysis.fig9Claims(cells), "fig9.only-2sc-gains");
        assertTrue(c.evidence().contains("n=4: ") && c.evidence().contains("lower, significant (a change below"), c.evidence());
        assertEquals(Verdict.INCONCLUSIVE, c.verdict(), "not 'does not hold': n = 4 did not move");
        List<BestLrAnalysis.Cell> moved = List.of(cells.get(0), cells.get(1),
                cell("4-shortcut small", 4, 12, new double[] {0.30, 0.31, 0.30}), cell("4-shortcut small", 4, 36, new double[] {0.20, 0.21, 0.20}));
        assertEquals(Verdict.DOES_NOT_HOLD, find(BestLrAnalysis.fig9Claims(moved), "fig9.only-2sc-gains").verdict(), "a real gain of n = 4");
    }

    private static DynamicsAnalysis.Cp cp(int epoch, double loss, double condTop, double negMass) {
        return new DynamicsAnalysis.Cp(epoch, loss, 0, 1, 1e-6, 1e6, 0.45, negMass, 0.05, condTop);
    }

    @Test
    void matchedLossLevelAndCheckpoint() {
        assertEquals(0.5, MatchedLoss.level(new double[] {3, 1, 0.5, 0.4}, new double[] {3, 0.7, 0.5}), 0.0);
        assertEquals(2, MatchedLoss.firstAtOrBelow(new double[] {3, 1, 0.5, 0.4}, 0.5));
        assertEquals(-1, MatchedLoss.firstAtOrBelow(new double[] {3, 1}, 0.5));
    }

    @Test
    void sameFinalConditionIsJudgedAtMatchedLoss() {
        // 2-shortcut runs go further down (loss 0.30, cond_top 5000) than orthogonal (stops at 0.40); at loss ≤ 0.40 both
        // have cond_top ≈ 1000: the same at matched loss, although the last checkpoints differ by a factor 5.
        List<DynamicsAnalysis.Run> sc = new ArrayList<>(), or = new ArrayList<>();
        double[] jitter = {1.00, 1.05, 0.97};
        for (int r = 0; r < 3; r++) {
            sc.add(new DynamicsAnalysis.Run("2-shortcut small", r, 1, List.of(cp(0, 5, 10, 0.5), cp(10, 0.39, 1000 * jitter[r], 0.1),
                    cp(100, 0.30, 5000, 0.05)), new double[0], "ok", 5));
            or.add(new DynamicsAnalysis.Run("plain orthogonal", r, 1, List.of(cp(0, 5, 50, 0.3), cp(10, 0.8, 600, 0.2),
                    cp(100, 0.40, 1000 / jitter[(r + 1) % 3], 0.1)), new double[0], "ok", 3));
        }
        Claim c = DynamicsAnalysis.sameFinalCond(sc, or);
        assertEquals(Verdict.HOLDS, c.verdict(), c.evidence());
        assertTrue(c.evidence().contains("epochs 10 / 100"), c.evidence());
        // A factor 10 at matched loss, consistently → does not hold.
        List<DynamicsAnalysis.Run> far = sc.stream().map(x -> new DynamicsAnalysis.Run(x.method(), x.replicate(), 1,
                List.of(x.cps().get(0), cp(10, 0.39, 10000 * jitter[x.replicate()], 0.1)), new double[0], "ok", 5)).toList();
        assertEquals(Verdict.DOES_NOT_HOLD, DynamicsAnalysis.sameFinalCond(far, or).verdict());
        // One replicate pair only → no test → inconclusive.
        assertEquals(Verdict.INCONCLUSIVE, DynamicsAnalysis.sameFinalCond(sc.subList(0, 1), or.subList(0, 1)).verdict());
    }

    @Test
    void indexDropWindowComesFromTheEscapeEpoch() {
        List<DynamicsAnalysis.Cp> cps = List.of(cp(0, 5, 1, 0.5), cp(10, 4.8, 1, 0.45), cp(30, 2, 1, 0.4), cp(50, 0.5, 1, 0.05));
        // Escape at 20 → window 1…40: neg_mass at best 0.4 > 0.25 → does not hold.
        assertEquals(Verdict.DOES_NOT_HOLD, DynamicsAnalysis.indexDrop(new DynamicsAnalysis.Run("2-shortcut small", 0, 1, cps,
                new double[0], "ok", 20)).verdict());
        // Escape at 25 → window 1…50 includes epoch 50 (0.05) → holds; a fixed window of 20 epochs would have said no.
        assertEquals(Verdict.HOLDS, DynamicsAnalysis.indexDrop(new DynamicsAnalysis.Run("2-shortcut small", 0, 1, cps,
                new double[0], "ok", 25)).verdict());
        assertEquals(Verdict.INCONCLUSIVE, DynamicsAnalysis.indexDrop(new DynamicsAnalysis.Run("2-shortcut small", 0, 1, cps,
                new double[0], "ok", -1)).verdict(), "no escape: no window");
    }

    private static TrainingRecords.RunRec rec(int n, int depth, double lr, int rep, boolean best, double norm, int escape) {
        return new TrainingRecords.RunRec(n + "-shortcut small", n, depth, lr, rep, "ok", best, norm, norm * 0.9, escape);
    }

    @Test
    void weightNormAndNoEscapeClaimsOnSyntheticRuns() {
        List<TrainingRecords.RunRec> runs = new ArrayList<>();
        double[] shallow = {3.1, 3.0, 3.2}, deep = {1.0, 0.95, 0.97};
        for (int r = 0; r < 3; r++) {
            runs.add(rec(2, 2, 1.0, r, true, shallow[r], 10 + r));
            runs.add(rec(2, 2, 0.1, r, false, 9, 50));
            runs.add(rec(2, 64, 1.0, r, true, deep[r], 12 + r));
            // n = 3 never leaves the plateau at any rate: support for the saddle claim, not a grid problem.
            runs.add(rec(3, 2, 1.0, r, true, 0.01, -1));
            runs.add(rec(3, 2, 0.1, r, false, 0.01, -1));
        }
        List<Claim> cs = TrainingRecords.claims(Experiment.FIG7, runs);
        assertEquals(Verdict.HOLDS, find(cs, "fig2-3.weight-norm-falls-with-depth-end").verdict());
        assertEquals(Verdict.HOLDS, find(cs, "fig2-3.weight-norm-falls-with-depth-during").verdict());
        Claim esc = find(cs, "fig7.n3-escapes-late");
        assertEquals(Verdict.HOLDS, esc.verdict(), esc.evidence());
        assertTrue(esc.evidence().contains("never (no escape at any of 6 runs)"), esc.evidence());
        assertEquals(List.of("3-shortcut small L=2"), TrainingRecords.neverEscaped(runs));
        // The deep norms within the shallow ones' noise → inconclusive, not "does not hold".
        List<TrainingRecords.RunRec> noisy = new ArrayList<>();
        double[] a = {1.0, 3.0, 5.0}, b = {1.5, 2.9, 4.0};
        for (int r = 0; r < 3; r++) {
            noisy.add(rec(2, 2, 1.0, r, true, a[r], 5));
            noisy.add(rec(2, 8, 1.0, r, true, b[r], 5));
        }
        assertEquals(Verdict.INCONCLUSIVE, find(TrainingRecords.claims(Experiment.FIG7, noisy), "fig2-3.weight-norm-falls-with-depth-end").verdict());
    }

    @Test
    void conditionGapLargestAtHighLoss() {
        // Plain cond_top / 2-shortcut cond_top = 100 at high loss, 2 at low loss, in every replicate pair → holds.
        List<DynamicsAnalysis.Run> sc = new ArrayList<>(), pl = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            List<DynamicsAnalysis.Cp> a = new ArrayList<>(), b = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
                double loss = 1.0 - 0.1 * k;
                a.add(cp(k, loss, 10, 0.1));
                b.add(cp(k, loss, 10 * (k < 4 ? 100 + r : 2 + 0.1 * r), 0.2));
            }
            sc.add(new DynamicsAnalysis.Run("2-shortcut small", r, 1, a, new double[0], "ok", 1));
            pl.add(new DynamicsAnalysis.Run("plain xavier", r, 1, b, new double[0], "ok", 1));
        }
        Claim c = DynamicsAnalysis.condGapLargestAtHighLoss(sc, pl, "plain xavier");
        assertEquals(Verdict.HOLDS, c.verdict(), c.evidence());
        assertEquals(Verdict.HOLDS, DynamicsAnalysis.condAtLoss(sc, pl, "plain xavier").verdict());
    }

    @Test
    void epochsToReachAndOrthogonalVsXavier() {
        List<TrainingRecords.RunRec> runs = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            runs.add(new TrainingRecords.RunRec("2-shortcut small", 2, 8, 1, r, "ok", true, 2, 2, 3, 40 + r));
            runs.add(new TrainingRecords.RunRec("plain orthogonal", 0, 8, 0.3, r, "ok", true, 2, 2, 1, 300 + 10 * r));
            runs.add(new TrainingRecords.RunRec("plain xavier", 0, 8, 0.01, r, "ok", true, 2, 2, 1, -1)); // never: censored
        }
        List<Claim> cs = TrainingRecords.claims(Experiment.FIG7, runs);
        assertEquals(Verdict.HOLDS, find(cs, "fig7.2sc-faster-than-plain-orthogonal").verdict());
        Claim x = find(cs, "fig7.2sc-faster-than-plain-xavier");
        assertEquals(Verdict.HOLDS, x.verdict(), x.evidence());
        assertTrue(x.evidence().contains("3 runs never reached it"), x.evidence());

        Map<String, List<BestLrAnalysis.Cell>> by = new LinkedHashMap<>();
        by.put("2-shortcut small", List.of(cell("2-shortcut small", 2, 8, A_SIG)));
        by.put("plain xavier", List.of(cell("plain xavier", 0, 2, A_NS), cell("plain xavier", 0, 8, B_SIG)));
        by.put("plain orthogonal", List.of(cell("plain orthogonal", 0, 8, A_SIG)));
        List<Claim> d = BestLrAnalysis.depthClaims(Experiment.FIG7, by);
        assertEquals(Verdict.HOLDS, find(d, "fig7.orthogonal-beats-xavier").verdict());
        assertEquals(Verdict.DOES_NOT_HOLD, find(d, "fig7.higher-rates-vs-orthogonal").verdict(), "equal best rates are not higher");
    }

    @Test
    void symlogHistogramCountsEveryEigenvalueOnItsSide() {
        double[] eig = {-2, -1e-9, 0, 1e-9, 0.5, 2};
        double[][] h = Charts.symlogHistogram(eig, 10);
        assertEquals(6.0, java.util.Arrays.stream(h[1]).sum(), 0.0);
        assertEquals(1.0, h[1][0], 0.0, "−max in the first bin");
        // t(2) = log10(1 + 1e6) = 6.0 and t(0.5) = log10(1 + 2.5e5) ≈ 5.40: both in the last bin [4.8, 6.0].
        assertEquals(2.0, h[1][9], 0.0, "+max and 0.5 in the last bin");
        assertEquals(3.0, h[1][4] + h[1][5], 0.0, "0 and ±1e-9 (≪ τ = 2e-6) in the middle bins");
        assertEquals(-h[0][9], h[0][0], 1e-12, "symmetric bins");
        double[][] s = Charts.sortedAbs(eig);
        assertEquals(List.of(2.0, 2.0, 0.5, 1e-9, 1e-9), java.util.Arrays.stream(s[1]).boxed().toList());
    }

    @Test
    void highOrderSaddleClaimCountsNoEscapeAsSupport() {
        List<TrainingRecords.RunRec> runs = new ArrayList<>();
        for (double lr : new double[] {0.1, 0.3}) {
            runs.add(rec(2, 12, lr, 0, false, 1, lr == 0.3 ? 5 : 9));
            runs.add(rec(3, 12, lr, 0, false, 1, lr == 0.3 ? 40 : -1));
            runs.add(rec(4, 12, lr, 0, false, 1, -1));
            runs.add(rec(6, 12, lr, 0, false, 1, -1));
        }
        Claim c = TrainingRecords.saddleClaim("fig9.high-order-saddle", "", runs);
        // n = 2 escapes at epoch 5; n = 3 at 40 (later), n = 4 and 6 never: the paper's prediction → holds.
        assertEquals(Verdict.HOLDS, c.verdict(), c.evidence());
        assertTrue(c.evidence().contains("n=4 L=12: never (none of 2 runs escaped: stays at W ≈ 0)"), c.evidence());
        assertTrue(c.evidence().contains("2 of 3 n ≥ 3 configurations never escaped"), c.evidence());
        // An n ≥ 3 escaping no later than n = 2 contradicts it.
        runs.add(rec(3, 12, 1.0, 0, false, 1, 5));
        assertEquals(Verdict.DOES_NOT_HOLD, TrainingRecords.saddleClaim("x", "", runs).verdict());
        // n = 2 never escaped: nothing to compare → inconclusive.
        List<TrainingRecords.RunRec> stuck = runs.stream().filter(r -> r.shortcut() != 2).toList();
        assertEquals(Verdict.INCONCLUSIVE, TrainingRecords.saddleClaim("x", "", stuck).verdict());
    }

    private static Claim find(List<Claim> cs, String id) {
        return cs.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError("no claim " + id + " in " + cs));
    }
}
