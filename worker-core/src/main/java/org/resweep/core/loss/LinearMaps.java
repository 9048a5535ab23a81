package org.resweep.core.loss;

import java.util.List;
import org.resweep.core.data.Moments;
import org.resweep.core.net.Block;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.util.SquareOps;

/**
 * The linear maps of a <b>linear</b> network (plain or residual, any depth), as d × d row-major matrices:
 * the end-to-end map {@code M} ({@code f(x) = M x}) and, for every layer {@code a},
 * <ul>
 *   <li>{@code Pre_a}: input {@code x} ↦ input of layer a (so {@code z_a = W_a Pre_a x});</li>
 *   <li>{@code Post_a}: output {@code z_a} of layer a ↦ network output, holding the input of a's block fixed.</li>
 * </ul>
 * Then {@code ∂M/∂W_a = Post_a (dW_a) Pre_a}, since M is linear in each single matrix.
 *
 * <p>Recurrences (blocks from {@link NetworkSpec#blocks()}; a block with layers {@code f..e} maps
 * {@code u ↦ (skip ? u : 0) + W_e ⋯ W_f u}):
 * <pre>
 *   forward:  U = I;  per block: Pre_f = U, Pre_{m+1} = W_m Pre_m,  U ← (skip ? U : 0) + W_e Pre_e;   M = U
 *   backward: V = I;  per block, last to first: Post_e = V, Post_{m−1} = Post_m W_m,
 *             V ← (skip ? V : 0) + Post_f W_f
 * </pre>
 * Cost O(L d³); all buffers are allocated once, so {@link #forward}/{@link #backward} do not allocate.
 * Weights arrive in the parameter layout (column-major per matrix, see {@link NetworkSpec}) and are copied
 * row-major into {@link #weights()}. Not thread-safe.
 */
public final class LinearMaps {
    private final NetworkSpec spec;
    private final int[] first;
    private final int[] last;
    private final boolean[] skip;
    private final int d;
    private final int d2;
    private final double[] wr;
    private final double[] pre;
    private final double[] post;
    private final double[] m;
    private final double[] v;

    /** @throws IllegalArgumentException if the spec has a nonlinear activation somewhere */
    public LinearMaps(NetworkSpec spec) {
        requireLinear(spec, "LinearMaps");
        this.spec = spec;
        List<Block> blocks = spec.blocks();
        int nb = blocks.size();
        this.first = new int[nb];
        this.last = new int[nb];
        this.skip = new boolean[nb];
        for (int i = 0; i < nb; i++) {
            first[i] = blocks.get(i).firstLayer();
            last[i] = blocks.get(i).lastLayer();
            skip[i] = blocks.get(i).skip();
        }
        this.d = spec.width();
        this.d2 = d * d;
        int l = spec.depth();
        this.wr = new double[l * d2];
        this.pre = new double[l * d2];
        this.post = new double[l * d2];
        this.m = new double[d2];
        this.v = new double[d2];
    }

    /** Rejects a spec with an activation other than the identity; the message says what is allowed. */
    public static void requireLinear(NetworkSpec spec, String who) {
        if (!spec.isLinear()) {
            throw new IllegalArgumentException("activation: " + who + " supports linear networks only, but the spec has"
                    + " activation=" + spec.activation().id() + " at positions=" + spec.positions()
                    + "; allowed: activation=linear or no positions (use DataPath/DataHessian for nonlinear networks)");
        }
    }

    /** Rejects moments whose width or array sizes do not fit the spec. */
    public static void requireMatching(NetworkSpec spec, Moments mom) {
        int d = spec.width();
        if (mom.d() != d || mom.sxx().length != d * d || mom.sxy().length != d * d) {
            throw new IllegalArgumentException("moments: d=" + mom.d() + " (sxx length " + mom.sxx().length
                    + ", sxy length " + mom.sxy().length + ") does not match network width=" + d
                    + "; expected d=" + d + " and arrays of length " + d * d);
        }
    }

    /** Rejects a parameter vector of the wrong length. */
    public static void requireLength(NetworkSpec spec, double[] w, String field) {
        if (w.length != spec.numParams()) {
            throw new IllegalArgumentException(field + ": length " + w.length + " does not match P = depth·width² = "
                    + spec.numParams());
        }
    }

