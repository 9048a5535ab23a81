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

    public DataPath(NetworkSpec spec, Dataset data) {
        this(spec, data, CHUNK);
    }

    /** With an explicit chunk size (a multiple of 8); results are identical for every chunk size. */
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
            sum += pass.residual(n);
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
}
