package org.resweep.driver.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.train.HessianSchedule;
import org.resweep.core.train.RunConfig;
import org.resweep.core.util.BadInputException;

/** {@link SplitPolicy}: the auto rule on cost-model estimates, always/never, and the flag's values. */
class SplitPolicyTest {
    private static PlannedRun planned(int depth, int epochs, HessianSchedule h) {
        RunConfig c = new RunConfig("mnist10k", NetworkSpec.linear(depth, 2, 10), InitKind.SMALL, 0.01, 0.05, epochs, 0, h, false);
        return new PlannedRun(c, CostModel.run(c, 10_000), CostModel.checkpoints(c, 10_000));
    }

    @Test
    void autoSplitsHessianDominatedRunsOnly() {
        // depth 40 (P = 4000), a Hessian every epoch of 100: ≈ 101 × 3.8 s of checkpoints, training negligible
        PlannedRun deep = planned(40, 100, HessianSchedule.every(1));
        assertTrue(deep.hessianCost() > 0.99 * deep.cost(), deep.toString());
        assertTrue(SplitPolicy.AUTO.splits(deep));
        // P >= 4000 with only 2 checkpoints (Hessian at init and end): ≈ 2 × 3.8 s, split too
        PlannedRun two = planned(40, 100, HessianSchedule.INIT_AND_END);
        assertTrue(two.hessianCost() > 7 && two.hessianCost() < 8.5, two.toString());
        assertTrue(SplitPolicy.AUTO.splits(two));
        assertTrue(SplitPolicy.AUTO.splits(planned(50, 100, HessianSchedule.INIT_AND_END)), "P = 5000");
        // P = 3000, 2 checkpoints: ≈ 3.3 s < 5 s, one task
        PlannedRun small = planned(30, 100, HessianSchedule.INIT_AND_END);
        assertTrue(small.hessianCost() < SplitPolicy.MIN_SECONDS, small.toString());
        assertFalse(SplitPolicy.AUTO.splits(small));
        // the benchmark's run: depth 20 (P = 2000), 101 checkpoints ≈ 54 s
        assertTrue(SplitPolicy.AUTO.splits(planned(20, 100, HessianSchedule.every(1))));
        // small networks: far below 10 s
        assertFalse(SplitPolicy.AUTO.splits(planned(4, 100, HessianSchedule.every(1))));
        // a run that is mostly training: long moment-path training with 2 cheap checkpoints
        PlannedRun training = planned(20, 10_000_000, HessianSchedule.INIT_AND_END);
        assertTrue(training.hessianCost() < 0.5 * training.cost(), training.toString());
        assertFalse(SplitPolicy.AUTO.splits(training));
        // no estimate of the checkpoints (hessianCost 0): auto does not split
        assertFalse(SplitPolicy.AUTO.splits(new PlannedRun(deep.config(), deep.cost())));
    }

    @Test
    void alwaysAndNever() {
        assertTrue(SplitPolicy.ALWAYS.splits(planned(2, 4, HessianSchedule.INIT_AND_END)));
        assertFalse(SplitPolicy.ALWAYS.splits(planned(2, 0, HessianSchedule.INIT_AND_END)), "one checkpoint (epoch 0 = end)");
        assertFalse(SplitPolicy.ALWAYS.splits(planned(2, 4, HessianSchedule.NONE)));
        assertFalse(SplitPolicy.NEVER.splits(planned(40, 100, HessianSchedule.every(1))));
    }

    @Test
    void checkpointsAreTheRunsCostWithoutTraining() {
        PlannedRun p = planned(10, 50, HessianSchedule.every(10));
        RunConfig none = new RunConfig(p.config().dataset(), p.config().net(), p.config().init(), p.config().initScale(),
                p.config().learningRate(), p.config().epochs(), 0, HessianSchedule.NONE, false);
        assertEquals(p.cost(), CostModel.run(none, 10_000) + p.hessianCost(), 1e-12 * p.cost());
        assertEquals(6 * CostModel.checkpoint(p.config().net(), 10_000), p.hessianCost(), 1e-12 * p.hessianCost());
    }

    @Test
    void flagValues() {
        assertEquals(SplitPolicy.AUTO, SplitPolicy.parse("auto"));
        assertEquals(SplitPolicy.ALWAYS, SplitPolicy.parse(" Always "));
        assertEquals(SplitPolicy.NEVER, SplitPolicy.parse("NEVER"));
        BadInputException e = assertThrows(BadInputException.class, () -> SplitPolicy.parse("sometimes"));
        assertEquals("--split: 'sometimes' is not allowed; allowed: auto, always, never", e.getMessage());
    }
}
