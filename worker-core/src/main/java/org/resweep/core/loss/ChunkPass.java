package org.resweep.core.loss;

import java.util.List;

import org.resweep.core.data.Dataset;
import org.resweep.core.net.Activation;
import org.resweep.core.net.Block;
import org.resweep.core.net.NetworkSpec;

/**
 * Forward and backward pass of a network over one chunk of samples, keeping every intermediate in preallocated
 * feature-major buffers (row q of a buffer at {@code q·capacity}; a chunk is padded with zero samples to a multiple
 * of 8). Shared by {@link DataPath} and {@code DataHessian}.
 *
 * <p>Per block k with input {@code u[k]}: {@code h[first] = pre(u[k])}, {@code z[l] = W[l] h[l]},
 * {@code h[l+1] = mid(z[l])}, {@code u[k+1] = (skip ? u[k] : 0) + post(z[last])}. Backward, with {@code gOut[k]} the
 * gradient with respect to {@code u[k+1]} (the last one {@code (f − y)/N}): {@code δ[last] = gOut[k] ⊙ post'(z[last])},
 * {@code gH[l] = W[l]ᵀ δ[l]}, {@code δ[l−1] = gH[l] ⊙ mid'(z[l−1])},
 * {@code gOut[k−1] = (skip ? gOut[k] : 0) + gH[first] ⊙ pre'(u[k])}; the weight gradient is {@code Σ_i δ[l] h[l]ᵀ}.
 *
 * <p>Element-wise steps that follow a product are fused into it ({@link Kernels#mul}'s epilogues: a ReLU layer's
 * or tanh activation, ReLU's derivative mask, tanh's derivative from the values, a skip connection's sum), saving a
 * pass over memory; the values are those of the separate passes, bit for bit.
 */
public final class ChunkPass {
    public final NetworkSpec spec;
    public final List<Block> blocks;
    public final int d, layers, capacity;
    /**
     * Block inputs u[0..K] (u[K] = network output), per layer h, z, δ and gH = Wᵀδ, per block gOut. With a linear
     * pre activation {@code h[first]} is the array {@code u[k]} itself, with a linear post activation
     * {@code delta[last]} is {@code gOut[k]} itself (no copies); read-only for callers.
     */
    public final double[][] u, h, z, delta, gH, gOut;
    /**
     * Per block: the values {@code post(z[last])} when the post activation has derivatives from its values
     * ({@link Activation#derivativesFromValue}), else null.
     */
    public final double[][] postVal;
    /** Per layer: W row-major ({@code a[l][p·d+q] = W(p,q)}) and Wᵀ row-major. */
    public final double[][] a, at;
    /** Targets of the loaded chunk: read in place from the data set ({@code yAll[q·yN + yStart + i]}). */
    private double[] yAll;
    private int yN, yStart;
    private int m, count;

    /** Whether this pass keeps only what the gradient needs (see {@link #ChunkPass(NetworkSpec, int, boolean)}). */
    public final boolean gradientOnly;

    /** A pass keeping every intermediate (as the Hessian needs). */
    public ChunkPass(NetworkSpec spec, int capacity) {
        this(spec, capacity, false);
    }

    /**
     * @param capacity     samples per chunk, a multiple of 8
     * @param gradientOnly when true, the products {@code z[l]} and {@code gH[l]} that the gradient reads only right
     *                     after computing them share one scratch buffer each across layers (the chunk's working set
     *                     roughly halves, so more of it stays in cache); {@code z[last]} keeps its own buffer when the
     *                     post activation's derivative needs it (ReLU). The numbers are the same either way; callers
     *                     that read {@code z} or {@code gH} after the pass (the Hessian) must pass false.
     */
    public ChunkPass(NetworkSpec spec, int capacity, boolean gradientOnly) {
        if (capacity % Kernels.LANES != 0) throw new IllegalArgumentException("capacity: " + capacity);
        this.gradientOnly = gradientOnly;
        this.spec = spec;
        this.blocks = List.copyOf(spec.blocks());
        this.d = spec.width();
        this.layers = spec.depth();
        this.capacity = capacity;
        int n = d * capacity;
        u = new double[blocks.size() + 1][n];
        h = new double[layers][n];
        z = new double[layers][];
        delta = new double[layers][n];
        gH = new double[layers][];
        double[] zScratch = gradientOnly ? new double[n] : null, gScratch = gradientOnly ? new double[n] : null;
        for (Block b : blocks) {
            for (int l = b.firstLayer(); l <= b.lastLayer(); l++) {
                boolean zKept = !gradientOnly
                        || l == b.lastLayer() && b.post() != Activation.LINEAR && !b.post().derivativesFromValue();
                z[l] = zKept ? new double[n] : zScratch;
                gH[l] = gradientOnly ? gScratch : new double[n];
            }
        }
        gOut = new double[blocks.size()][n];
        postVal = new double[blocks.size()][];
        for (int k = 0; k < blocks.size(); k++) {
            if (blocks.get(k).post().derivativesFromValue()) postVal[k] = new double[n];
        }
        // linear pre: h[first] is u[k] itself; linear post: δ[last] is gOut[k] itself (no copies)
        for (int k = 0; k < blocks.size(); k++) {
            Block b = blocks.get(k);
            if (b.pre() == Activation.LINEAR) h[b.firstLayer()] = u[k];
            if (b.post() == Activation.LINEAR) delta[b.lastLayer()] = gOut[k];
        }
        a = new double[layers][d * d];
        at = new double[layers][d * d];
    }

