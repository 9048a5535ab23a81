package org.resweep.core.loss;

import java.util.Arrays;

import org.resweep.core.data.Dataset;
import org.resweep.core.net.NetworkSpec;

/**
 * The loss {@code L(W) = (1/2N) Σ_i ‖f(x_i) − y_i‖²} and its gradient by passes over the samples, for any
 * activation: forward and backward ({@link ChunkPass}) over chunks of {@link #CHUNK} samples, so a chunk's
 * activations across all layers stay in cache. The gradient of layer l is {@code Σ_i δ_l,i h_l,iᵀ}, summed with the
 * lane scheme of {@link Kernels} over the whole data set, so the gradient does not depend on the chunk size; all results are
 * bit-identical run to run. No allocation per call.
 */
public final class DataPath implements LossModel {
    /** Samples per chunk (multiple of 8): 256 was fastest of 128/256/512/1024 for d = 10, depth 10 (GD timing). */
    public static final int CHUNK = 256;

    private final NetworkSpec spec;
    private final Dataset data;
    private final ChunkPass pass;
    private final double[][] lanes;
    /**
     * Samples per partial sum of the loss: the loss is {@code Σ_b s_b} over consecutive blocks b of LOSS_BLOCK samples
     * (in order), {@code s_b} summed feature by feature, samples in order — whatever the chunk size.
     */
    public static final int LOSS_BLOCK = 256;
    /** Residuals {@code f − y} of the current loss block when chunks do not cover whole blocks; row q at q·LOSS_BLOCK. */
    private final double[] rbuf;

    public DataPath(NetworkSpec spec, Dataset data) {
        this(spec, data, CHUNK);
    }

    /**
     * With an explicit chunk size (a multiple of 8); results are identical for every chunk size (the gradient's
     * partial sums run over the whole data set, the loss's over blocks of {@link #LOSS_BLOCK} samples).
     */
    public DataPath(NetworkSpec spec, Dataset data, int chunk) {
        if (data.d() != spec.width()) {
            throw new IllegalArgumentException("dataset " + data.name() + ": width " + data.d()
                    + " does not match network width " + spec.width());
        }
        if (chunk < Kernels.LANES || chunk % Kernels.LANES != 0) {
            throw new IllegalArgumentException("chunk: " + chunk + " is not allowed; must be a positive multiple of 8");
        }
        this.spec = spec;
        this.data = data;
        this.pass = new ChunkPass(spec, Math.min(chunk, (data.n() + 7) / 8 * 8), true);
        int d = spec.width();
        this.lanes = new double[spec.depth()][d * d * Kernels.LANES];
        this.rbuf = new double[d * LOSS_BLOCK];
    }

    @Override public NetworkSpec spec() { return spec; }

    @Override
    public double loss(double[] w) {
        return run(w, null);
    }

    @Override
    public double lossAndGradient(double[] w, double[] grad) {
        if (grad.length != spec.numParams()) {
            throw new IllegalArgumentException("grad: length " + grad.length + ", expected " + spec.numParams());
        }
        return run(w, grad);
    }

    private double run(double[] w, double[] grad) {
        if (w.length != spec.numParams()) {
            throw new IllegalArgumentException("w: length " + w.length + ", expected " + spec.numParams());
        }
        pass.setWeights(w);
        if (grad != null) for (double[] l : lanes) Arrays.fill(l, 0.0);
        int n = data.n();
        double sum = 0;
        for (int start = 0; start < n; start += pass.capacity) {
            int cnt = Math.min(pass.capacity, n - start);
            pass.load(data, start, cnt);
            pass.forward();
            pass.outputGradient(n);
            sum = addLoss(sum, start, cnt, n);
            if (grad != null) pass.backward(lanes, false);
        }
        if (grad != null) {
            int d = spec.width();
            for (int l = 0; l < spec.depth(); l++) {
                int off = spec.offset(l);
                for (int p = 0; p < d; p++) {
                    for (int q = 0; q < d; q++) grad[off + q * d + p] = Kernels.reduceLanes(lanes[l], (p * d + q) * Kernels.LANES);
                }
            }
        }
        return sum / (2.0 * n);
    }

    /**
     * Adds the loaded chunk's squared residuals to {@code sum} by loss blocks ({@link #LOSS_BLOCK}): a block the chunk
     * covers whole is summed in place, the others through {@link #rbuf} once complete. Each block's sum starts at 0
     * and is one sequential chain, feature by feature, samples in order.
     */
    private double addLoss(double sum, int start, int cnt, int n) {
        double[] f = pass.u[pass.blocks.size()], y = pass.targets();
        int cap = pass.capacity, yN = pass.targetStride(), d = pass.d;
        for (int i0 = 0; i0 < cnt; ) {
            int pos = (start + i0) % LOSS_BLOCK;
            int blockLen = Math.min(LOSS_BLOCK, n - (start + i0 - pos));
            int len = Math.min(blockLen - pos, cnt - i0);
            if (pos == 0 && len == blockLen) { // the whole block is in this chunk
                double s = 0;
                for (int q = 0; q < d; q++) {
                    int o = q * cap + i0, yo = q * yN + start + i0;
                    for (int i = 0; i < len; i++) {
                        double r = f[o + i] - y[yo + i];
                        s += r * r;
                    }
                }
                sum += s;
            } else {
                for (int q = 0; q < d; q++) {
                    int o = q * cap + i0, yo = q * yN + start + i0, ro = q * LOSS_BLOCK + pos;
                    for (int i = 0; i < len; i++) rbuf[ro + i] = f[o + i] - y[yo + i];
                }
                if (pos + len == blockLen) {
                    double s = 0;
                    for (int q = 0; q < d; q++) {
                        int ro = q * LOSS_BLOCK;
                        for (int i = 0; i < blockLen; i++) {
                            double r = rbuf[ro + i];
                            s += r * r;
                        }
                    }
                    sum += s;
                            }
            }
            i0 += len;
        }
        return sum;
    }
}
