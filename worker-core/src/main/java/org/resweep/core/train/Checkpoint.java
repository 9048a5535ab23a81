package org.resweep.core.train;

import org.resweep.core.eig.SpectrumStats;

/**
 * The state of a run at one Hessian checkpoint epoch.
 *
 * @param epoch    gradient steps taken (0 = initialisation)
 * @param loss     loss at that epoch
 * @param gradNorm Euclidean norm of the gradient
 * @param stats    Hessian statistics (null where no Hessian was computed)
 * @param spectrum sorted eigenvalues, or null unless the run stores spectra
 */
public record Checkpoint(int epoch, double loss, double gradNorm, SpectrumStats stats, double[] spectrum) implements java.io.Serializable {}