    /** Padded length (multiple of 8) of the loaded chunk. */
    public int m() { return m; }

    /** Real samples in the loaded chunk. */
    public int count() { return count; }

    /** Copies the weights into row-major W and Wᵀ. {@code w} is not modified. */
    public void setWeights(double[] w) {
        for (int l = 0; l < layers; l++) {
            int off = spec.offset(l);
            for (int j = 0; j < d; j++) {
                for (int i = 0; i < d; i++) {
                    double v = w[off + j * d + i];
                    a[l][i * d + j] = v;
                    at[l][j * d + i] = v;
                }
            }
        }
    }

    /** Loads samples {@code [start, start+cnt)} of {@code ds} into u[0], zero-padding to a multiple of 8 (targets are read in place). */
    public void load(Dataset ds, int start, int cnt) {
        if (cnt < 1 || cnt > capacity) throw new IllegalArgumentException("count: " + cnt);
        int n = ds.n();
        count = cnt;
        yAll = ds.y();
        yN = n;
        yStart = start;
        m = (cnt + Kernels.LANES - 1) / Kernels.LANES * Kernels.LANES;
        for (int q = 0; q < d; q++) {
            System.arraycopy(ds.x(), q * n + start, u[0], q * capacity, cnt);
            java.util.Arrays.fill(u[0], q * capacity + cnt, q * capacity + m, 0.0);
        }
    }

    /** Forward pass of the loaded chunk with the weights of the last {@link #setWeights}. */
    public void forward() {
        for (int k = 0; k < blocks.size(); k++) {
            Block b = blocks.get(k);
            if (h[b.firstLayer()] != u[k]) Elementwise.apply(b.pre(), u[k], h[b.firstLayer()], d, capacity, m);
            boolean fusedOut = b.post() == Activation.LINEAR && b.skip();
            for (int l = b.firstLayer(); l <= b.lastLayer(); l++) {
                if (l == b.lastLayer() && fusedOut) { // u[k+1] = u[k] + z[last], as blockOut
                    Kernels.mul(a[l], d, h[l], 0, capacity, z[l], 0, capacity, m, Kernels.STORE_ADD, u[k], u[k + 1]);
                } else if (l < b.lastLayer() && b.mid() == Activation.RELU) {
                    Kernels.mul(a[l], d, h[l], 0, capacity, z[l], 0, capacity, m, Kernels.STORE_RELU, null, h[l + 1]);
                } else if (l < b.lastLayer() && b.mid() == Activation.TANH) {
                    Kernels.mul(a[l], d, h[l], 0, capacity, z[l], 0, capacity, m, Kernels.STORE_TANH, null, h[l + 1]);
                } else {
                    Kernels.mul(a[l], d, h[l], 0, capacity, z[l], 0, capacity, m);
                    if (l < b.lastLayer()) Elementwise.apply(b.mid(), z[l], h[l + 1], d, capacity, m);
                }
            }
            double[] pv = postVal[k];
            if (fusedOut) {
                continue;
            } else if (pv == null) {
                Elementwise.blockOut(b.post(), b.skip(), u[k], z[b.lastLayer()], u[k + 1], d, capacity, m);
            } else { // keep post(z) for the derivatives; u[k+1] gets the same sum as blockOut's
                Elementwise.apply(b.post(), z[b.lastLayer()], pv, d, capacity, m);
                double[] in = u[k], out = u[k + 1];
                for (int q = 0; q < d; q++) {
                    int o = q * capacity;
                    if (b.skip()) { for (int i = o; i < o + m; i++) out[i] = in[i] + pv[i]; }
                    else System.arraycopy(pv, o, out, o, m);
                }
            }
        }
    }

