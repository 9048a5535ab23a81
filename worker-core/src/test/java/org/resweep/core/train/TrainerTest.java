package org.resweep.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.resweep.core.eig.EigenBackends;
import org.resweep.core.eig.EigenTolerances;
import org.resweep.core.eig.Spectrum;
import org.resweep.core.eig.SpectrumStats;
import org.resweep.core.loss.LossModel;
import org.resweep.core.net.NetworkSpec;

/** {@link Trainer} on a quadratic whose GD trajectory, divergence and Hessian are known in closed form. */
class TrainerTest {
    private static final int WIDTH = 3; // P = 9
    private static final double[] LAMBDA = {4.0, 2.5, 2.0, 1.0, 0.5, 0.25, 0.1, -0.05, 0.0}; // λmax = 4
    private static final double C = 0.3;

    private static Quadratic quad() { return new Quadratic(WIDTH, LAMBDA, C, 17); }

    private static double[] w0() { return new double[WIDTH * WIDTH]; } // w0 = 0 ≠ w*

    @Test
    void lossCurveMatchesClosedFormAndCheckpointsHoldTheSpectrumOfA() {
        Quadratic qd = quad();
        double eta = 0.3; // < 2/λmax = 0.5: stable except the λ = −0.05 direction, which grows slowly
        int epochs = 40;
        Trajectory tr = new Trainer(qd, qd, EigenBackends.ejml()).train(w0(), eta, epochs, HessianSchedule.every(10), true);
        assertEquals(RunResult.OK, tr.status());
        assertEquals(epochs, tr.epochsRun());
        assertEquals(-1, tr.divergedEpoch());
        assertEquals(epochs + 1, tr.lossCurve().length);
        for (int t = 0; t <= epochs; t++) {
            double expect = qd.lossAt(w0(), eta, t);
            assertEquals(expect, tr.lossCurve()[t], EigenTolerances.QUADRATIC_REL * Math.abs(expect), "epoch " + t);
        }
        double[] g = new double[9];
        qd.lossAndGradient(tr.finalWeights(), g);
        assertEquals(Trainer.norm(g), tr.finalGradNorm(), 0.0);

        double[] sorted = LAMBDA.clone();
        Arrays.sort(sorted);
        SpectrumStats expect = Spectrum.stats(sorted, sorted.length);
        List<Checkpoint> cps = tr.checkpoints();
        assertArrayEquals(new int[] {0, 10, 20, 30, 40}, cps.stream().mapToInt(Checkpoint::epoch).toArray());
        double tol = EigenTolerances.EIG_REL * 10;
        for (Checkpoint cp : cps) {
            assertEquals(tr.lossCurve()[cp.epoch()], cp.loss(), 0.0);
            assertEquals(tr.gradNormCurve()[cp.epoch()], cp.gradNorm(), 0.0);
            assertArrayEquals(sorted, cp.spectrum(), tol);
            assertEquals(expect.maxAbsEig(), cp.stats().maxAbsEig(), tol);
            assertEquals(1.0 / 9, cp.stats().index(), 0.0); // one negative eigenvalue, −0.05 ≫ τ
            assertEquals(expect.trace(), cp.stats().trace(), tol);
        }
        assertEquals(5, qd.hessianCalls);
        assertTrue(qd.lastOut != null, "the Hessian buffer is passed back for reuse");
    }

    @Test
    void hessianBufferIsReusedAcrossCheckpoints() {
        DMatrixRMaj[] seen = new DMatrixRMaj[2];
        Quadratic qd = new Quadratic(WIDTH, LAMBDA, C, 17) {
            @Override
            public DMatrixRMaj hessian(double[] w, DMatrixRMaj out) {
                DMatrixRMaj r = super.hessian(w, out);
                if (seen[0] == null) seen[0] = r;
                else assertSame(seen[0], out, "later checkpoints must get the first buffer back");
                return r;
            }
        };
        new Trainer(qd, qd, EigenBackends.best()).train(w0(), 0.1, 6, HessianSchedule.every(2), false);
        assertEquals(4, qd.hessianCalls);
    }

