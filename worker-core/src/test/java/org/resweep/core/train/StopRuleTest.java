package org.resweep.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.NetworkSpec;

/** The convergence rule ({@link StopRule}) in {@link Trainer} through {@link Runner}, on the embedded MNIST sample. */
class StopRuleTest {
    private static RunConfig cfg(NetworkSpec net, double lr, int epochs, HessianSchedule h, StopRule stop) {
        return new RunConfig("mnist10k", net, InitKind.SMALL, 0.01, lr, epochs, 0, h, false, false, "", stop);
    }

    /** The first epoch at which the rule holds on a full curve, computed here from the rule's definition; -1: none. */
    private static int firstStop(double[] loss, int window, double tol) {
        for (int t = window; t < loss.length; t++) {
            if (loss[t] < 0.9 * loss[0] && loss[t - window] - loss[t] < tol * loss[t - window]) return t;
        }
        return -1;
    }

    @Test
    void anEscapedRunStopsAtTheFirstQuietWindowWithTheFullRunsBits() {
        NetworkSpec net = NetworkSpec.linear(4, 2, 10);
        int epochs = 2000, window = 50;
        double tol = 1e-4;
        RunResult full = Runner.run(cfg(net, 0.5, epochs, HessianSchedule.NONE, StopRule.NONE));
        RunResult stopped = Runner.run(cfg(net, 0.5, epochs, HessianSchedule.NONE, new StopRule(window, tol)));
        int expect = firstStop(full.lossCurve(), window, tol);
        assertTrue(expect > window && expect < epochs, "premise: the full run converges inside its epochs (first quiet epoch " + expect + ")");
        assertEquals(RunResult.OK, stopped.status());
        assertEquals(expect, stopped.epochsRun());
        assertEquals(-1, stopped.divergedEpoch());
        assertArrayEquals(Arrays.copyOf(full.lossCurve(), expect + 1), stopped.lossCurve(), 0.0);
        assertArrayEquals(Arrays.copyOf(full.gradNormCurve(), expect + 1), stopped.gradNormCurve(), 0.0);
        assertEquals(full.lossCurve()[expect], stopped.finalLoss(), 0.0);
        assertEquals(full.gradNormCurve()[expect], stopped.finalGradNorm(), 0.0);
        assertNotEquals(full.config().runId(), stopped.config().runId());
        assertTrue(stopped.config().canonical().contains(";stop=50:1.0E-4;"), stopped.config().canonical());
    }

    @Test
    void aRunStillOnTheInitialPlateauIsNeverStopped() {
        // n = 3 from small init: the higher-order saddle at zero; the loss barely moves, so rel_tol 0.5 would stop any
        // run after one window if the plateau condition were missing
        NetworkSpec net = NetworkSpec.linear(6, 3, 10);
        int epochs = 300;
        RunResult r = Runner.run(cfg(net, 0.01, epochs, HessianSchedule.NONE, new StopRule(10, 0.5)));
        assertEquals(RunResult.OK, r.status());
        for (double l : r.lossCurve()) assertTrue(l >= 0.9 * r.initialLoss(), "premise: the run stays on its plateau (" + l + ")");
        assertEquals(epochs, r.epochsRun());
        assertEquals(epochs + 1, r.lossCurve().length);
    }

    @Test
    void theEndCheckpointMovesToTheStopEpoch() {
        NetworkSpec net = NetworkSpec.linear(4, 2, 10);
        RunResult r = Runner.run(cfg(net, 0.5, 2000, HessianSchedule.INIT_AND_END, new StopRule(50, 1e-4)));
        assertTrue(r.epochsRun() < 2000);
        assertArrayEquals(new int[] {0, r.epochsRun()}, r.checkpoints().stream().mapToInt(Checkpoint::epoch).toArray());
        assertEquals(r.finalLoss(), r.checkpoints().get(1).loss(), 0.0);
    }

    @Test
    void ruleOnSyntheticCurvesAndBadValues() {
        StopRule rule = new StopRule(2, 0.1);
        double[] loss = {1.0, 0.95, 0.80, 0.75, 0.74};
        assertFalse(rule.stopsAt(loss, 1)); // before one window
        assertFalse(rule.stopsAt(loss, 2)); // 0.95 → 0.80: 16% decrease
        assertFalse(rule.stopsAt(loss, 3)); // 0.95 → 0.75: 21%
        assertTrue(rule.stopsAt(loss, 4));  // 0.80 → 0.74: 7.5%, below 0.9 × 1.0
        assertFalse(rule.stopsAt(new double[] {1.0, 0.99, 0.99}, 2)); // flat, but still on the plateau
        assertFalse(StopRule.NONE.stopsAt(loss, 4));
        assertEquals("", StopRule.NONE.canonical());
        assertThrows(IllegalArgumentException.class, () -> new StopRule(-1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new StopRule(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new StopRule(5, -1e-3));
        assertThrows(IllegalArgumentException.class, () -> new StopRule(5, Double.NaN));
    }
}
