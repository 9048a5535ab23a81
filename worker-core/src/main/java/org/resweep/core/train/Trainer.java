package org.resweep.core.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.resweep.core.eig.EigenBackend;
import org.resweep.core.eig.Spectrum;
import org.resweep.core.hessian.HessianMethod;
import org.resweep.core.loss.LossModel;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.net.WeightNorms;

/**
 * Full-batch gradient descent with a fixed learning rate (docs/model.md §4), with the exact Hessian spectrum at the
 * checkpoints of a {@link HessianSchedule} (docs/model.md §5).
 *
 * <p>Epoch t means the weights after t steps {@code w ← w − η·∇L(w)}. For t = 0..E the trainer evaluates
 * {@code L(w_t)} and {@code ∇L(w_t)}, records the loss, {@code ‖∇L(w_t)‖₂} and the mean Frobenius norm of the weight
 * matrices ({@link WeightNorms#mean}), then:
 * <ol>
 * <li>Divergence: if {@code L(w_t)} is non-finite or {@code > 1e6·L(w_0)}, the run stops at epoch t with status
 *     {@code diverged} and {@code divergedEpoch = t}. The diverging epoch gets <b>no</b> Hessian checkpoint (its
 *     Hessian is meaningless and may overflow); earlier checkpoints are kept. A non-finite initial loss is
 *     divergence at epoch 0.</li>
 * <li>If t is a schedule epoch: Hessian at w_t ({@link HessianMethod}), its eigenvalues ({@link EigenBackend}),
 *     {@link Spectrum#stats}; a {@link Checkpoint} with the spectrum if asked.</li>
 * <li>If t &lt; E: one gradient step.</li>
 * </ol>
 *
 * <p>Memory: one P-vector each for weights and gradient, three (E+1)-vectors for the curves (allocated once: the
 * epoch loop allocates nothing), and one P × P Hessian buffer allocated at the first
 * checkpoint and reused by every later one. The eigen backend may destroy it (LAPACK) or copy it once (EJML), so
 * the peak is ≤ 2·8P² bytes plus O(P); the statistics are computed from the eigenvalues only.
 *
 * <p>Exceptions of the loss, Hessian or eigen backend propagate; {@link Runner} turns them into failed results.
 * Not thread-safe (the loss model and the buffers are per instance).
 */
public final class Trainer {
    /** docs/model.md §4: a loss above this multiple of the initial loss is divergence. */
    public static final double DIVERGENCE_FACTOR = 1e6;

    private final LossModel model;
    private final HessianMethod hessian;
    private final EigenBackend eigen;
    private DMatrixRMaj hessianBuffer;

    /**
     * @param model   the loss
     * @param hessian the exact Hessian of the same loss (may be null if no schedule will ask for one)
     * @param eigen   eigen backend (may be null likewise)
     */
    public Trainer(LossModel model, HessianMethod hessian, EigenBackend eigen) {
        this.model = model;
        this.hessian = hessian;
        this.eigen = eigen;
    }

    /**
     * Trains from {@code w0}.
     *
     * @param w0            initial weights, length P. Not modified.
     * @param learningRate  step size η &gt; 0
     * @param epochs        number of steps E ≥ 0
     * @param schedule      Hessian checkpoints ({@link HessianSchedule#epochs(int)})
     * @param storeSpectrum whether checkpoints keep the sorted spectrum
     */
    public Trajectory train(double[] w0, double learningRate, int epochs, HessianSchedule schedule, boolean storeSpectrum) {
        return train(w0, learningRate, epochs, schedule, storeSpectrum, false);
    }

    /**
     * Trains from {@code w0}.
     *
     * @param w0            initial weights, length P. Not modified.
     * @param learningRate  step size η &gt; 0
     * @param epochs        number of steps E ≥ 0
     * @param schedule      Hessian checkpoints ({@link HessianSchedule#epochs(int)})
     * @param storeSpectrum whether checkpoints keep the sorted spectrum
     * @param storeWeights  whether checkpoints keep a copy of the weights
     */
    public Trajectory train(double[] w0, double learningRate, int epochs, HessianSchedule schedule, boolean storeSpectrum,
                            boolean storeWeights) {
        return train(w0, learningRate, epochs, schedule, storeSpectrum, storeWeights, StopRule.NONE);
    }

    /**
     * Trains from {@code w0} with a convergence rule ({@link StopRule}: the run may end at status ok before
     * {@code epochs}; see {@link #train(double[], double, int, int[], AtCheckpoint, StopRule)}).
     */
    public Trajectory train(double[] w0, double learningRate, int epochs, HessianSchedule schedule, boolean storeSpectrum,
                            boolean storeWeights, StopRule stop) {
        int[] hessianEpochs = schedule.epochs(epochs);
        if (hessianEpochs.length > 0 && (hessian == null || eigen == null)) {
            throw new IllegalStateException("trainer: the Hessian schedule asks for checkpoints but no Hessian method/eigen backend was given");
        }
        return train(w0, learningRate, epochs, hessianEpochs,
                (t, l, gn, w) -> checkpoint(t, l, gn, w, storeSpectrum, storeWeights), stop);
    }

