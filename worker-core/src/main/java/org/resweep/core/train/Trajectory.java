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
 * @param weightNormCurve mean Frobenius norm of the weight matrices at epochs 0..epochsRun
 * @param checkpoints   Hessian checkpoints reached, ascending
 * @param finalWeights  weights at epoch epochsRun
 */
public record Trajectory(String status, int epochsRun, int divergedEpoch, double[] lossCurve, double[] gradNormCurve,
                         double[] weightNormCurve, List<Checkpoint> checkpoints, double[] finalWeights) {

    /** A trajectory without a weight-norm curve (empty). */
    public Trajectory(String status, int epochsRun, int divergedEpoch, double[] lossCurve, double[] gradNormCurve,
                      List<Checkpoint> checkpoints, double[] finalWeights) {
        this(status, epochsRun, divergedEpoch, lossCurve, gradNormCurve, new double[0], checkpoints, finalWeights);
    }

    public double initialLoss() { return lossCurve[0]; }

    public double finalLoss() { return lossCurve[epochsRun]; }

    public double finalGradNorm() { return gradNormCurve[epochsRun]; }

    /** {@link #escapeEpoch(double[])} of the loss curve. */
    public int escapeEpoch() { return escapeEpoch(lossCurve); }

    /** An epoch escapes when its loss is below this multiple of the initial loss. */
    public static final double ESCAPE_FACTOR = 0.9;

    /**
     * The escape epoch: the first epoch t ≥ 1 with {@code loss[t] < 0.9·loss[0]} (the end of the plateau around
     * the initial saddle), or -1 if there is none (or the initial loss is not finite).
     *
     * @param lossCurve loss at epochs 0..E. Not modified.
     */
    public static int escapeEpoch(double[] lossCurve) {
        if (lossCurve == null || lossCurve.length == 0 || !Double.isFinite(lossCurve[0])) return -1;
        double bound = ESCAPE_FACTOR * lossCurve[0];
        for (int t = 1; t < lossCurve.length; t++) {
            if (lossCurve[t] < bound) return t;
        }
        return -1;
    }

    /** Lowest finite loss on the curve (NaN if none is finite). */
    public double minLoss() {
        double m = Double.NaN;
        for (double v : lossCurve) {
            if (Double.isFinite(v) && !(v >= m)) m = v;
        }
        return m;
    }
}