    @Test
    void divergesAboveTwoOverLambdaMaxAtThePredictedEpoch() {
        Quadratic qd = quad();
        double eta = 0.6; // > 2/λmax = 0.5: |1 − 0.6·4| = 1.4 per step
        double l0 = qd.lossAt(w0(), eta, 0);
        int predicted = 0;
        while (!(qd.lossAt(w0(), eta, predicted) > Trainer.DIVERGENCE_FACTOR * l0)) predicted++;
        // Not a near-tie: the oracle loss at the predicted epoch clears the threshold by > 1 %.
        assertTrue(qd.lossAt(w0(), eta, predicted) > 1.01 * Trainer.DIVERGENCE_FACTOR * l0);
        assertTrue(qd.lossAt(w0(), eta, predicted - 1) < 0.99 * Trainer.DIVERGENCE_FACTOR * l0);

        Trajectory tr = new Trainer(qd, qd, EigenBackends.ejml()).train(w0(), eta, 1000, HessianSchedule.every(5), false);
        assertEquals(RunResult.DIVERGED, tr.status());
        assertEquals(predicted, tr.divergedEpoch());
        assertEquals(predicted, tr.epochsRun());
        assertEquals(predicted + 1, tr.lossCurve().length);
        // Checkpoints before divergence kept; none at or after it.
        int[] cp = tr.checkpoints().stream().mapToInt(Checkpoint::epoch).toArray();
        int[] expect = java.util.stream.IntStream.rangeClosed(0, (predicted - 1) / 5).map(i -> 5 * i).toArray();
        assertArrayEquals(expect, cp);
        assertNull(tr.checkpoints().get(0).spectrum());
    }

    @Test
    void nonFiniteLossIsDivergence() {
        Quadratic qd = quad();
        LossModel nanAtThree = new LossModel() {
            int calls;
            @Override public NetworkSpec spec() { return qd.spec(); }
            @Override public double loss(double[] w) { return qd.loss(w); }
            @Override public double lossAndGradient(double[] w, double[] grad) {
                double l = qd.lossAndGradient(w, grad);
                return calls++ == 3 ? Double.NaN : l;
            }
        };
        Trajectory tr = new Trainer(nanAtThree, qd, EigenBackends.ejml()).train(w0(), 0.1, 10, HessianSchedule.INIT_AND_END, false);
        assertEquals(RunResult.DIVERGED, tr.status());
        assertEquals(3, tr.divergedEpoch());
        assertTrue(Double.isNaN(tr.finalLoss()));
        assertEquals(qd.lossAt(w0(), 0.1, 2), tr.minLoss(), EigenTolerances.QUADRATIC_REL);
        assertEquals(1, tr.checkpoints().size());
    }

    @Test
    void zeroEpochsAndNoSchedule() {
        Quadratic qd = quad();
        Trajectory tr = new Trainer(qd, qd, EigenBackends.ejml()).train(w0(), 0.1, 0, HessianSchedule.INIT_AND_END, false);
        assertEquals(1, tr.lossCurve().length);
        assertEquals(1, tr.checkpoints().size());
        Trajectory none = new Trainer(qd, null, null).train(w0(), 0.1, 5, HessianSchedule.NONE, false);
        assertEquals(0, none.checkpoints().size());
        assertEquals(6, none.lossCurve().length);
        assertThrows(IllegalArgumentException.class, () -> new Trainer(qd, qd, null).train(new double[3], 0.1, 1, HessianSchedule.NONE, false));
        assertThrows(IllegalStateException.class, () -> new Trainer(qd, null, null).train(w0(), 0.1, 1, HessianSchedule.INIT_AND_END, false));
    }

    @Test
    void bitIdenticalAcrossRunsAndW0NotModified() {
        double[] w0 = w0();
        w0[4] = 0.7;
        double[] copy = w0.clone();
        Trajectory a = new Trainer(quad(), quad(), EigenBackends.best()).train(w0, 0.2, 30, HessianSchedule.every(7), true);
        Trajectory b = new Trainer(quad(), quad(), EigenBackends.best()).train(w0, 0.2, 30, HessianSchedule.every(7), true);
        assertArrayEquals(copy, w0, 0.0);
        assertArrayEquals(a.lossCurve(), b.lossCurve(), 0.0);
        assertArrayEquals(a.gradNormCurve(), b.gradNormCurve(), 0.0);
        assertArrayEquals(a.finalWeights(), b.finalWeights(), 0.0);
        assertEquals(a.checkpoints().size(), b.checkpoints().size());
        for (int i = 0; i < a.checkpoints().size(); i++) {
            assertEquals(a.checkpoints().get(i).stats(), b.checkpoints().get(i).stats());
            assertArrayEquals(a.checkpoints().get(i).spectrum(), b.checkpoints().get(i).spectrum(), 0.0);
        }
    }
}
