package org.resweep.driver.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.resweep.core.net.Activation;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.net.Position;
import org.resweep.core.train.HessianSchedule;
import org.resweep.core.train.RunConfig;

/** The cost model: a value worked by hand, and monotonicity in every size it depends on. */
class CostModelTest {
    static RunConfig run(int depth, boolean relu, int epochs, HessianSchedule h) {
        NetworkSpec net = relu ? new NetworkSpec(depth, 2, 10, Activation.RELU, Set.of(Position.MID))
                : NetworkSpec.linear(depth, 2, 10);
        return new RunConfig("mnist10k", net, InitKind.XAVIER, 1.0, 0.1, epochs, 0, h, false);
    }

    @Test
    void handWorkedValue() {
        // L = 2, d = 10, P = 200, linear: epoch = 2.3e-9·2·10³ = 4.6e-6 s; 3 epochs → 4 evaluations; + 1 ms.
        double noHessian = 1e-3 + 4 * 4.6e-6;
        assertEquals(noHessian, CostModel.run(run(2, false, 3, HessianSchedule.NONE), 10_000), 1e-12 * noHessian);
        // init and end: 2 checkpoints × (3.5e-9·200² + 5.1e-11·200³ + 2.8e-8·200²)
        double expected = noHessian + 2 * (3.5e-9 * 40_000 + 5.1e-11 * 8_000_000.0 + 2.8e-8 * 40_000);
        assertEquals(expected, CostModel.run(run(2, false, 3, HessianSchedule.INIT_AND_END), 10_000), 1e-12 * expected);
        // ReLU, L = 2, N = 1000: epoch = 2.2e-10·2·100·1000 = 4.4e-5 s; Hessian 2.8e-11·200²·1000 = 1.12e-3 s.
        RunConfig relu = new RunConfig("mnist10k", new NetworkSpec(2, 2, 10, Activation.RELU, Set.of(Position.MID)),
                InitKind.XAVIER, 1.0, 0.1, 3, 0, HessianSchedule.INIT_AND_END, false);
        double reluExpected = 1e-3 + 4 * 4.4e-5 + 2 * (1.12e-3 + 5.1e-11 * 8_000_000.0 + 2.8e-8 * 40_000);
        assertEquals(reluExpected, CostModel.run(relu, 1000), 1e-12 * reluExpected);
    }

    @Test
    void eigenvaluesMatchTheMeasuredSingleThreadTimes() {
        // dsyevd_2stage, one thread, fig4's Hessians (benchmarks/results/2026-12-01-vm-eig2.md), to ±10 %
        double[][] measured = {{1000, 0.080}, {2000, 0.512}, {4000, 3.73}, {6400, 14.62}};
        for (double[] m : measured) {
            assertEquals(m[1], CostModel.eig((int) m[0]), 0.1 * m[1], "P = " + (int) m[0]);
        }
        // the size term: the cost per P³ falls with P (the P² bulge chasing weighs less), and is never negative
        assertTrue(CostModel.eig(1000) / 1e9 > CostModel.eig(6400) / Math.pow(6400, 3));
        assertEquals(0.0, CostModel.eig(0), 0.0);
    }

    @Test
    void heldOutDataAddsOneDataPathPassAtTheEnd() {
        // L = 2, d = 10, N_test = 2000: 2.2e-10·2·100·2000 = 8.8e-5 s, once, whatever the epochs and the network's path.
        assertEquals(8.8e-5, CostModel.heldOut(NetworkSpec.linear(2, 2, 10), 2000), 1e-12 * 8.8e-5);
        assertEquals(0.0, CostModel.heldOut(NetworkSpec.linear(2, 2, 10), 0), 0.0);
        for (int epochs : new int[] {0, 3, 300}) {
            RunConfig c = run(2, false, epochs, HessianSchedule.NONE);
            double base = CostModel.run(c, 10_000);
            assertEquals(base, CostModel.run(c, 10_000, 0), 0.0);
            assertEquals(base + 8.8e-5, CostModel.run(c, 10_000, 2000), 1e-12 * base);
        }
    }

    @Test
    void growsWithDepth() {
        for (boolean relu : new boolean[] {false, true}) {
            double prev = 0;
            for (int depth = 2; depth <= 40; depth += 2) {
                double c = CostModel.run(run(depth, relu, 100, HessianSchedule.INIT_AND_END), 10_000);
                assertTrue(c > prev, "depth " + depth);
                prev = c;
            }
        }
    }