    /** Sets {@code gOut[K−1] = (f − y)/N} (zero on padding): {@link #residual} without the sum of squares. */
    public void outputGradient(int totalN) {
        double[] f = u[blocks.size()], g = gOut[blocks.size() - 1], y = yAll;
        for (int q = 0; q < d; q++) {
            int o = q * capacity, yo = q * yN + yStart;
            for (int i = 0; i < count; i++) g[o + i] = (f[o + i] - y[yo + i]) / totalN;
            java.util.Arrays.fill(g, o + count, o + m, 0.0);
        }
    }

    /** Offset of sample 0 of the loaded chunk's targets in {@link #targets()} row q: {@code q·targetStride() + targetStart()}. */
    public int targetStart() { return yStart; }

    /** Row stride of {@link #targets()} (the data set's N). */
    public int targetStride() { return yN; }

    /** The loaded data set's targets, feature-major (read-only). */
    public double[] targets() { return yAll; }

    /**
     * Sets {@code gOut[K−1] = (f − y)/N} (zero on padding) and returns {@code Σ ‖f − y‖²} over the chunk's real
     * samples, summed feature by feature in sample order.
     */
    public double residual(int totalN) {
        double[] f = u[blocks.size()], g = gOut[blocks.size() - 1], y = yAll;
        double sum = 0;
        for (int q = 0; q < d; q++) {
            int o = q * capacity, yo = q * yN + yStart;
            // two loops: the division vectorises; the sum is one sequential chain (its order fixes the loss's bits)
            for (int i = 0; i < count; i++) g[o + i] = (f[o + i] - y[yo + i]) / totalN;
            for (int i = 0; i < count; i++) {
                double r = f[o + i] - y[yo + i];
                sum += r * r;
            }
            java.util.Arrays.fill(g, o + count, o + m, 0.0);
        }
        return sum;
    }

    /**
     * Backward pass from {@code gOut[K−1]}. When {@code lanes} is not null, adds the lane partial sums of
     * {@code Σ_i δ[l] h[l]ᵀ} into {@code lanes[l]} (see {@link Kernels#outerLanes}); when {@code full}, also
     * computes {@code gH} of the first layer (needed by the Hessian, not by the gradient).
     *
     * @param lanes per-layer lane accumulators of length d²·8, or null. Modified.
     */
    public void backward(double[][] lanes, boolean full) {
        for (int k = blocks.size() - 1; k >= 0; k--) {
            Block b = blocks.get(k);
            int last = b.lastLayer(), first = b.firstLayer();
            if (delta[last] != gOut[k]) {
                Elementwise.mulD1(b.post(), z[last], postVal[k], gOut[k], delta[last], false, d, 1, capacity, m);
            }
            boolean fusedIn = k > 0 && b.pre() == Activation.LINEAR && b.skip();
            for (int l = last; l >= first; l--) {
                if (lanes != null) Kernels.outerLanes(lanes[l], delta[l], 0, h[l], 0, capacity, d, m);
                if (l == first && fusedIn) { // gOut[k−1] = gOut[k] + gH[first], as mulD1 + addTo
                    Kernels.mul(at[l], d, delta[l], 0, capacity, gH[l], 0, capacity, m, Kernels.STORE_ADD, gOut[k], gOut[k - 1]);
                } else if (l > first && b.mid() == Activation.RELU) {
                    // mask h[l] = relu(z[l−1]): h[l] > 0 exactly when z[l−1] > 0
                    Kernels.mul(at[l], d, delta[l], 0, capacity, gH[l], 0, capacity, m, Kernels.STORE_MASKED, h[l], delta[l - 1]);
                } else if (l > first && b.mid() == Activation.TANH) { // δ[l−1] = (1 − h[l]²) ⊙ gH[l], as mulD1 from values
                    Kernels.mul(at[l], d, delta[l], 0, capacity, gH[l], 0, capacity, m, Kernels.STORE_TANH_D, h[l], delta[l - 1]);
                } else {
                    if (l > first || k > 0 || full) Kernels.mul(at[l], d, delta[l], 0, capacity, gH[l], 0, capacity, m);
                    if (l > first) Elementwise.mulD1(b.mid(), z[l - 1], h[l], gH[l], delta[l - 1], false, d, 1, capacity, m);
                }
            }
            if (k > 0 && !fusedIn) {
                double[] g = gOut[k - 1];
                Elementwise.mulD1(b.pre(), u[k], h[first], gH[first], g, false, d, 1, capacity, m);
                if (b.skip()) Elementwise.addTo(gOut[k], g, d, capacity, m);
            }
        }
    }
}
