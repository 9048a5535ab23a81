package org.resweep.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.resweep.core.data.Dataset;
import org.resweep.core.data.Datasets;
import org.resweep.core.eig.EigenBackends;
import org.resweep.core.eig.EigenTolerances;
import org.resweep.core.net.Activation;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.Initializer;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.net.Position;
import org.resweep.core.util.DeterministicRandom;

/** {@link Runner} end to end on the embedded MNIST sample and on a small synthetic data set. */
class RunnerTest {
    private static final NetworkSpec LIN4 = NetworkSpec.linear(4, 2, 10);

    private static RunConfig mnist(NetworkSpec net, InitKind init, double lr, int epochs, HessianSchedule h) {
        return new RunConfig("mnist10k", net, init, 0.01, lr, epochs, 0, h, false);
    }

    @Test
    void linearTwoShortcutTrainsOnMnistAndStaysAboveLStar() {
        RunResult r = Runner.run(mnist(LIN4, InitKind.SMALL, 0.1, 60, HessianSchedule.INIT_AND_END));
        assertEquals(RunResult.OK, r.status(), r.message());
        assertEquals("", r.message());
        assertEquals(Runner.MOMENT, r.lossPath());
        assertEquals(60, r.epochsRun());
        assertEquals(61, r.lossCurve().length);
        assertTrue(r.finalLoss() < 0.9 * r.initialLoss(), r.initialLoss() + " → " + r.finalLoss());
        assertEquals(r.finalLoss(), r.minLoss(), 0.0, "GD with a small step decreases the loss monotonically");
        // No network reaches below the best linear map's loss L* (docs/model.md §4) — an independent lower bound.
        double lStar = Datasets.load("mnist10k").moments().lStar();
        assertTrue(r.finalLoss() >= lStar - 1e-12, r.finalLoss() + " < L* = " + lStar);
        assertEquals(Datasets.load("mnist10k").rawHash(), r.dataHash());
        assertEquals(EigenBackends.best().name(), r.eigenBackend());
        assertArrayEquals(new int[] {0, 60}, r.checkpoints().stream().mapToInt(Checkpoint::epoch).toArray());
        assertTrue(r.wallSeconds() > 0);
    }

    @Test
    void bitIdenticalRuns() {
        RunConfig cfg = mnist(LIN4, InitKind.SMALL, 0.1, 20, HessianSchedule.every(10));
        RunResult a = Runner.run(cfg), b = Runner.run(cfg);
        assertArrayEquals(a.lossCurve(), b.lossCurve(), 0.0);
        assertArrayEquals(a.gradNormCurve(), b.gradNormCurve(), 0.0);
        assertEquals(a.checkpoints().size(), b.checkpoints().size());
        for (int i = 0; i < a.checkpoints().size(); i++) {
            assertEquals(a.checkpoints().get(i).stats(), b.checkpoints().get(i).stats(), "checkpoint " + i);
        }
    }

    @Test
    void learningRateAboveTwoOverSharpnessDiverges() {
        // η = 2 exceeds 2/λmax(H(w0)) ≈ 1.7 (checked below), so GD is unstable from the start.
        RunResult r = Runner.run(mnist(LIN4, InitKind.SMALL, 2.0, 200, HessianSchedule.every(1)));
        assertEquals(RunResult.DIVERGED, r.status());
        assertTrue(2.0 > 2 / r.checkpoints().get(0).stats().maxAbsEig(), "test premise: η > 2/λmax at init");
        assertTrue(r.divergedEpoch() > 1 && r.divergedEpoch() < 200, "epoch " + r.divergedEpoch());
        assertEquals(r.divergedEpoch(), r.epochsRun());
        assertEquals(r.divergedEpoch() + 1, r.lossCurve().length);
        assertTrue(!Double.isFinite(r.finalLoss()) || r.finalLoss() > Trainer.DIVERGENCE_FACTOR * r.initialLoss());
        for (int t = 0; t < r.divergedEpoch(); t++) {
            assertTrue(r.lossCurve()[t] <= Trainer.DIVERGENCE_FACTOR * r.initialLoss(), "epoch " + t);
        }
        assertFalse(r.message().isEmpty());
        // Every epoch before divergence has a Hessian checkpoint, the diverging one does not.
        assertEquals(r.divergedEpoch(), r.checkpoints().size());
        assertEquals(r.divergedEpoch() - 1, r.checkpoints().get(r.checkpoints().size() - 1).epoch());
    }

