package org.resweep.core.train;

import java.util.List;

import org.resweep.core.data.Dataset;
import org.resweep.core.data.Datasets;
import org.resweep.core.data.Moments;
import org.resweep.core.eig.EigenBackend;
import org.resweep.core.eig.EigenBackends;
import org.resweep.core.hessian.DataHessian;
import org.resweep.core.hessian.HessianMethod;
import org.resweep.core.hessian.MomentHessian;
import org.resweep.core.loss.DataPath;
import org.resweep.core.loss.LossModel;
import org.resweep.core.loss.MomentPath;
import org.resweep.core.net.Initializer;
import org.resweep.core.net.NetworkSpec;

/**
 * One run as one pure call: {@link RunConfig} → {@link RunResult}. Loads the data set
 * ({@link Datasets#load}, cached), initialises the weights ({@link Initializer}, seed {@link RunConfig#seed()}),
 * picks the loss path — moments ({@link MomentPath}, {@link MomentHessian}) for linear networks, a pass over the
 * data ({@link DataPath}, {@link DataHessian}) otherwise — and trains ({@link Trainer}). With held-out data
 * ({@link RunConfig#testData()}) it evaluates the final weights on it ({@link HeldOut}; whitening fitted on the
 * training set only, {@link Datasets#loadHeldOut}); the wall time includes that.
 *
 * <p>Never throws for a bad run: any exception inside (unloadable data, width mismatch, a non-finite Hessian,
 * out of memory for a huge Hessian) becomes {@code status = failed} with the exception's class and message; a
 * diverging run is {@code status = diverged} (docs/model.md §4). The wall time covers everything from the call on,
 * data loading included.
 */
public final class Runner {
    /** {@link RunResult#lossPath()} of linear networks (loss and Hessian from second moments). */
    public static final String MOMENT = "moment";
    /** {@link RunResult#lossPath()} of networks with activations (loss and Hessian by passes over the data). */
    public static final String DATA = "data";

    private Runner() {}

    /**
     * The loss and Hessian of a network on a data set.
     *
     * @param name    {@link #MOMENT} or {@link #DATA}
     * @param loss    loss model
     * @param hessian exact Hessian of the same loss, or null when not asked for
     */
    public record Paths(String name, LossModel loss, HessianMethod hessian) {}

    /**
     * Moment path for linear networks, data path otherwise (one {@link Moments} shared by loss and Hessian).
     *
     * @param withHessian whether to build the Hessian method too (it holds O(L·d²·chunk) scratch on the data path
     *                    and refuses P &gt; 46340 on the moment path, so runs without checkpoints skip it)
     */
    public static Paths paths(NetworkSpec net, Dataset data, boolean withHessian) {
        if (net.width() != data.d()) {
            throw new IllegalArgumentException("width: the network's width " + net.width() + " does not match data set '"
                    + data.name() + "' with dimension " + data.d() + "; width must equal the data dimension");
        }
        if (net.isLinear()) {
            Moments m = data.moments();
            return new Paths(MOMENT, new MomentPath(net, m), withHessian ? new MomentHessian(net, m) : null);
        }
        return new Paths(DATA, new DataPath(net, data), withHessian ? new DataHessian(net, data) : null);
    }

    /** Loads the data set, then {@link #run(RunConfig, double[], Dataset, EigenBackend)} with the best backend. */
    public static RunResult run(RunConfig cfg) { return run(cfg, EigenBackends.best()); }

    /** Loads the data set, then {@link #run(RunConfig, double[], Dataset, EigenBackend)}. */
    public static RunResult run(RunConfig cfg, EigenBackend eigen) {
        long t0 = System.nanoTime();
        Loaded l = load(cfg, t0);
        return l.failure() != null ? l.failure() : run(cfg, null, l.data(), eigen, t0);
    }

    /**
     * The data set of a run, or — when it cannot be loaded — the run's failed result (no data hash).
     *
     * @param data    the loaded data set, or null
     * @param failure the failed result, or null
     */
    record Loaded(Dataset data, RunResult failure) {}

    /** Loads {@code cfg}'s data set; a failure becomes the run's failed result, timed from {@code t0} (nanoTime). */
    static Loaded load(RunConfig cfg, long t0) {
        try {
            return new Loaded(Datasets.load(cfg.dataset()), null);
        } catch (RuntimeException | OutOfMemoryError e) {
            return new Loaded(null, failed(cfg, e, "", t0));
        }
    }

