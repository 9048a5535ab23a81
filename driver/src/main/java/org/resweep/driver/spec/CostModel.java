package org.resweep.driver.spec;

import org.resweep.core.net.NetworkSpec;
import org.resweep.core.train.RunConfig;

/**
 * A rough estimate of one run's work in floating-point operations, used to order tasks longest-first and to print
 * a sweep's relative cost. Only ratios matter; the constants are operation counts of the straightforward
 * algorithms, not measurements. With d = width, L = depth, P = L·d², N = samples, C = Hessian checkpoints:
 *
 * <pre>
 *   epoch  = 6·L·d³            linear network (moment path: ~3 d×d products per layer, 2d³ flops each)
 *          = 6·L·d²·N          otherwise (data path: forward 2d²N, backward 4d²N per layer)
 *   hessian = 2·P·epoch        P Hessian-vector products, each about two gradients
 *   eig     = (4/3)·P³         symmetric eigenvalues (tridiagonal reduction dominates; Golub &amp; Van Loan §8.3)
 *   run     = (epochs + 1)·epoch + C·(hessian + eig)
 * </pre>
 *
 * Storing spectra costs no extra arithmetic. Divergence (early stop) is not foreseen: the estimate is an upper bound.
 */
public final class CostModel {
    private CostModel() {}

    /** Work of one loss-and-gradient evaluation. */
    public static double epoch(NetworkSpec net, int samples) {
        double d = net.width();
        double perLayer = net.isLinear() ? 6 * d * d * d : 6 * d * d * samples;
        return net.depth() * perLayer;
    }

    /** Work of one exact Hessian (without its eigenvalues). */
    public static double hessian(NetworkSpec net, int samples) { return 2.0 * net.numParams() * epoch(net, samples); }

    /** Work of the eigenvalues of a symmetric P×P matrix. */
    public static double eig(int p) { return 4.0 / 3.0 * p * (double) p * p; }

    /** Work of a whole run on a data set of {@code samples} samples. */
    public static double run(RunConfig c, int samples) {
        NetworkSpec net = c.net();
        int checkpoints = c.hessian().epochs(c.epochs()).length;
        return (c.epochs() + 1.0) * epoch(net, samples) + checkpoints * (hessian(net, samples) + eig(net.numParams()));
    }
}