    @Test
    void failuresAreResultsNotExceptions() {
        RunResult r = Runner.run(new RunConfig("idx:/nonexistent/prefix", LIN4, InitKind.SMALL, 0.01, 0.1, 5, 0,
                HessianSchedule.INIT_AND_END, false));
        assertEquals(RunResult.FAILED, r.status());
        assertFalse(r.message().isEmpty());
        assertEquals(0, r.lossCurve().length);

        RunResult w = Runner.run(mnist(LIN4, InitKind.SMALL, 0.1, 5, HessianSchedule.INIT_AND_END), synthetic(7, 50));
        assertEquals(RunResult.FAILED, w.status());
        assertTrue(w.message().contains("width"), w.message());
    }

    @Test
    void twoShortcutAtZeroHasIndexOneHalfAndDepthFreeCondition() {
        // docs/model.md §6, n = 2, W = 0: eigenvalues ±σ_j(C), each K·d times → index exactly 0.5, cond independent of K.
        RunResult d2 = Runner.run(mnist(NetworkSpec.linear(2, 2, 10), InitKind.ZERO, 0.1, 0, HessianSchedule.INIT_AND_END));
        RunResult d6 = Runner.run(mnist(NetworkSpec.linear(6, 2, 10), InitKind.ZERO, 0.1, 0, HessianSchedule.INIT_AND_END));
        assertEquals(0.5, d2.checkpoints().get(0).stats().index(), 0.0);
        assertEquals(0.5, d6.checkpoints().get(0).stats().index(), 0.0);
        double c2 = d2.checkpoints().get(0).stats().cond(), c6 = d6.checkpoints().get(0).stats().cond();
        assertEquals(c2, c6, EigenTolerances.SPEC5_COND_REL * c2);
    }

    @Test
    void dataPathForActivationsAndExplicitInitialWeights() {
        Dataset ds = synthetic(10, 200);
        NetworkSpec relu = new NetworkSpec(4, 2, 10, Activation.RELU, Set.of(Position.MID));
        RunConfig cfg = new RunConfig("synthetic", relu, InitKind.XAVIER, 1.0, 0.05, 30, 0, HessianSchedule.INIT_AND_END, true);
        RunResult a = Runner.run(cfg, ds);
        assertEquals(RunResult.OK, a.status(), a.message());
        assertEquals(Runner.DATA, a.lossPath());
        assertTrue(a.finalLoss() < a.initialLoss());
        assertEquals(relu.numParams(), a.checkpoints().get(0).spectrum().length);
        double[] w0 = Initializer.init(relu, cfg.init(), cfg.initScale(), cfg.seed());
        RunResult b = Runner.run(cfg, w0, ds, EigenBackends.best());
        assertArrayEquals(a.lossCurve(), b.lossCurve(), 0.0);
    }

    @Test
    void noScheduleBuildsNoHessianAndRecordsNoBackend() {
        // P = 500·100 = 50,000 > 46,340: MomentHessian would refuse this P; without checkpoints it is not built.
        NetworkSpec deep = NetworkSpec.linear(500, 2, 10);
        RunResult r = Runner.run(mnist(deep, InitKind.SMALL, 0.01, 2, HessianSchedule.NONE));
        assertEquals(RunResult.OK, r.status(), r.message());
        assertEquals(0, r.checkpoints().size());
        assertEquals("", r.eigenBackend());
        assertTrue(r.lossCurve().length == 3 && r.finalLoss() < r.initialLoss());
    }

    /** n samples, width d: x standard normal, y one-hot of a deterministic label. */
    private static Dataset synthetic(int d, int n) {
        DeterministicRandom rng = new DeterministicRandom(5);
        double[] x = new double[d * n], y = new double[d * n];
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < d; q++) x[q * n + i] = rng.nextGaussian();
            y[(i % d) * n + i] = 1.0;
        }
        return new Dataset("synthetic", n, d, x, y, "synthetic");
    }
}
