package org.resweep.core.train;

import org.resweep.core.eig.SpectrumStats;

/**
 * The state of a run at one Hessian checkpoint epoch.
 *
 * @param epoch               gradient steps taken (0 = initialisation)
 * @param loss                loss at that epoch
 * @param gradNorm            Euclidean norm of the gradient
 * @param stats               Hessian statistics (null where no Hessian was computed)
 * @param spectrum            sorted eigenvalues, or null unless the run stores spectra
 * @param weightNormMean      mean over layers of ‖W[l]‖_F ({@link org.resweep.core.net.WeightNorms#mean})
 * @param weightNormMax       max over layers of ‖W[l]‖_F
 * @param unitProductNormMean mean over units of ‖W[k,n]⋯W[k,1]‖_F ({@link org.resweep.core.net.WeightNorms#unitProductMean})
 * @param weights             the weights (parameter layout of {@link org.resweep.core.net.NetworkSpec}), or null
 *                            unless the run stores weights
 */
public record Checkpoint(int epoch, double loss, double gradNorm, SpectrumStats stats, double[] spectrum,
                         double weightNormMean, double weightNormMax, double unitProductNormMean, double[] weights)
        implements java.io.Serializable {

    /** A checkpoint without weight statistics (NaN) and without weights. */
    public Checkpoint(int epoch, double loss, double gradNorm, SpectrumStats stats, double[] spectrum) {
        this(epoch, loss, gradNorm, stats, spectrum, Double.NaN, Double.NaN, Double.NaN, null);
    }
}
