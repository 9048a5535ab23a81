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
        // L = 2, d = 10, P = 200, linear: epoch = 6·2·10³ = 12,000; 3 epochs → 4 evaluations = 48,000.
        assertEquals(48_000.0, CostModel.run(run(2, false, 3, HessianSchedule.NONE), 10_000));
        // init and end: 2 checkpoints × (2·200·12,000 + (4/3)·200³)
        double expected = 48_000.0 + 2 * (4_800_000.0 + 4.0 / 3.0 * 8_000_000.0);
        assertEquals(expected, CostModel.run(run(2, false, 3, HessianSchedule.INIT_AND_END), 10_000), 1e-6 * expected);
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
        assertTrue(CostModel.run(lin, 10_000) < CostModel.run(relu, 10_000), "N > d: the data path costs more");
    }
}
