package org.resweep.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.resweep.core.data.Datasets;
import org.resweep.core.eig.EigenBackends;
import org.resweep.core.net.Activation;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.net.Position;

/**
 * {@link CheckpointWorker}: one thread's worker, kept across checkpoints of several runs taken in any order (its
 * Hessian buffer reused), gives the bits of a fresh {@link SplitRun#checkpoint} per checkpoint; it is kept for the same
 * network and data set, replaced for another, and dropped after a checkpoint that threw.
 */
class CheckpointWorkerTest {
    @AfterEach
    void release() { CheckpointWorker.releaseThisThread(); }

    /** A trained run: its placeholders and the weights at each checkpoint epoch. */
    private record Trained(RunConfig cfg, List<Checkpoint> marks, Map<Integer, double[]> weights) {}

    private static Trained train(RunConfig cfg) {
        Map<Integer, double[]> saved = new HashMap<>();
        SplitRun.Trained t = SplitRun.train(cfg, (epoch, w) -> saved.put(epoch, w.clone()));
        return new Trained(cfg, t.checkpoints(), saved);
    }

    private static void assertSameCheckpoint(Checkpoint x, Checkpoint y) {
        assertEquals(x.epoch(), y.epoch());
        assertEquals(x.stats(), y.stats(), "stats at epoch " + x.epoch()); // record equals: bitwise on doubles
        assertArrayEquals(x.spectrum(), y.spectrum(), "spectrum at epoch " + x.epoch());
        assertArrayEquals(x.weights(), y.weights());
        assertEquals(Double.doubleToRawLongBits(x.weightNormMean()), Double.doubleToRawLongBits(y.weightNormMean()));
        assertEquals(Double.doubleToRawLongBits(x.unitProductNormMean()), Double.doubleToRawLongBits(y.unitProductNormMean()));
    }

    @Test
    void aKeptWorkerGivesTheBitsOfAFreshCheckpointInAnyOrderAcrossRuns() {
        RunConfig deep = new RunConfig("mnist10k", NetworkSpec.linear(6, 2, 10), InitKind.SMALL, 0.01, 0.1, 12, 0,
                HessianSchedule.every(3), true, true);
        RunConfig shallow = new RunConfig("mnist10k", NetworkSpec.linear(3, 1, 10), InitKind.XAVIER, 1.0, 0.05, 12, 0,
                HessianSchedule.every(4), true, false);
        RunConfig relu = new RunConfig(Datasets.EMBEDDED_TRAIN, new NetworkSpec(2, 2, 10, Activation.RELU,
                EnumSet.of(Position.MID)), InitKind.XAVIER, 1.0, 0.05, 8, 1, HessianSchedule.every(4), true, false);
        List<Trained> runs = List.of(train(deep), train(shallow), train(relu));
        // every checkpoint of the three runs, interleaved (run 0 last first, then run 1, run 2, run 0 ...): the worker
        // is kept while consecutive checkpoints share a network, replaced when the network changes
        List<int[]> order = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            for (int r = 0; r < runs.size(); r++) {
                int n = runs.get(r).marks().size();
                if (k < n) order.add(new int[] {r, n - 1 - k});
                if (r == 0 && k < n - 1) order.add(new int[] {r, n - 2 - k}); // two of run 0 in a row: the worker is kept
            }
        }
        CheckpointWorker previous = null;
        int previousRun = -1, kept = 0;
        for (int[] at : order) {
            Trained t = runs.get(at[0]);
            Checkpoint mark = t.marks().get(at[1]);
            double[] w = t.weights().get(mark.epoch());
            CheckpointWorker k = CheckpointWorker.forThisThread(t.cfg());
            if (at[0] == previousRun) {
                assertSame(previous, k, "kept for the same network and data");
                kept++;
            } else if (previous != null) {
                assertNotSame(previous, k, "replaced for another network");
            }
            Checkpoint got = k.checkpoint(t.cfg(), mark, w);
            assertEquals(EigenBackends.best().name(), k.eigenName());
            assertSameCheckpoint(SplitRun.checkpoint(t.cfg(), mark, w, EigenBackends.best()), got);
            previous = k;
            previousRun = at[0];
        }
        assertEquals(true, kept >= 3, "the order has consecutive checkpoints of one run: " + kept);
    }

    @Test
    void aWorkerIsDroppedAfterAFailingCheckpointAndRefusesAnotherNetwork() {
        RunConfig cfg = new RunConfig("mnist10k", NetworkSpec.linear(3, 1, 10), InitKind.XAVIER, 1.0, 0.05, 4, 0,
                HessianSchedule.INIT_AND_END, false);
        Trained t = train(cfg);
        Checkpoint mark = t.marks().get(0);
        double[] w = t.weights().get(mark.epoch());
        CheckpointWorker k = CheckpointWorker.forThisThread(cfg);
        Checkpoint before = k.checkpoint(cfg, mark, w);

        double[] bad = w.clone();
        bad[0] = Double.NaN; // a non-finite Hessian: the eigen backend refuses it
        RuntimeException e = assertThrows(RuntimeException.class, () -> k.checkpoint(cfg, mark, bad));
        RuntimeException fresh = assertThrows(RuntimeException.class,
                () -> SplitRun.checkpoint(cfg, mark, bad, EigenBackends.best()));
        assertEquals(SplitRun.failureMessage(fresh), SplitRun.failureMessage(e), "the one-task run's failure message");

        CheckpointWorker after = CheckpointWorker.forThisThread(cfg);
        assertNotSame(k, after, "a worker whose checkpoint threw is not kept");
        assertSameCheckpoint(before, after.checkpoint(cfg, mark, w));

        RunConfig other = new RunConfig("mnist10k", NetworkSpec.linear(2, 1, 10), InitKind.XAVIER, 1.0, 0.05, 4, 0,
                HessianSchedule.INIT_AND_END, false);
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> after.checkpoint(other, mark, Arrays.copyOf(w, other.net().numParams())));
        assertEquals(true, wrong.getMessage().startsWith("checkpoint worker: built for "), wrong.getMessage());
    }
}
