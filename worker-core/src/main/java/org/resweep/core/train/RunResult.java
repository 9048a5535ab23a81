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
 */
public record RunResult(RunConfig config, String status, String message, double initialLoss, double finalLoss,
                        double minLoss, double finalGradNorm, int epochsRun, int divergedEpoch, double[] lossCurve,
                        double[] gradNormCurve, List<Checkpoint> checkpoints, String lossPath, String eigenBackend,
                        String dataHash, double wallSeconds) implements java.io.Serializable {
    public static final String OK = "ok";
    public static final String DIVERGED = "diverged";
    public static final String FAILED = "failed";
}
