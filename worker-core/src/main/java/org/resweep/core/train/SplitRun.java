package org.resweep.core.train;

import java.util.List;

import org.resweep.core.data.Dataset;
import org.resweep.core.data.Datasets;
import org.resweep.core.eig.EigenBackend;
import org.resweep.core.net.Initializer;
import org.resweep.core.net.NetworkSpec;

/**
 * One run in stages, for runs whose Hessian checkpoints dominate their cost: {@link #train} runs the gradient descent
 * and hands the weights at every checkpoint epoch to a {@link WeightSink} instead of computing the Hessian; each
 * {@link #checkpoint} then computes one checkpoint's Hessian, spectrum and statistics from those weights (anywhere,
 * in any order, in parallel); {@link #assemble} puts the pieces together.
 *
 * <p>The result is the {@link RunResult} {@link Runner#run(RunConfig)} returns for the same configuration, bit for
 * bit except {@code wallSeconds}: the training loop is the same ({@link Trainer#train(double[], double, int, int[],
 * Trainer.AtCheckpoint)}), gradient descent depends only on the current weights, and a checkpoint is the same call
 * ({@link Trainer#checkpoint}) on the same weights. Failures keep the one-task rules: a checkpoint that throws makes
 * the run {@code failed} with that checkpoint's message (the first failing checkpoint in epoch order, as the one-task
 * run stops at it), a failing held-out evaluation comes after every checkpoint, and a failure of the training itself
 * is the run's failure. (One difference remains: a training failure after a checkpoint that would have failed reports
 * the training's message; training steps do not throw for numerical reasons — divergence is a status.)
 */
public final class SplitRun {
    private SplitRun() {}

    /** Receives the weights at each checkpoint epoch during {@link #train}. */
    @FunctionalInterface
    public interface WeightSink {
        /**
         * @param epoch the checkpoint epoch
         * @param w     the weights at that epoch, length P. Not modified; only valid during the call (copy or write it).
         * @throws SinkException if the weights cannot be kept (an infrastructure failure: it propagates out of
         *                       {@link #train} instead of becoming a failed run)
         */
        void put(int epoch, double[] w);
    }