    /**
     * What happens at a checkpoint epoch: {@link #checkpoint} (the Hessian, in the same task), or — when a run's
     * checkpoints are tasks of their own — recording the weights for them.
     */
    @FunctionalInterface
    public interface AtCheckpoint {
        /**
         * @param epoch    the checkpoint epoch
         * @param loss     L(w) at that epoch
         * @param gradNorm ‖∇L(w)‖₂ at that epoch
         * @param w        the weights, length P. Not modified (copy them to keep them: the trainer updates this array).
         * @return the checkpoint to record
         */
        Checkpoint at(int epoch, double loss, double gradNorm, double[] w);
    }

    /**
     * Trains from {@code w0}, calling {@code at} at every epoch of {@code hessianEpochs} the run reaches without
     * diverging (the loop of {@link #train(double[], double, int, HessianSchedule, boolean, boolean)}, whatever a
     * checkpoint does: the weights and curves are the same bits).
     *
     * @param w0            initial weights, length P. Not modified.
     * @param hessianEpochs checkpoint epochs, ascending. Not modified.
     */
    public Trajectory train(double[] w0, double learningRate, int epochs, int[] hessianEpochs, AtCheckpoint at) {
        return train(w0, learningRate, epochs, hessianEpochs, at, StopRule.NONE);
    }

    /**
     * As {@link #train(double[], double, int, int[], AtCheckpoint)}, with a convergence rule: after epoch t's loss (and
     * the divergence check), if {@link StopRule#stopsAt} the run ends at t with status ok ({@code epochsRun = t}); the
     * curves end at t, every step before is the full run's, bit for bit. Checkpoints after t are not taken; when the
     * schedule has one at the last epoch ({@code epochs}: the "end" of {@code init_end}), it is taken at t instead, so a
     * stopped run still has its end-of-training spectrum.
     */
    public Trajectory train(double[] w0, double learningRate, int epochs, int[] hessianEpochs, AtCheckpoint at, StopRule stop) {
        int p = model.spec().numParams();
        if (w0.length != p) {
            throw new IllegalArgumentException("weights: length " + w0.length + " does not match the network's P = " + p);
        }
        double[] w = w0.clone(), g = new double[p], loss = new double[epochs + 1], gradNorm = new double[epochs + 1];
        double[] weightNorm = new double[epochs + 1];
        NetworkSpec net = model.spec();
        List<Checkpoint> checkpoints = new ArrayList<>();
        int next = 0, t = 0, divergedEpoch = -1;
        boolean endCheckpoint = hessianEpochs.length > 0 && hessianEpochs[hessianEpochs.length - 1] == epochs;
        for (; ; t++) {
            double l = model.lossAndGradient(w, g);
            loss[t] = l;
            gradNorm[t] = norm(g);
            weightNorm[t] = WeightNorms.mean(net, w);
            if (!Double.isFinite(l) || l > DIVERGENCE_FACTOR * loss[0]) {
                divergedEpoch = t;
                break;
            }
            boolean stops = stop.stopsAt(loss, t);
            while (next < hessianEpochs.length && hessianEpochs[next] < t) next++;
            if ((next < hessianEpochs.length && hessianEpochs[next] == t) || (stops && endCheckpoint)) {
                checkpoints.add(at.at(t, l, gradNorm[t], w));
            }
            if (stops || t == epochs) break;
            for (int k = 0; k < p; k++) w[k] -= learningRate * g[k];
        }
        String status = divergedEpoch >= 0 ? RunResult.DIVERGED : RunResult.OK;
        return new Trajectory(status, t, divergedEpoch, Arrays.copyOf(loss, t + 1),
                Arrays.copyOf(gradNorm, t + 1), Arrays.copyOf(weightNorm, t + 1), List.copyOf(checkpoints), w);
    }

    /**
     * Hessian → eigenvalues → statistics at one epoch ({@code top_r = d²}), with the weight norms. The Hessian
     * buffer is reused (and destroyed): the Hessian methods overwrite every entry, so the result does not depend on
     * what an earlier checkpoint left in it.
     *
     * @param w weights at that epoch, length P. Not modified.
     */
    public Checkpoint checkpoint(int epoch, double loss, double gradNorm, double[] w, boolean storeSpectrum,
                                  boolean storeWeights) {
        hessianBuffer = hessian.hessian(w, hessianBuffer);
        double[] eig = eigen.eigenvalues(hessianBuffer);
        NetworkSpec net = model.spec();
        return new Checkpoint(epoch, loss, gradNorm, Spectrum.stats(eig, net.width() * net.width()),
                storeSpectrum ? eig : null, WeightNorms.mean(net, w), WeightNorms.max(net, w),
                WeightNorms.unitProductMean(net, w), storeWeights ? w.clone() : null);
    }

    /** Euclidean norm, summed in index order. {@code g} Not modified. */
    static double norm(double[] g) {
        double s = 0;
        for (double v : g) s += v * v;
        return Math.sqrt(s);
    }
}
