package org.resweep.core.train;

import java.util.List;

/**
 * What {@link Trainer#train} produced: the curves, the Hessian checkpoints and the final weights.
 *
 * @param status        {@link RunResult#OK} or {@link RunResult#DIVERGED}
 * @param epochsRun     gradient steps taken (= the epoch of the last recorded loss)
 * @param divergedEpoch epoch whose loss triggered divergence, or -1
 * @param lossCurve     loss at epochs 0..epochsRun
 * @param gradNormCurve gradient norm at epochs 0..epochsRun
 * @param checkpoints   Hessian checkpoints reached, ascending
 * @param finalWeights  weights at epoch epochsRun
 */
public record Trajectory(String status, int epochsRun, int divergedEpoch, double[] lossCurve, double[] gradNormCurve,
                         List<Checkpoint> checkpoints, double[] finalWeights) {

    public double initialLoss() { return lossCurve[0]; }

    public double finalLoss() { return lossCurve[epochsRun]; }

    public double finalGradNorm() { return gradNormCurve[epochsRun]; }

    /** Lowest finite loss on the curve (NaN if none is finite). */
    public double minLoss() {
        double m = Double.NaN;
        for (double v : lossCurve) {
            if (Double.isFinite(v) && !(v >= m)) m = v;
        }
        return m;
    }
}
