package org.resweep.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.resweep.core.data.Datasets;
import org.resweep.core.eig.SpectrumStats;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.net.WeightNorms;

/**
 * The linear-network floor of the literal index, and the curvature-weighted statistics and weight records of a real
 * run: a 2-shortcut linear network of depth L = 4 on the embedded MNIST sample, trained to within 1e-4 of L*.
 */
class CurvatureAtConvergenceTest {
    private static final int L = 4;

    private static RunConfig converged(boolean storeWeights) {
        return new RunConfig("mnist10k", NetworkSpec.linear(L, 2, 10), InitKind.SMALL, 0.01, 0.2, 1000, 0,
                HessianSchedule.INIT_AND_END, false, storeWeights);
    }

    @Test
    void literalIndexSitsAtTheFloorWhileTheCurvatureWeightedOnesVanish() {
        RunResult r = Runner.run(converged(false));
        assertEquals(RunResult.OK, r.status(), r.message());
        double lStar = Datasets.load("mnist10k").moments().lStar();
        assertTrue(r.finalLoss() - lStar < 1e-4, "not converged: " + r.finalLoss() + " vs L* " + lStar);
        SpectrumStats init = r.checkpoints().get(0).stats(), end = r.checkpoints().get(1).stats();
        // Floor ≈ (1 − d²/P)/2 = (1 − 1/L)/2 (docs/results-schema.md, "Hessian statistics").
        double floor = (1 - 1.0 / L) / 2;
        assertEquals(floor, end.indexRaw(), 0.01, "index_raw at convergence");
        assertEquals(floor, end.index(), 0.01, "the literal index is at the floor too");
        // Near W = 0 the spectrum is ±σ pairs (n = 2): half the curvature is negative; at the minimum almost none.
        assertEquals(0.5, init.negMass(), 0.05);
        assertTrue(end.negMass() < 0.01, "neg_mass " + end.negMass());
        assertTrue(end.indexTop() < 0.05, "index_top " + end.indexTop());
        assertEquals(100, end.topR());
        assertTrue(end.nFlat() > 0 && end.nFlat() < L * 100 - 100, "n_flat " + end.nFlat());
        assertTrue(end.cond() > 100 * end.condTop(), "the literal cond is dominated by the flat tail");
    }

    @Test
    void weightRecordsFollowTheWeights() {
        RunResult a = Runner.run(converged(true)), b = Runner.run(converged(true));
        NetworkSpec net = a.config().net();
        assertEquals(a.epochsRun() + 1, a.weightNormCurve().length);
        assertArrayEquals(a.weightNormCurve(), b.weightNormCurve(), 0.0, "bit-identical for the same configuration");
        List<Checkpoint> cps = a.checkpoints();
        for (Checkpoint cp : cps) {
            double[] w = cp.weights();
            assertEquals(net.numParams(), w.length);
            assertEquals(WeightNorms.mean(net, w), cp.weightNormMean(), 0.0);
            assertEquals(a.weightNormCurve()[cp.epoch()], cp.weightNormMean(), 0.0);
            assertEquals(WeightNorms.max(net, w), cp.weightNormMax(), 0.0);
            assertEquals(WeightNorms.unitProductMean(net, w), cp.unitProductNormMean(), 0.0);
            assertArrayEquals(w, b.checkpoints().get(cps.indexOf(cp)).weights(), 0.0);
        }
        assertTrue(a.escapeEpoch() > 0 && a.lossCurve()[a.escapeEpoch()] < 0.9 * a.initialLoss());
        assertTrue(a.lossCurve()[a.escapeEpoch() - 1] >= 0.9 * a.initialLoss());
        // Without stored weights: the same numbers, no weights, and the run id of earlier versions.
        RunResult c = Runner.run(converged(false));
        assertEquals(null, c.checkpoints().get(1).weights());
        assertArrayEquals(a.weightNormCurve(), c.weightNormCurve(), 0.0);
        assertTrue(!converged(false).canonical().contains("weights") && converged(true).canonical().contains(";weights=true"));
    }
}
