package org.resweep.jobs.repro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExperimentTest {
    @Test
    void sweepNamesMapToExperimentsByIdAndDashSuffix() {
        assertEquals(Optional.of(Experiment.FIG7), Experiment.ofSweepName("fig7"));
        assertEquals(Optional.of(Experiment.FIG7), Experiment.ofSweepName("fig7-quick"));
        assertEquals(Optional.of(Experiment.FIG5_6), Experiment.ofSweepName("fig5-6-quick"));
        assertEquals(Optional.of(Experiment.FIG9), Experiment.ofSweepName("fig9-fashion-quick"));
        assertEquals(Optional.of(Experiment.THEOREM2), Experiment.ofSweepName("theorem2"));
        assertEquals(Optional.empty(), Experiment.ofSweepName("fig70"));
        assertEquals(Optional.empty(), Experiment.ofSweepName("example"));
        assertEquals("fig5-6-quick.yaml", Experiment.FIG5_6.specFile(true));
    }

    @Test
    void predictedN2SpectrumHasKdCopiesOfPlusMinusEachSingularValue() {
        // σ = (3, 1), K = 1, d = 2: each ±σ twice, ascending.
        assertArrayEquals(new double[] {-3, -3, -1, -1, 1, 1, 3, 3}, Theorem2Analysis.predictedSpectrum(new double[] {3, 1}, 1, 1, 2));
        assertEquals(3.0 / 1.0, Theorem2Analysis.predictedN2(new double[] {3, 1}, 1, 1, 2).cond(), 0.0);
        assertEquals(0.5, Theorem2Analysis.predictedN2(new double[] {3, 1}, 1, 3, 2).index(), 0.0);
    }
}
