package org.resweep.core.hessian;

import java.util.Arrays;
import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.resweep.core.data.Dataset;
import org.resweep.core.loss.ChunkPass;
import org.resweep.core.loss.CompactPairs;
import org.resweep.core.loss.Elementwise;
import org.resweep.core.loss.Kernels;
import org.resweep.core.net.Activation;
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
    /** Per layer b: how the contraction of blocks (b, a) compacts the samples ({@link #NONE}, {@link #OUT}, {@link #IN}). */
    private final int[] compaction;
    /** Per layer b and row: the chunk's samples where that ReLU unit is on ({@code idx[b][row·s + j]}, j &lt; cnt[b][row]). */
    private final int[][] idx, cnt;
    /** Compacted h_a rows, gathered D or J rows, gathered δ_b or h_b, per-sample factors. */
    private final double[] xc, gc, vc, fc;
    private static final int NONE = 0, OUT = 1, IN = 2;

    public DataHessian(NetworkSpec spec, Dataset data) {
        this(spec, data, true);
    }

    /** @param compactRelu false: every block on all samples (the dense kernel; for tests comparing the two) */
    DataHessian(NetworkSpec spec, Dataset data, boolean compactRelu) {
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
        compaction = new int[L];
        for (Block b : blocks) {
            for (int l = b.firstLayer(); l <= b.lastLayer(); l++) {
                Activation after = l < b.lastLayer() ? b.mid() : b.post(), before = l == b.firstLayer() ? b.pre() : b.mid();
                compaction[l] = !compactRelu ? NONE : after == Activation.RELU ? OUT : before == Activation.RELU ? IN : NONE;
            }
        }
        idx = new int[L][];
        cnt = new int[L][];
        for (int l = 0; l < L; l++) {
            if (compaction[l] != NONE) {
                idx[l] = new int[d * s];
                cnt[l] = new int[d];
            }
        }
        xc = new double[CompactPairs.sampleRows(d) * s];
        gc = new double[d * s];
        vc = new double[s];
        fc = new double[CompactPairs.factorRows(d) * s];
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
            activeSamples();
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

    /**
     * Per layer with a ReLU next to it, the samples of the loaded chunk where each unit is on: {@link #OUT}, ReLU
     * after z_b, unit p on where {@code z_b[p] > 0} (elsewhere δ_b[p] = 0 and D[p][·] = 0); {@link #IN}, h_b a ReLU's
     * output, unit q on where {@code h_b[q] > 0} (elsewhere h_b[q] = 0 and J[q][·] = 0). Padding samples are never on.
     */
    private void activeSamples() {
        int count = pass.count();
        for (int b = 0; b < spec.depth(); b++) {
            if (compaction[b] == NONE) continue;
            double[] v = compaction[b] == OUT ? pass.z[b] : pass.h[b];
            int[] ix = idx[b];
            for (int row = 0; row < d; row++) {
                int o = row * s, n = 0;
                for (int i = 0; i < count; i++) {
                    if (v[o + i] > 0) ix[o + n++] = i;
                }
                cnt[b][row] = n;
            }
        }
    }

    /** Adds the chunk's contribution to blocks (b, a) for all b ≥ a. */
    private void contract(int a, double[] hess, int pp) {
        int m = pass.m(), oa = spec.offset(a);
        for (int b = a; b < spec.depth(); b++) {
            if (compaction[b] == NONE) {
                Kernels.pairBlock(pass.h[a], pass.h[b], pass.delta[b], ddot[b], b == a ? null : hdot[b], d, s, m,
                        zeros, lanes, hess, pp, spec.offset(b), oa);
            } else {
                contractCompacted(a, b, hess, pp);
            }
        }
    }

    /**
     * Block (b, a) over the samples where the per-sample factor {@code fma(δ_b[p], J[q][r], D[p][r]·h_b[q])} can be
     * non-zero: for {@link #OUT}, per unit p the samples with p on (h_a, D[p][·] and δ_b[p] gathered once per p,
     * J[q][·] and h_b[q] per (p, q)); for {@link #IN}, per unit q the samples with q on (h_a, J[q][·], h_b[q] once per
     * q; D[p][·], δ_b[p] per (p, q)). The factor's operations are the dense kernel's; sample j of the compacted list
     * goes into partial {@code j mod 8} ({@link CompactPairs}).
     */
    private void contractCompacted(int a, int b, double[] hess, int pp) {
        double[] ha = pass.h[a], hb = pass.h[b], db = pass.delta[b], dd = ddot[b], jj = b == a ? null : hdot[b];
        int ob = spec.offset(b), oa = spec.offset(a);
        boolean out = compaction[b] == OUT;
        int[] ix = idx[b];
        for (int outer = 0; outer < d; outer++) {
            int n = cnt[b][outer], mc = (n + Kernels.LANES - 1) / Kernels.LANES * Kernels.LANES, io = outer * s;
            if (n == 0) continue;
            for (int t = 0; t < d; t++) {
                int o = t * s, ho = t * s;
                for (int j = 0; j < n; j++) xc[o + j] = ha[ho + ix[io + j]];
                Arrays.fill(xc, o + n, o + mc, 0.0);
            }
            if (out) { // outer = p: gather D[p][r] and δ_b[p]
                for (int r = 0; r < d; r++) {
                    int o = r * s, src = (outer * d + r) * s;
                    for (int j = 0; j < n; j++) gc[o + j] = dd[src + ix[io + j]];
                }
                for (int j = 0; j < n; j++) vc[j] = db[io + ix[io + j]];
            } else { // outer = q: gather J[q][r] and h_b[q]
                if (jj != null) {
                    for (int r = 0; r < d; r++) {
                        int o = r * s, src = (outer * d + r) * s;
                        for (int j = 0; j < n; j++) gc[o + j] = jj[src + ix[io + j]];
                    }
                }
                for (int j = 0; j < n; j++) vc[j] = hb[io + ix[io + j]];
            }
            for (int inner = 0; inner < d; inner++) {
                int p = out ? outer : inner, q = out ? inner : outer;
                for (int r = 0; r < d; r++) {
                    int o = r * s;
                    if (out) {
                        int hq = q * s, jo = (q * d + r) * s;
                        if (jj != null) {
                            for (int j = 0; j < n; j++) {
                                int i = ix[io + j];
                                fc[o + j] = Math.fma(vc[j], jj[jo + i], gc[o + j] * hb[hq + i]);
                            }
                        } else {
                            for (int j = 0; j < n; j++) fc[o + j] = gc[o + j] * hb[hq + ix[io + j]];
                        }
                    } else {
                        int dp = p * s, dOff = (p * d + r) * s;
                        if (jj != null) {
                            for (int j = 0; j < n; j++) {
                                int i = ix[io + j];
                                fc[o + j] = Math.fma(db[dp + i], gc[o + j], dd[dOff + i] * vc[j]);
                            }
                        } else {
                            for (int j = 0; j < n; j++) fc[o + j] = dd[dOff + ix[io + j]] * vc[j];
                        }
                    }
                    Arrays.fill(fc, o + n, o + mc, 0.0);
                }
                CompactPairs.pairs(fc, xc, d, s, mc, lanes, hess, (ob + q * d + p) * pp + oa);
            }
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