    public NetworkSpec spec() { return spec; }

    /**
     * Copies {@code w} row-major into {@link #weights()} and computes every {@code Pre_a} and {@code M}.
     *
     * @param w parameters in the layout of {@link NetworkSpec}. Not modified.
     */
    public void forward(double[] w) {
        requireLength(spec, w, "w");
        int layers = spec.depth();
        for (int a = 0; a < layers; a++) SquareOps.transpose(d, w, a * d2, wr, a * d2);
        SquareOps.setIdentity(d, m, 0);
        for (int bi = 0; bi < first.length; bi++) {
            int f = first[bi], e = last[bi];
            System.arraycopy(m, 0, pre, f * d2, d2);
            for (int k = f + 1; k <= e; k++) SquareOps.mult(d, wr, (k - 1) * d2, pre, (k - 1) * d2, pre, k * d2);
            if (skip[bi]) SquareOps.multAdd(d, wr, e * d2, pre, e * d2, m, 0);
            else SquareOps.mult(d, wr, e * d2, pre, e * d2, m, 0);
        }
    }

    /** Computes every {@code Post_a} from the weights of the last {@link #forward} call. */
    public void backward() {
        SquareOps.setIdentity(d, v, 0);
        backwardFrom();
    }

    /**
     * Computes {@code Λ Post_a} for every layer instead of {@code Post_a} (same recurrence started at
     * {@code V = Λ}): for the gradient, {@code Λ = G} gives {@code G Post_a} in one pass.
     *
     * @param left the d × d row-major matrix Λ. Not modified.
     */
    public void backward(double[] left) {
        System.arraycopy(left, 0, v, 0, d2);
        backwardFrom();
    }

    private void backwardFrom() {
        for (int bi = first.length - 1; bi >= 0; bi--) {
            int f = first[bi], e = last[bi];
            System.arraycopy(v, 0, post, e * d2, d2);
            for (int k = e - 1; k >= f; k--) SquareOps.mult(d, post, (k + 1) * d2, wr, (k + 1) * d2, post, k * d2);
            if (skip[bi]) SquareOps.multAdd(d, post, f * d2, wr, f * d2, v, 0);
            else SquareOps.mult(d, post, f * d2, wr, f * d2, v, 0);
        }
    }

    /**
     * {@code L = ½ tr(M Σxx Mᵀ) − tr(M Σxy) + ½ E‖y‖²} at the current {@code M}, and
     * {@code G = Σxx Mᵀ − Σxy} (so that {@code dL = tr(dM G)}).
     *
     * @param g output {@code G}, d × d row-major. Modified.
     */
    public double lossAndResidual(Moments mom, double[] g) {
        double[] sxx = mom.sxx(), sxy = mom.sxy();
        SquareOps.multTransB(d, sxx, 0, m, 0, g, 0); // g = Σxx Mᵀ
        // tr(M Σxx Mᵀ) = Σ_{p,q} M[p,q] (Σxx Mᵀ)[q,p];  tr(M Σxy) = Σ_{p,q} M[p,q] Σxy[q,p]
        double quad = 0, lin = 0;
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                double mpq = m[p * d + q];
                quad += mpq * g[q * d + p];
                lin += mpq * sxy[q * d + p];
            }
        }
        for (int i = 0; i < d2; i++) g[i] -= sxy[i];
        return 0.5 * quad - lin + 0.5 * mom.eyy();
    }

    /** Row-major weights {@code W_a} at offset {@code a·d²} (a view; do not modify). */
    public double[] weights() { return wr; }

    /** {@code Pre_a} at offset {@code a·d²} (a view; do not modify). */
    public double[] pre() { return pre; }

    /**
     * {@code Post_a} (or {@code Λ Post_a} after {@link #backward(double[])}) at offset {@code a·d²} (a view; do not
     * modify).
     */
    public double[] post() { return post; }

    /** The end-to-end map {@code M} (a view; do not modify). */
    public double[] endToEnd() { return m; }
}
