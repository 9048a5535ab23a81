package org.resweep.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.resweep.core.data.Datasets;
import org.resweep.core.eig.EigenBackend;
import org.resweep.core.eig.EigenBackends;
import org.resweep.core.net.Activation;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.net.Position;

/**
 * {@link SplitRun}: training, then every checkpoint on its own (in reverse epoch order, each with a fresh Hessian
 * method and buffer), then assembly, gives the bits of the one-task {@link Runner#run} — moment and data paths,
 * spectra and weights stored, diverging runs, held-out data, and failing checkpoints.
 */
class SplitRunTest {
    private static RunResult split(RunConfig cfg, EigenBackend eigen) {
        Map<Integer, double[]> saved = new HashMap<>();
        SplitRun.Trained t = SplitRun.train(cfg, (epoch, w) -> saved.put(epoch, w.clone()));
        List<Checkpoint> marks = t.checkpoints();
        Checkpoint[] done = new Checkpoint[marks.size()];
        String[] failures = new String[marks.size()];
        for (int i = marks.size() - 1; i >= 0; i--) { // any order: here the last first
            try {
                done[i] = SplitRun.checkpoint(cfg, marks.get(i), saved.get(marks.get(i).epoch()), eigen);
            } catch (RuntimeException e) {
                failures[i] = SplitRun.failureMessage(e);
            }
        }
        return SplitRun.assemble(t, Arrays.asList(done), Arrays.asList(failures), eigen.name(), 1.0);
    }

    private static void assertSameRun(RunResult a, RunResult b) {
        assertEquals(a.config(), b.config());
        assertEquals(a.status(), b.status());
        assertEquals(a.message(), b.message());
        for (String f : List.of("initialLoss", "finalLoss", "minLoss", "finalGradNorm", "testLoss", "testAccuracy")) {
            assertEquals(Double.doubleToRawLongBits(value(a, f)), Double.doubleToRawLongBits(value(b, f)), f);
        }
        assertEquals(a.epochsRun(), b.epochsRun());
        assertEquals(a.divergedEpoch(), b.divergedEpoch());
        assertArrayEquals(a.lossCurve(), b.lossCurve());
        assertArrayEquals(a.gradNormCurve(), b.gradNormCurve());
        assertArrayEquals(a.weightNormCurve(), b.weightNormCurve());
        assertEquals(a.lossPath(), b.lossPath());
        assertEquals(a.eigenBackend(), b.eigenBackend());
        assertEquals(a.dataHash(), b.dataHash());
        assertEquals(a.checkpoints().size(), b.checkpoints().size());
        for (int i = 0; i < a.checkpoints().size(); i++) {
            Checkpoint x = a.checkpoints().get(i), y = b.checkpoints().get(i);
            assertEquals(x.epoch(), y.epoch());
            assertEquals(x.loss(), y.loss(), 0.0);
            assertEquals(x.gradNorm(), y.gradNorm(), 0.0);
            assertEquals(x.stats(), y.stats(), "stats at epoch " + x.epoch()); // record equals: bitwise on doubles
            assertArrayEquals(x.spectrum(), y.spectrum(), "spectrum at epoch " + x.epoch());
            assertArrayEquals(x.weights(), y.weights());
            assertEquals(Double.doubleToRawLongBits(x.weightNormMean()), Double.doubleToRawLongBits(y.weightNormMean()));
            assertEquals(Double.doubleToRawLongBits(x.weightNormMax()), Double.doubleToRawLongBits(y.weightNormMax()));
            assertEquals(Double.doubleToRawLongBits(x.unitProductNormMean()), Double.doubleToRawLongBits(y.unitProductNormMean()));
        }
    }

    private static double value(RunResult r, String f) {
        return switch (f) {
            case "initialLoss" -> r.initialLoss();
            case "finalLoss" -> r.finalLoss();
            case "minLoss" -> r.minLoss();
            case "finalGradNorm" -> r.finalGradNorm();
            case "testLoss" -> r.testLoss();
            default -> r.testAccuracy();
        };
    }

