package org.resweep.core.hessian;

import java.util.Arrays;
import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.resweep.core.data.Dataset;
import org.resweep.core.loss.ChunkPass;
import org.resweep.core.loss.Elementwise;
import org.resweep.core.loss.Kernels;
import org.resweep.core.net.Block;
import org.resweep.core.net.NetworkSpec;

/**
 * The exact P × P Hessian of {@code L(W) = (1/2N) Σ_i ‖f(x_i) − y_i‖²} by passes over the samples, for any activation
 * (all second-order terms: σ'' and the residual times the network's curvature).
 *
 * <p>A perturbation of {@code W_a(r,s)} reaches the network only through {@code z_a}, by {@code h_a[s]} in coordinate r.
 * With {@code δ_b = ∂ℓ_i/∂z_b} (ℓ_i the sample's loss share, 1/N included), for b ≥ a:
 * <pre>  ∂²L / ∂W_b(p,q) ∂W_a(r,s) = Σ_i h_a[s] · ( D_b[p,r] h_b[q] + δ_b[p] J_b[q,r] ),
 *   J_b = ∂h_b/∂z_a (forward tangent, d directions; 0 for b = a),  D_b = ∂δ_b/∂z_a (backward R-op).</pre>
 * Per chunk of samples and per source layer a, the tangents are propagated for all d directions at once (layout
 * [feature][direction][sample]): forward {@code ż = W ḣ, ḣ = σ'(z) ⊙ ż}, {@code u̇' = (skip ? u̇ : 0) + post'(z) ⊙ ż};
 * backward from {@code ġ = u̇_K / N}: {@code δ̇ = ġ ⊙ σ'(z) + g ⊙ σ''(z) ⊙ ż} at every activation, {@code ġH = Wᵀ δ̇}.
 * Blocks b ≥ a are then contracted over the chunk ({@link Kernels#pairBlock}); blocks b < a follow by symmetry and
 * diagonal blocks are symmetrised, so the result is exactly symmetric. Cost ≈ L²/2 · d⁴ · N multiply-adds.
 */
public final class DataHessian implements HessianMethod {
    /** Samples per chunk (multiple of 8). */
    public static final int CHUNK = 256;

    private final NetworkSpec spec;
    private final Dataset data;
    private final ChunkPass pass;
    private final List<Block> blocks;
    private final int[] blockOf;
    private final int d, s, dirBlock;
    private final double[][] zdot, hdot, ddot, udot;
    private final double[] gdot, gtmp, zeros, lanes;

    public DataHessian(NetworkSpec spec, Dataset data) {
        if (data.d() != spec.width()) {
            throw new IllegalArgumentException("dataset " + data.name() + ": width " + data.d()
                    + " does not match network width " + spec.width());
        }
        this.spec = spec;
        this.data = data;
        this.d = spec.width();
        this.s = Math.min(CHUNK, (data.n() + 7) / 8 * 8);
        this.pass = new ChunkPass(spec, s);
        this.blocks = pass.blocks;
        this.blockOf = new int[spec.depth()];
        for (int k = 0; k < blocks.size(); k++) {
            for (int l = blocks.get(k).firstLayer(); l <= blocks.get(k).lastLayer(); l++) blockOf[l] = k;
        }
        int L = spec.depth();
        this.dirBlock = d * d * s;
        zdot = new double[L][dirBlock];
        hdot = new double[L][dirBlock];
        ddot = new double[L][dirBlock];
        udot = new double[blocks.size() + 1][dirBlock];
        gdot = new double[dirBlock];
        gtmp = new double[dirBlock];
        zeros = new double[s];
        lanes = new double[20 * Kernels.LANES + d * s];
    }

    @Override public NetworkSpec spec() { return spec; }

    @Override
    public DMatrixRMaj hessian(double[] w, DMatrixRMaj out) {
        int pp = spec.numParams();
        if (w.length != pp) throw new IllegalArgumentException("w: length " + w.length + ", expected " + pp);
        if (out == null) out = new DMatrixRMaj(pp, pp);
        out.reshape(pp, pp);
        double[] hess = out.data;
        Arrays.fill(hess, 0, pp * pp, 0.0);
        pass.setWeights(w);
        int n = data.n();
        for (int start = 0; start < n; start += s) {
            pass.load(data, start, Math.min(s, n - start));
            pass.forward();
            pass.residual(n);
            pass.backward(null, true);
            for (int a = 0; a < spec.depth(); a++) {
                tangents(a);
                contract(a, hess, pp);
            }
        }
        symmetrise(hess, pp);
        return out;
    }