    @Test
    void growsWithEpochsAndCheckpoints() {
        double prev = 0;
        for (int epochs : new int[] {0, 1, 10, 100, 1000}) {
            double c = CostModel.run(run(4, true, epochs, HessianSchedule.NONE), 10_000);
            assertTrue(c > prev, "epochs " + epochs);
            prev = c;
        }
        double none = CostModel.run(run(4, false, 100, HessianSchedule.NONE), 10_000);
        double ends = CostModel.run(run(4, false, 100, HessianSchedule.INIT_AND_END), 10_000);
        double every10 = CostModel.run(run(4, false, 100, HessianSchedule.every(10)), 10_000);
        double every1 = CostModel.run(run(4, false, 100, HessianSchedule.every(1)), 10_000);
        assertTrue(none < ends && ends < every10 && every10 < every1);
    }

    @Test
    void dataPathGrowsWithSamplesMomentPathDoesNot() {
        RunConfig relu = run(4, true, 10, HessianSchedule.INIT_AND_END);
        RunConfig lin = run(4, false, 10, HessianSchedule.INIT_AND_END);
        assertTrue(CostModel.run(relu, 1000) < CostModel.run(relu, 60_000));
        assertEquals(CostModel.run(lin, 1000), CostModel.run(lin, 60_000));
        // the reference measurements the constants come from (benchmarks/results/2026-11-27-vm.md), to ±30%
        RunConfig gdRelu10 = new RunConfig("mnist10k", new NetworkSpec(10, 2, 10, Activation.RELU, Set.of(Position.MID)),
                InitKind.SMALL, 0.01, 0.01, 999, 0, HessianSchedule.NONE, false);
        assertEquals(2.46, CostModel.run(gdRelu10, 10_000), 0.3 * 2.46);
        assertEquals(0.197, CostModel.run(run(100, false, 999, HessianSchedule.NONE), 10_000), 0.3 * 0.197);
        assertTrue(CostModel.run(lin, 10_000) < CostModel.run(relu, 10_000), "N > d: the data path costs more");
    }

    @Test
    void smoothActivationsCostPerValueReluNothing() {
        // depth 10, 2-shortcut, d = 10, N = 10⁴: 5 blocks. ReLU/products: 2.2e-10·10·100·10⁴ = 2.2e-3 s per epoch.
        NetworkSpec relu = new NetworkSpec(10, 2, 10, Activation.RELU, Set.of(Position.MID));
        NetworkSpec tanhMid = new NetworkSpec(10, 2, 10, Activation.TANH, Set.of(Position.MID));
        NetworkSpec tanhPreMid = new NetworkSpec(10, 2, 10, Activation.TANH, Set.of(Position.PRE, Position.MID));
        NetworkSpec sigmoidMid = new NetworkSpec(10, 2, 10, Activation.SYMMETRIC_SIGMOID, Set.of(Position.MID));
        assertEquals(0, CostModel.smoothActivations(relu));
        assertEquals(5, CostModel.smoothActivations(tanhMid));
        assertEquals(10, CostModel.smoothActivations(tanhPreMid));
        assertEquals(5, CostModel.smoothActivations(sigmoidMid));
        assertEquals(2.2e-3, CostModel.epoch(relu, 10_000), 1e-12);
        // tanh at mid: + 2.5e-9·5·10·10⁴ = 1.25e-3 s → factor 3.45/2.2
        assertEquals(3.45e-3, CostModel.epoch(tanhMid, 10_000), 1e-12);
        assertEquals(3.45 / 2.2, CostModel.activationFactor(tanhMid, 10_000), 1e-12);
        assertEquals(4.7 / 2.2, CostModel.activationFactor(tanhPreMid, 10_000), 1e-12);
        assertEquals(1.0, CostModel.activationFactor(relu, 10_000), 0.0);
        assertEquals(CostModel.epoch(tanhMid, 10_000), CostModel.epoch(sigmoidMid, 10_000), 0.0);
        // the Hessian: ×1.8 with a smooth activation
        assertEquals(1.8 * CostModel.hessian(relu, 10_000), CostModel.hessian(tanhMid, 10_000), 1e-12);
        // the held-out pass uses the same per-pass cost
        assertEquals(CostModel.epoch(tanhMid, 2000), CostModel.heldOut(tanhMid, 2000), 0.0);
    }
}
