package org.resweep.driver.spec;

import org.resweep.core.net.NetworkSpec;
import org.resweep.core.train.RunConfig;

/**
 * An estimate of one run's wall time, in seconds of one core of the reference machine (2-core Xeon with AVX-512,
 * Java 17, native LAPACK; the constants below are fitted to {@code benchmarks/results/2026-11-27-vm.md}). It orders
 * tasks longest-first, sizes task groups ({@code TaskGrouping}), drives the progress ETA and tells a user where the
 * time goes; on another machine the absolute numbers scale, the ratios hold. With d = width, L = depth, P = L·d²,
 * N = samples, C = Hessian checkpoints:
 *
 * <pre>
 *   epoch   = 2.3e-9·L·d³          linear network (moment path: 1000 epochs at L = 100, d = 10: 0.20 s measured)
 *           = 2.2e-10·L·d²·N       otherwise (data path: 1000 epochs at L = 10, N = 10⁴: 2.4 s measured, ×0.73 with
 *             + 2.5e-9·A·d·N        the fused kernels of issue 10, old vs new on one machine), plus, for tanh and the
 *                                   symmetric sigmoid, 2.5 ns per activation value (resweep's SIMD tanh and its
 *                                   derivative pass; A = activated positions per sample and feature, see
 *                                   {@link #smoothActivations}): tanh at mid of a depth-10 2-shortcut net ≈ ×1.6 ReLU
 *   hessian = 3.5e-9·P²            moment path (P = 2000: 14 ms measured)
 *           = 3.3e-11·P²·N         data path, ReLU (P = 1000: 0.67 s, P = 2000: 2.8 s measured at N = 10⁴, ×0.7 with
 *                                   the kernels of issue 10, ×0.6-0.85 with the sample lists of the Hessian kernel, old
 *                                   vs new on one machine: benchmarks/results/2026-12-01-vm-hessian3.md);
 *                                   ×1.5 with tanh or the symmetric sigmoid (no samples skipped; measured at P = 1000)
 *   eig     = 5.1e-11·P³ + 2.8e-8·P²   LAPACK dsyevd_2stage, one thread (thread CPU time on fig4's Hessians: P = 1000
 *                                   0.080 s, 2000 0.51 s, 4000 3.73 s, 6400 14.6 s; the fit is within 2 %. The P² term
 *                                   is the bulge chasing of the second stage. With the one-stage dsyevd fallback:
 *                                   0.06, 0.58, 6.6, 27.9 s; EJML ~13× more)
 *   test    = 2.2e-10·L·d²·N_test  (+ the activation term) with test_data: one pass over the N_test held-out samples with the final weights,
 *                                   always on the data path (HeldOut; costed as a data-path epoch: an upper bound, the
 *                                   pass has no backward half); once per run, at its end, not per epoch
 *   run     = 1e-3 + (epochs + 1)·epoch + C·(hessian + eig) + test      (1 ms: initialisation, result assembly)
 * </pre>
 *
 * Storing spectra or weights costs nothing extra. Divergence (early stop) is not foreseen: the estimate is an upper bound.
 */
public final class CostModel {
    /** Seconds of fixed work per run (initialisation, moments lookup, result assembly). */
    public static final double RUN_OVERHEAD = 1e-3;
    /** Seconds per layer and epoch per d³ on the moment path. */
    public static final double MOMENT_EPOCH = 2.3e-9;
    /** Seconds per layer and epoch per d²·N on the data path. */
    public static final double DATA_EPOCH = 2.2e-10;
    /** Seconds per P² of a moment-path Hessian. */
    public static final double MOMENT_HESSIAN = 3.5e-9;
    /**
     * Seconds per P²·N of a data-path Hessian (ReLU; session 6's source-side skip made it 0.80–0.90× of 3.3e-11,
     * {@code benchmarks/results/2026-12-01-vm-hessian4.md}).
     */
    public static final double DATA_HESSIAN = 2.8e-11;
    /**
     * Seconds per P³ of all eigenvalues of a symmetric P × P matrix (LAPACK {@code dsyevd_2stage}, one thread; fitted
     * with {@link #EIG_SIZE} to {@code benchmarks/results/2026-12-01-vm-eig2.md}).
     */
    public static final double EIG = 5.1e-11;
    /**
     * Seconds per P² of the eigenvalues: the size term, the second stage's bulge chasing on the band (O(P²·kd) flops,
     * bound by memory latency); 30 % of the time at P = 1000, 4 % at P = 6400.
     */
    public static final double EIG_SIZE = 2.8e-8;
    /**
     * Seconds per activation value of tanh or the symmetric sigmoid on the data path (forward value and backward
     * derivative pass; measured 2.2–2.7 ns by thread CPU time, against 21.6 ns with {@code StrictMath.tanh} before).
     */
    public static final double SMOOTH_VALUE = 2.5e-9;
    /**
     * Factor on a data-path Hessian with tanh or the symmetric sigmoid against ReLU, whose contraction skips the
     * samples where a unit is off (measured 1.87 at P = 1000 after session 6's source-side skip, 1.48 before it;
     * 1.06–1.12 before the first skip). 1.8 with {@link #DATA_HESSIAN} 2.8e-11 keeps tanh Hessians at their measured cost.
     */
    public static final double SMOOTH_HESSIAN = 1.8;