    private static void assertSplitEqualsOneTask(RunConfig cfg, EigenBackend eigen) {
        RunResult one = Runner.run(cfg, eigen), split = split(cfg, eigen);
        assertSameRun(one, split);
        assertEquals(1.0, split.wallSeconds(), 0.0, "the assembled wall time is the caller's");
    }

    @Test
    void linearRunWithSpectraAndWeightsIsBitIdentical() {
        RunConfig cfg = new RunConfig("mnist10k", NetworkSpec.linear(4, 2, 10), InitKind.SMALL, 0.01, 0.1, 20, 0,
                HessianSchedule.every(5), true, true);
        assertSplitEqualsOneTask(cfg, EigenBackends.best());
        assertSplitEqualsOneTask(cfg, EigenBackends.ejml());
    }

    @Test
    void reluRunOnTheDataPathWithHeldOutDataIsBitIdentical() {
        NetworkSpec relu = new NetworkSpec(2, 2, 10, Activation.RELU, EnumSet.of(Position.MID));
        RunConfig cfg = new RunConfig(Datasets.EMBEDDED_TRAIN, relu, InitKind.XAVIER, 1.0, 0.05, 10, 1,
                HessianSchedule.every(5), true, false, Datasets.EMBEDDED_TEST);
        RunResult one = Runner.run(cfg);
        assertEquals(Runner.DATA, one.lossPath());
        assertTrue(Double.isFinite(one.testLoss()));
        assertSplitEqualsOneTask(cfg, EigenBackends.best());
    }

    @Test
    void divergingRunKeepsTheCheckpointsBeforeDivergence() {
        RunConfig cfg = new RunConfig("mnist10k", NetworkSpec.linear(4, 2, 10), InitKind.SMALL, 0.01, 2.0, 200, 0,
                HessianSchedule.every(1), false);
        RunResult one = Runner.run(cfg);
        assertEquals(RunResult.DIVERGED, one.status());
        assertSplitEqualsOneTask(cfg, EigenBackends.best());
    }

    @Test
    void failingCheckpointsFailTheRunWithTheFirstFailuresMessage() {
        // a backend that fails at every checkpoint, with a message that differs per checkpoint (its trace): the
        // one-task run stops at the first, so the split run must report the first in epoch order, whatever order the
        // checkpoints ran in
        EigenBackend failing = new EigenBackend() {
            @Override public String name() { return "failing"; }

            @Override public double[] eigenvalues(DMatrixRMaj a) {
                double tr = 0;
                for (int i = 0; i < a.numRows; i++) tr += a.get(i, i);
                throw new IllegalStateException("no eigenvalues for trace " + tr);
            }
        };
        RunConfig cfg = new RunConfig("mnist10k", NetworkSpec.linear(4, 1, 10), InitKind.XAVIER, 1.0, 0.05, 6, 0,
                HessianSchedule.every(2), false);
        RunResult one = Runner.run(cfg, failing);
        assertEquals(RunResult.FAILED, one.status());
        assertTrue(one.message().startsWith("IllegalStateException: no eigenvalues for trace "), one.message());
        assertSplitEqualsOneTask(cfg, failing);
    }

    @Test
    void aFailedTrainingIsTheRunsResult() {
        RunConfig cfg = new RunConfig("idx:/nonexistent/resweep-split-test", NetworkSpec.linear(2, 2, 10), InitKind.ZERO,
                1.0, 0.1, 3, 0, HessianSchedule.INIT_AND_END, false);
        List<Integer> sunk = new ArrayList<>();
        SplitRun.Trained t = SplitRun.train(cfg, (e, w) -> sunk.add(e));
        assertEquals(RunResult.FAILED, t.partial().status());
        assertTrue(sunk.isEmpty());
        assertSplitEqualsOneTask(cfg, EigenBackends.best());
    }
}