    /** A {@link WeightSink} failure: not a property of the run, so not turned into a failed result. */
    public static final class SinkException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SinkException(String message, Throwable cause) { super(message, cause); }
    }

    /**
     * What the training stage produced.
     *
     * @param partial      the run's result with checkpoint placeholders (epoch, loss, gradient norm; no Hessian
     *                     statistics, no weights) — or, for a run that failed while training, its final failed result
     * @param heldOutFailure message of a failed held-out evaluation ({@code ""}: none): reported only when no
     *                     checkpoint fails, as the one-task run evaluates the held-out data after its checkpoints
     */
    public record Trained(RunResult partial, String heldOutFailure) implements java.io.Serializable {
        public Trained {
            heldOutFailure = heldOutFailure == null ? "" : heldOutFailure;
        }

        /** The checkpoint placeholders, ascending by epoch (empty for a failed run). */
        public List<Checkpoint> checkpoints() { return partial.checkpoints(); }
    }

    /**
     * The training stage: loads the data, builds the loss (and, as the one-task run does, checks that the Hessian
     * can be built), trains, and evaluates the held-out data.
     *
     * @param sink receives the weights at every checkpoint epoch reached (ascending)
     * @throws SinkException only if {@code sink} failed
     */
    public static Trained train(RunConfig cfg, WeightSink sink) {
        long t0 = System.nanoTime();
        Runner.Loaded loaded = Runner.load(cfg, t0);
        if (loaded.failure() != null) return new Trained(loaded.failure(), "");
        Dataset data = loaded.data();
        String hash = data.rawHash();
        if (cfg.stop().enabled()) {
            throw new IllegalArgumentException("split run: a run with a convergence rule (stop) is never split: its checkpoint epochs are not known before it trains");
        }
        try {
            NetworkSpec net = cfg.net();
            double[] w0 = Initializer.init(net, cfg.init(), cfg.initScale(), cfg.seed());
            Runner.Paths paths = Runner.paths(net, data, cfg.hessian().enabled());
            Trainer trainer = new Trainer(paths.loss(), null, null);
            Trajectory tr = trainer.train(w0, cfg.learningRate(), cfg.epochs(), cfg.hessian().epochs(cfg.epochs()),
                    (t, l, gn, w) -> {
                        sink.put(t, w);
                        return new Checkpoint(t, l, gn, null, null);
                    });
            double[] test = {Double.NaN, Double.NaN};
            String heldOutFailure = "";
            try {
                if (!cfg.testData().isEmpty() && Runner.allFinite(tr.finalWeights())) {
                    test = HeldOut.lossAndAccuracy(net, tr.finalWeights(), Datasets.loadHeldOut(cfg.testData(), data.name()));
                }
            } catch (RuntimeException | OutOfMemoryError e) {
                heldOutFailure = Runner.failureMessage(e);
            }
            return new Trained(Runner.result(cfg, tr, paths.name(), "", hash, Runner.seconds(t0), test), heldOutFailure);
        } catch (SinkException e) {
            throw e;
        } catch (RuntimeException | OutOfMemoryError e) {
            return new Trained(Runner.failed(cfg, e, hash, t0), "");
        }
    }

    /**
     * One checkpoint: the exact Hessian at {@code w}, its eigenvalues and statistics ({@link Trainer#checkpoint}).
     *
     * @param placeholder the training stage's checkpoint at this epoch (epoch, loss, gradient norm)
     * @param w           the weights at that epoch, length P. Not modified.
     * @throws RuntimeException or {@link OutOfMemoryError} as the one-task run would meet it; report it with
     *                          {@link #failureMessage}
     */
    public static Checkpoint checkpoint(RunConfig cfg, Checkpoint placeholder, double[] w, EigenBackend eigen) {
        Dataset data = Datasets.load(cfg.dataset());
        Runner.Paths paths = Runner.paths(cfg.net(), data, true);
        return new Trainer(paths.loss(), paths.hessian(), eigen).checkpoint(placeholder.epoch(), placeholder.loss(),
                placeholder.gradNorm(), w, cfg.storeSpectrum(), cfg.storeWeights());
    }

    /** How a checkpoint's failure is reported: the one-task run's message for the same exception. */
    public static String failureMessage(Throwable e) { return Runner.failureMessage(e); }

    /**
     * The run's result from its stages.
     *
     * @param trained     the training stage
     * @param checkpoints the checkpoints, aligned with {@code trained.checkpoints()} (null where one failed). Not modified.
     * @param failures    aligned failure messages ({@code null} or {@code ""} where none). Not modified.
     * @param eigenName   the eigen backend name of the checkpoints
     * @param wallSeconds the run's wall time (training and checkpoints)
     */
    public static RunResult assemble(Trained trained, List<Checkpoint> checkpoints, List<String> failures, String eigenName,
                                     double wallSeconds) {
        RunResult p = trained.partial();
        RunConfig cfg = p.config();
        if (RunResult.FAILED.equals(p.status())) return Runner.failed(cfg, p.message(), p.dataHash(), wallSeconds);
        int n = p.checkpoints().size();
        if (checkpoints.size() != n || failures.size() != n) {
            throw new IllegalArgumentException("checkpoints: " + checkpoints.size() + " results and " + failures.size()
                    + " failures for " + n + " checkpoint epochs");
        }
        for (int i = 0; i < n; i++) {
            String f = failures.get(i);
            if (f != null && !f.isEmpty()) return Runner.failed(cfg, f, p.dataHash(), wallSeconds);
            Checkpoint c = checkpoints.get(i);
            if (c == null || c.epoch() != p.checkpoints().get(i).epoch()) {
                throw new IllegalArgumentException("checkpoints: result " + i + " is not the checkpoint of epoch "
                        + p.checkpoints().get(i).epoch());
            }
        }
        if (!trained.heldOutFailure().isEmpty()) return Runner.failed(cfg, trained.heldOutFailure(), p.dataHash(), wallSeconds);
        return new RunResult(cfg, p.status(), p.message(), p.initialLoss(), p.finalLoss(), p.minLoss(), p.finalGradNorm(),
                p.epochsRun(), p.divergedEpoch(), p.lossCurve(), p.gradNormCurve(), List.copyOf(checkpoints), p.lossPath(),
                n == 0 ? "" : eigenName, p.dataHash(), wallSeconds, p.weightNormCurve(), p.testLoss(), p.testAccuracy());
    }
}