    private CostModel() {}

    /** Seconds of one loss-and-gradient evaluation. */
    public static double epoch(NetworkSpec net, int samples) {
        double d = net.width();
        if (net.isLinear()) return net.depth() * MOMENT_EPOCH * d * d * d;
        return dataPass(net, samples);
    }

    /** Seconds of one data-path pass over {@code samples} samples: the products plus the smooth activations. */
    static double dataPass(NetworkSpec net, int samples) {
        double d = net.width();
        return net.depth() * DATA_EPOCH * d * d * samples + SMOOTH_VALUE * smoothActivations(net) * d * samples;
    }

    /**
     * Activated positions per sample and feature with tanh or the symmetric sigmoid (0 for linear and ReLU networks,
     * whose activations are fused into the products): per block, pre and post count 1 each and mid counts once per
     * layer after the first.
     */
    public static int smoothActivations(NetworkSpec net) {
        if (net.isLinear() || !net.activation().derivativesFromValue()) return 0;
        int a = 0;
        for (org.resweep.core.net.Block b : net.blocks()) {
            if (b.pre().derivativesFromValue()) a++;
            if (b.mid().derivativesFromValue()) a += b.size() - 1;
            if (b.post().derivativesFromValue()) a++;
        }
        return a;
    }

    /**
     * The cost of a data-path epoch of {@code net} against the same network with ReLU at the same positions (1 for
     * linear and ReLU networks): how much the activation adds.
     */
    public static double activationFactor(NetworkSpec net, int samples) {
        if (net.isLinear()) return 1.0;
        double d = net.width();
        return dataPass(net, samples) / (net.depth() * DATA_EPOCH * d * d * samples);
    }

    /** Seconds of one exact Hessian (without its eigenvalues). */
    public static double hessian(NetworkSpec net, int samples) {
        double p = net.numParams();
        if (net.isLinear()) return MOMENT_HESSIAN * p * p;
        return DATA_HESSIAN * p * p * samples * (net.activation().derivativesFromValue() ? SMOOTH_HESSIAN : 1.0);
    }

    /** Seconds of the eigenvalues of a symmetric P×P matrix. */
    public static double eig(int p) {
        double pp = (double) p * p;
        return EIG * pp * p + EIG_SIZE * pp;
    }

    /** Seconds of a whole run on a data set of {@code samples} samples, without held-out data. */
    public static double run(RunConfig c, int samples) {
        return run(c, samples, 0);
    }

    /**
     * Seconds of a whole run on a data set of {@code samples} samples, evaluated at its end on {@code testSamples}
     * held-out samples (0: no test data).
     */
    public static double run(RunConfig c, int samples, int testSamples) {
        NetworkSpec net = c.net();
        return RUN_OVERHEAD + (c.epochs() + 1.0) * epoch(net, samples) + checkpoints(c, samples) + heldOut(net, testSamples);
    }

    /** Seconds of one Hessian checkpoint (the Hessian and its eigenvalues). */
    public static double checkpoint(NetworkSpec net, int samples) {
        return hessian(net, samples) + eig(net.numParams());
    }

    /** Seconds of all of a run's Hessian checkpoints: {@code C·(hessian + eig)}, the part a split run spreads out. */
    public static double checkpoints(RunConfig c, int samples) {
        return c.hessian().count(c.epochs()) * checkpoint(c.net(), samples);
    }

    /** Seconds of one pass over {@code testSamples} held-out samples (the data path whatever the network; 0 for none). */
    public static double heldOut(NetworkSpec net, int testSamples) {
        return dataPass(net, testSamples);
    }
}