    /** Forward tangent and backward R-op for the d directions e_r at z_a, for the loaded chunk. */
    private void tangents(int a) {
        int m = pass.m(), cap = s, kA = blockOf[a];
        // ż_a = identity in each sample
        double[] za = zdot[a];
        Arrays.fill(za, 0.0);
        for (int q = 0; q < d; q++) Arrays.fill(za, (q * d + q) * cap, (q * d + q) * cap + m, 1.0);
        int K = blocks.size();
        for (int k = kA; k < K; k++) {
            Block b = blocks.get(k);
            int from;
            if (k == kA) {
                from = a + 1;
            } else {
                Elementwise.mulD1(b.pre(), pass.u[k], pass.h[b.firstLayer()], udot[k], hdot[b.firstLayer()], false, d, d, cap, m);
                mulDirs(pass.a[b.firstLayer()], hdot[b.firstLayer()], zdot[b.firstLayer()], m);
                from = b.firstLayer() + 1;
            }
            for (int c = from; c <= b.lastLayer(); c++) {
                Elementwise.mulD1(b.mid(), pass.z[c - 1], pass.h[c], zdot[c - 1], hdot[c], false, d, d, cap, m);
                mulDirs(pass.a[c], hdot[c], zdot[c], m);
            }
            double[] next = udot[k + 1];
            Elementwise.mulD1(b.post(), pass.z[b.lastLayer()], pass.postVal[k], zdot[b.lastLayer()], next, false, d, d, cap, m);
            if (b.skip() && k > kA) addInto(udot[k], next, m);
        }
        // backward R-op: gdot = tangent of the gradient at the current block's output
        double[] fdot = udot[K];
        int cnt = pass.count(), n = data.n();
        for (int q = 0; q < d * d; q++) {
            int o = q * cap;
            for (int i = 0; i < cnt; i++) gdot[o + i] = fdot[o + i] / n;
            Arrays.fill(gdot, o + cnt, o + m, 0.0); // padding samples contribute nothing
        }
        for (int k = K - 1; k >= kA; k--) {
            Block b = blocks.get(k);
            int last = b.lastLayer(), first = b.firstLayer(), stop = k == kA ? a : first;
            Elementwise.mulD1(b.post(), pass.z[last], pass.postVal[k], gdot, ddot[last], false, d, d, cap, m);
            Elementwise.addD2(b.post(), pass.z[last], pass.postVal[k], pass.gOut[k], zdot[last], ddot[last], d, d, cap, m);
            for (int c = last; c > stop; c--) {
                mulDirs(pass.at[c], ddot[c], gtmp, m);
                Elementwise.mulD1(b.mid(), pass.z[c - 1], pass.h[c], gtmp, ddot[c - 1], false, d, d, cap, m);
                Elementwise.addD2(b.mid(), pass.z[c - 1], pass.h[c], pass.gH[c], zdot[c - 1], ddot[c - 1], d, d, cap, m);
            }
            if (k > kA) {
                mulDirs(pass.at[first], ddot[first], gtmp, m);
                // new gdot = (skip ? gdot : 0) + pre'(u) ⊙ gtmp + pre''(u) ⊙ gH[first] ⊙ u̇
                if (!b.skip()) Arrays.fill(gdot, 0.0);
                Elementwise.mulD1(b.pre(), pass.u[k], pass.h[first], gtmp, gdot, b.skip(), d, d, cap, m);
                Elementwise.addD2(b.pre(), pass.u[k], pass.h[first], pass.gH[first], udot[k], gdot, d, d, cap, m);
            }
        }
    }

    /** {@code out = W · in} for every direction: rows of the [feature][direction][sample] layout. */
    private void mulDirs(double[] rowMajor, double[] in, double[] out, int m) {
        for (int r = 0; r < d; r++) {
            Kernels.mul(rowMajor, d, in, r * s, d * s, out, r * s, d * s, m);
        }
    }

    private void addInto(double[] src, double[] dst, int m) {
        for (int q = 0; q < d * d; q++) {
            int o = q * s;
            for (int i = o; i < o + m; i++) dst[i] = src[i] + dst[i];
        }
    }

    /** Adds the chunk's contribution to blocks (b, a) for all b ≥ a. */
    private void contract(int a, double[] hess, int pp) {
        int m = pass.m(), oa = spec.offset(a);
        for (int b = a; b < spec.depth(); b++) {
            Kernels.pairBlock(pass.h[a], pass.h[b], pass.delta[b], ddot[b], b == a ? null : hdot[b], d, s, m,
                    zeros, lanes, hess, pp, spec.offset(b), oa);
        }
    }

    /** Diagonal blocks := (H + Hᵀ)/2; blocks above the diagonal := transposes of those below. */
    private void symmetrise(double[] hess, int pp) {
        int d2 = d * d;
        for (int i = 0; i < pp; i++) {
            int bi = i / d2;
            for (int j = i + 1; j < pp; j++) {
                if (j / d2 == bi) {
                    double v = 0.5 * (hess[i * pp + j] + hess[j * pp + i]);
                    hess[i * pp + j] = v;
                    hess[j * pp + i] = v;
                } else {
                    hess[i * pp + j] = hess[j * pp + i];
                }
            }
        }
    }
}
