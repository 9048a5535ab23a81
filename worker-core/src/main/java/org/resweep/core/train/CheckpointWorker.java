package org.resweep.core.train;

import java.lang.ref.SoftReference;

import org.resweep.core.data.Dataset;
import org.resweep.core.data.Datasets;
import org.resweep.core.eig.EigenBackend;
import org.resweep.core.eig.EigenBackends;
import org.resweep.core.net.NetworkSpec;

/**
 * Computes a split run's checkpoints ({@link SplitRun#checkpoint}) on one thread, keeping the Hessian method and the
 * P × P Hessian buffer from one checkpoint to the next, as the one-task run's {@link Trainer} does — so a thread that
 * computes many checkpoints of a run (a Spark executor's task thread running its checkpoint tasks) allocates the
 * 8P² bytes once, not once per checkpoint.
 *
 * <p>Why it matters: the one-stage native LAPACK call ({@code dsyevd} through netlib's JNI, {@link
 * org.resweep.core.eig.LapackEigen}) holds its matrix in a JNI critical region for the whole eigenvalue computation
 * (≈ 0.5 s at P = 2000), and with G1 a garbage collection that another thread needs in that time waits for the region
 * to end (a "GCLocker Initiated GC"), stalling the allocating thread. A fresh P × P buffer per checkpoint
 * is a humongous allocation that asks for such a collection nearly every time: measured on 2 cores, two threads doing
 * 41 checkpoints at P = 2000 took 13.2–13.4 s with a fresh buffer per checkpoint against 10.5–11.3 s reusing one per
 * thread (same thread CPU time; the difference is waiting). The two-stage backend ({@link
 * org.resweep.core.eig.LapackTwoStageEigen}, the default where the library has it) copies the matrix to native memory
 * and holds no critical region; reusing the buffer still saves a humongous allocation per checkpoint.
 *
 * <p>Results are bit-identical to {@link SplitRun#checkpoint}: {@link Trainer#checkpoint} overwrites every entry of the
 * buffer and the Hessian methods keep no state between calls that the result depends on (the one-task run reuses
 * both across its checkpoints already). A worker serves one network on one loaded data set with one eigen backend;
 * {@link #forThisThread} builds a new one when any of them changes, and after a checkpoint that threw (so nothing a
 * failed computation left behind is reused). The per-thread worker is softly referenced: the garbage collector frees
 * its buffer before an {@link OutOfMemoryError}. Not thread-safe (one per thread).
 */
public final class CheckpointWorker {
    private static final ThreadLocal<SoftReference<CheckpointWorker>> PER_THREAD = new ThreadLocal<>();

    private final NetworkSpec net;
    private final Dataset data;
    private final EigenBackend eigen;
    private final Trainer trainer;

    /**
     * A worker for the checkpoints of runs with {@code cfg}'s network and data set.
     *
     * @param eigen the eigen backend (kept)
     * @throws RuntimeException or {@link OutOfMemoryError} as {@link SplitRun#checkpoint} would meet it loading the data
     *                          or building the Hessian method (e.g. a width that does not match the data set)
     */
    public CheckpointWorker(RunConfig cfg, EigenBackend eigen) {
        this.net = cfg.net();
        this.data = Datasets.load(cfg.dataset());
        this.eigen = eigen;
        Runner.Paths paths = Runner.paths(net, data, true);
        this.trainer = new Trainer(paths.loss(), paths.hessian(), eigen);
    }

    /**
     * This thread's worker for {@code cfg}'s network and data set with the best eigen backend
     * ({@link EigenBackends#best()}): the one kept from the previous call if it serves the same network, the same
     * loaded data set and the same backend, else a new one (kept for the next call).
     *
     * @throws RuntimeException or {@link OutOfMemoryError} as {@link #CheckpointWorker(RunConfig, EigenBackend)}
     */
    public static CheckpointWorker forThisThread(RunConfig cfg) {
        SoftReference<CheckpointWorker> ref = PER_THREAD.get();
        CheckpointWorker k = ref == null ? null : ref.get();
        EigenBackend best = EigenBackends.best();
        if (k != null && k.serves(cfg, best)) return k;
        PER_THREAD.remove(); // let the old buffer go before allocating the new one
        k = new CheckpointWorker(cfg, best);
        PER_THREAD.set(new SoftReference<>(k));
        return k;
    }

    /** Drops this thread's worker, if any (its buffer becomes garbage). */
    public static void releaseThisThread() { PER_THREAD.remove(); }

    /** Whether this worker computes {@code cfg}'s checkpoints exactly as a new one with {@code eigen} would. */
    boolean serves(RunConfig cfg, EigenBackend other) {
        return net.equals(cfg.net()) && data == Datasets.load(cfg.dataset()) && eigen.getClass() == other.getClass()
                && eigen.name().equals(other.name());
    }

    /**
     * The name of the eigen backend that computed the last checkpoint's eigenvalues ({@link EigenBackend#lastUsed()}: the
     * two-stage routine's fallback when it failed on that matrix); before any checkpoint, the first backend tried.
     */
    public String eigenName() { return eigen.lastUsed(); }

    /**
     * One checkpoint: the same result as {@link SplitRun#checkpoint}{@code (cfg, placeholder, w, eigen)}.
     *
     * @param cfg         the run; its network and data set must be this worker's
     * @param placeholder the training stage's checkpoint at this epoch (epoch, loss, gradient norm)
     * @param w           the weights at that epoch, length P. Not modified.
     * @throws IllegalArgumentException if {@code cfg} has another network
     * @throws RuntimeException or {@link OutOfMemoryError} as the one-task run would meet it; report it with
     *                          {@link SplitRun#failureMessage}. This thread's worker is dropped then.
     */
    public Checkpoint checkpoint(RunConfig cfg, Checkpoint placeholder, double[] w) {
        if (!net.equals(cfg.net())) {
            throw new IllegalArgumentException("checkpoint worker: built for " + net + ", asked for " + cfg.net());
        }
        try {
            return trainer.checkpoint(placeholder.epoch(), placeholder.loss(), placeholder.gradNorm(), w, cfg.storeSpectrum(),
                    cfg.storeWeights());
        } catch (RuntimeException | OutOfMemoryError e) {
            SoftReference<CheckpointWorker> ref = PER_THREAD.get();
            if (ref != null && ref.get() == this) PER_THREAD.remove();
            throw e;
        }
    }
}