    /** A run on an already loaded data set, initial weights from the configuration. */
    public static RunResult run(RunConfig cfg, Dataset data) { return run(cfg, null, data, EigenBackends.best()); }

    /**
     * A run on an already loaded data set.
     *
     * @param cfg            configuration (its {@code dataset} name is not used to load anything)
     * @param initialWeights weights to start from (e.g. {@code inspect --weights}), or null for
     *                       {@code Initializer.init(net, init, initScale, seed)}. Not modified.
     * @param data           the data set
     * @param eigen          eigen backend for the Hessian checkpoints
     */
    public static RunResult run(RunConfig cfg, double[] initialWeights, Dataset data, EigenBackend eigen) {
        return run(cfg, initialWeights, data, eigen, System.nanoTime());
    }

    private static RunResult run(RunConfig cfg, double[] initialWeights, Dataset data, EigenBackend eigen, long t0) {
        String hash = data.rawHash();
        try {
            NetworkSpec net = cfg.net();
            double[] w0 = initialWeights != null ? initialWeights
                    : Initializer.init(net, cfg.init(), cfg.initScale(), cfg.seed());
            Paths paths = paths(net, data, cfg.hessian().enabled());
            Trainer trainer = new Trainer(paths.loss(), paths.hessian(), eigen);
            Trajectory tr = trainer.train(w0, cfg.learningRate(), cfg.epochs(), cfg.hessian(), cfg.storeSpectrum(),
                    cfg.storeWeights(), cfg.stop());
            double[] test = {Double.NaN, Double.NaN};
            if (!cfg.testData().isEmpty() && allFinite(tr.finalWeights())) {
                test = HeldOut.lossAndAccuracy(net, tr.finalWeights(), Datasets.loadHeldOut(cfg.testData(), data.name()));
            }
            return result(cfg, tr, paths.name(), eigen.name(), hash, seconds(t0), test);
        } catch (RuntimeException | OutOfMemoryError e) {
            return failed(cfg, e, hash, t0);
        }
    }

    /**
     * The result of a trained run (the one place that turns a {@link Trajectory} into a {@link RunResult}; split runs,
     * {@link SplitRun}, assemble theirs with it too).
     *
     * @param eigenName backend name, recorded only when the run has checkpoints
     * @param test      held-out {loss, accuracy}, NaN when none
     */
    static RunResult result(RunConfig cfg, Trajectory tr, String lossPath, String eigenName, String hash, double wallSeconds,
                            double[] test) {
        String message = tr.divergedEpoch() >= 0
                ? "loss " + tr.finalLoss() + " at epoch " + tr.divergedEpoch() + " (initial " + tr.initialLoss()
                  + "): non-finite or above " + Trainer.DIVERGENCE_FACTOR + " × initial"
                : "";
        return new RunResult(cfg, tr.status(), message, tr.initialLoss(), tr.finalLoss(), tr.minLoss(),
                tr.finalGradNorm(), tr.epochsRun(), tr.divergedEpoch(), tr.lossCurve(), tr.gradNormCurve(),
                tr.checkpoints(), lossPath, tr.checkpoints().isEmpty() ? "" : eigenName, hash, wallSeconds,
                tr.weightNormCurve(), test[0], test[1]);
    }

    /** How a failure inside a run is reported in its {@code message}: the exception's class and message. */
    static String failureMessage(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** The result of a run that failed with {@code message}. */
    static RunResult failed(RunConfig cfg, String message, String hash, double wallSeconds) {
        return new RunResult(cfg, RunResult.FAILED, message, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, -1,
                new double[0], new double[0], List.of(), cfg.net().isLinear() ? MOMENT : DATA, "", hash, wallSeconds,
                new double[0], Double.NaN, Double.NaN);
    }

    /** The result of a run that failed with {@code e} ({@link #failureMessage}), timed from {@code t0} (nanoTime). */
    static RunResult failed(RunConfig cfg, Throwable e, String hash, long t0) {
        return failed(cfg, failureMessage(e), hash, seconds(t0));
    }

    static boolean allFinite(double[] w) {
        for (double v : w) if (!Double.isFinite(v)) return false;
        return true;
    }

    static double seconds(long t0) { return (System.nanoTime() - t0) * 1e-9; }
}
