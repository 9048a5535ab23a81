package org.resweep.core.train;

import java.util.List;

/**
 * What one run produced. A diverged run (docs/model.md §4) is a result with {@code status = "diverged"}; a run that threw
 * is {@code "failed"} with the message — never an exception escaping {@code run}.
 *
 * @param config        the configuration
 * @param status        {@code ok}, {@code diverged} or {@code failed}
 * @param message       empty, or what went wrong
 * @param initialLoss   loss at epoch 0
 * @param finalLoss     loss at the last epoch reached (non-finite or huge for a diverged run)
 * @param minLoss       lowest loss seen
 * @param finalGradNorm gradient norm at the last epoch reached
 * @param epochsRun     gradient steps actually taken
 * @param divergedEpoch epoch at which divergence was detected, or -1
 * @param lossCurve     loss at epochs 0..epochsRun
 * @param gradNormCurve gradient norm at epochs 0..epochsRun
 * @param checkpoints   Hessian checkpoints, ascending by epoch
 * @param lossPath      {@code moment} or {@code data}
 * @param eigenBackend  eigen backend name, or empty when no Hessian was computed
 * @param dataHash      content hash of the raw data
 * @param wallSeconds   wall time of the run
 * @param weightNormCurve mean Frobenius norm of the weight matrices at epochs 0..epochsRun (empty if failed; null
 *                      from producers that do not record it)
 * @param testLoss      loss on the held-out set {@link RunConfig#testData()} at the last epoch (NaN if none, or if
 *                      the run failed or its weights are not finite)
 * @param testAccuracy  fraction of held-out samples whose largest output is their class (NaN likewise)
 */
public record RunResult(RunConfig config, String status, String message, double initialLoss, double finalLoss,
                        double minLoss, double finalGradNorm, int epochsRun, int divergedEpoch, double[] lossCurve,
                        double[] gradNormCurve, List<Checkpoint> checkpoints, String lossPath, String eigenBackend,
                        String dataHash, double wallSeconds, double[] weightNormCurve, double testLoss,
                        double testAccuracy) implements java.io.Serializable {
    public static final String OK = "ok";
    public static final String DIVERGED = "diverged";
    public static final String FAILED = "failed";

    /** A result without a weight-norm curve. */
    public RunResult(RunConfig config, String status, String message, double initialLoss, double finalLoss,
                     double minLoss, double finalGradNorm, int epochsRun, int divergedEpoch, double[] lossCurve,
                     double[] gradNormCurve, List<Checkpoint> checkpoints, String lossPath, String eigenBackend,
                     String dataHash, double wallSeconds) {
        this(config, status, message, initialLoss, finalLoss, minLoss, finalGradNorm, epochsRun, divergedEpoch, lossCurve,
                gradNormCurve, checkpoints, lossPath, eigenBackend, dataHash, wallSeconds, null, Double.NaN, Double.NaN);
    }

    /** {@link Trajectory#escapeEpoch(double[])} of the loss curve: -1 if the loss never fell below 0.9 × initial. */
    public int escapeEpoch() { return Trajectory.escapeEpoch(lossCurve); }
}
