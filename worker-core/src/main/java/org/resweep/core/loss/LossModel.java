package org.resweep.core.loss;

import org.resweep.core.net.NetworkSpec;

/**
 * The training loss {@code L(W) = (1/(2N)) Σ_i ‖f(x_i) − y_i‖²} of a network on one data set, as a function of
 * the flat parameter vector (layout: {@link NetworkSpec}).
 *
 * <p>Implementations are not thread-safe (they keep scratch buffers); make one per thread.
 */
public interface LossModel {
    NetworkSpec spec();

    /** The loss at {@code w}. {@code w} is not modified. */
    double loss(double[] w);

    /**
     * The loss at {@code w}, writing its gradient into {@code grad}.
     *
     * @param w    parameters, length P. Not modified.
     * @param grad gradient, length P. Modified.
     */
    double lossAndGradient(double[] w, double[] grad);
}
