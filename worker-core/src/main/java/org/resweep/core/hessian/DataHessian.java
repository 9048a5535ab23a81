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
 * Blocks b ≥ a are then contracted over the chunk ({@link CompactPairs#rowPair}: per row pair (p, q) one fma chain per
 * entry over a list of samples); blocks b &lt; a follow by symmetry and diagonal blocks are symmetrised, so the result
 * is exactly symmetric. Cost ≈ L²/2 · d⁴ · N multiply-adds.
 *
 * <p>ReLU: where unit p after z_b is off, δ_b[p] and D[p][·] are exactly 0; where unit q of h_b (a ReLU's output) is
 * off, h_b[q] and J[q][·] are. The per-sample factor of row pair (p, q) is then 0, so the contraction runs over the
 * samples where both units can be on (per chunk and layer, lists of the samples each unit is on; their
 * intersection when ReLUs sit on both sides) — about half the samples, a quarter with ReLU on both sides. A zero
 * term leaves an fma chain unchanged, so the skip changes no bit; the lists depend on the weights and the data only.
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
    /**
     * Direction blocks of the current source layer: zdot owned; hdot, ddot, udot point at their own blocks
     * ({@code hdotOwn} …) or, where the step is the identity (a linear activation), at the block they equal (no copy).
     */
    private final double[][] zdot, hdot, ddot, udot, hdotOwn, ddotOwn, udotOwn;
    /** Per block, the tangent of the gradient at its output (kept: a linear post makes it that block's D). */
    private final double[][] gdot;
    private final double[] gtmp;
    /** Per layer followed by a mid ReLU, z expanded to a direction block ({@code zexp[(q·s + i)·d + r] = z[q·s + i]}); else null. */
    private final double[][] zexp;
    /** Whether the contraction skips the samples where a ReLU next to the layer is off (false: every sample; for tests). */
    private final boolean skipOff;
    /** Per layer b: ReLU after z_b (units p off where z_b[p] ≤ 0), ReLU giving h_b (units q off where h_b[q] = 0). */
    private final boolean[] reluAfter, reluBefore;
    /**
     * Per layer b and unit, the chunk's samples where that unit is on ({@code onAfter[b][p·s + k]}, k &lt;
     * {@code nAfter[b][p]}; likewise before); {@code all} lists every real sample of the chunk, {@code both} is scratch.
     */
    private final int[][] onAfter, onBefore, nAfter, nBefore;
    /** Per layer b with a ReLU after z_b (before h_b), per sample, bit p (q) set where unit p (q) is on; else null. */
    private final long[][] bitsAfter, bitsBefore;
    private final int[] all, both;
    /** Per layer, the chunk's h and δ sample-major ({@link CompactPairs#transpose}). */
    private final double[][] hT, dT;
    /** A direction block sample-major ({@link CompactPairs#transposeDirs}), and the kernels' scratch. */
    private final double[] dirT, buf;

    public DataHessian(NetworkSpec spec, Dataset data) {
        this(spec, data, true);
    }

    /** @param skipOff false: every block over all samples (for tests comparing the two) */
    DataHessian(NetworkSpec spec, Dataset data, boolean skipOff) {
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
        this.dirBlock = d * d * s + CompactPairs.PAD; // padding: the contraction's vectors read past the last sample
        zdot = new double[L][dirBlock];
        hdotOwn = new double[L][dirBlock];
        ddotOwn = new double[L][dirBlock];
        udotOwn = new double[blocks.size() + 1][dirBlock];
        hdot = new double[L][];
        ddot = new double[L][];
        udot = new double[blocks.size() + 1][];
        gdot = new double[blocks.size()][dirBlock];
        gtmp = new double[dirBlock];
        zexp = new double[L][];
        for (Block b : blocks) {
            if (b.mid() != Activation.RELU) continue;
            for (int l = b.firstLayer(); l < b.lastLayer(); l++) zexp[l] = new double[dirBlock];
        }
        this.skipOff = skipOff;
        reluAfter = new boolean[L];
        reluBefore = new boolean[L];
        onAfter = new int[L][];
        onBefore = new int[L][];
        nAfter = new int[L][];
        nBefore = new int[L][];
        bitsAfter = new long[L][];
        bitsBefore = new long[L][];
        for (Block b : blocks) {
            for (int l = b.firstLayer(); l <= b.lastLayer(); l++) {
                reluAfter[l] = (l < b.lastLayer() ? b.mid() : b.post()) == Activation.RELU;
                reluBefore[l] = (l == b.firstLayer() ? b.pre() : b.mid()) == Activation.RELU;
                if (reluAfter[l]) { onAfter[l] = new int[d * s]; nAfter[l] = new int[d]; bitsAfter[l] = new long[s]; }
                if (reluBefore[l]) { onBefore[l] = new int[d * s]; nBefore[l] = new int[d]; bitsBefore[l] = new long[s]; }
            }
        }
        all = new int[s];
        both = new int[s + 1];
        hT = new double[L][d * s + CompactPairs.PAD];
        dT = new double[L][d * s + CompactPairs.PAD];
        dirT = new double[dirBlock];
        buf = new double[Math.max(2 * CompactPairs.PAD * CompactPairs.PAD, d * d)];
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
            for (int l = 0; l < spec.depth(); l++) {
                CompactPairs.transpose(pass.h[l], d, s, pass.m(), hT[l]);
                CompactPairs.transpose(pass.delta[l], d, s, pass.m(), dT[l]);
                if (zexp[l] != null) expand(pass.z[l], zexp[l], pass.m());
            }
            for (int a = 0; a < spec.depth(); a++) {
                tangents(a);
                contract(a, hess, pp);
            }
        }
        symmetrise(hess, pp);
        return out;
    }

    /**
     * Forward tangent and backward R-op for the d directions e_r at z_a, for the loaded chunk. Direction blocks have
     * the layout [feature][sample][direction]: entry (q, i, r) at {@code (q·s + i)·d + r} (a row q holds m·d
     * columns, so {@code W ·} is one product over them, and the d directions of a sample are contiguous for the
     * contraction).
     */
    private void tangents(int a) {
        int m = pass.m(), kA = blockOf[a];
        // ż_a = identity in each sample
        double[] za = zdot[a];
        Arrays.fill(za, 0.0);
        for (int q = 0; q < d; q++) {
            for (int i = 0; i < m; i++) za[(q * s + i) * d + q] = 1.0;
        }
        int K = blocks.size();
        for (int k = kA; k < K; k++) {
            Block b = blocks.get(k);
            int first = b.firstLayer(), last = b.lastLayer(), from;
            if (k == kA) {
                from = a + 1;
            } else {
                if (b.pre() == Activation.LINEAR) {
                    hdot[first] = udot[k];
                } else {
                    hdot[first] = hdotOwn[first];
                    mulD1(b.pre(), pass.u[k], pass.h[first], udot[k], hdot[first], false, m);
                }
                forwardProduct(k, first, kA, m);
                from = first + 1;
            }
            for (int c = from; c <= last; c++) {
                if (c - 1 == a || b.mid() != Activation.RELU) { // else fused into the product of layer c − 1
                    hdot[c] = hdotOwn[c];
                    mulD1(b.mid(), pass.z[c - 1], pass.h[c], zdot[c - 1], hdot[c], false, m);
                }
                forwardProduct(k, c, kA, m);
            }
            if (k > kA && b.skip() && b.post() == Activation.LINEAR) continue; // fused into the product of layer last
            if (b.post() == Activation.LINEAR) {
                udot[k + 1] = zdot[last]; // post' = 1 and no skip term
            } else {
                udot[k + 1] = udotOwn[k + 1];
                mulD1(b.post(), pass.z[last], pass.postVal[k], zdot[last], udot[k + 1], false, m);
                if (b.skip() && k > kA) addInto(udot[k], udot[k + 1], m);
            }
        }
        // backward R-op: g = tangent of the gradient at the current block's output
        double[] fdot = udot[K], g = gdot[K - 1];
        int cnt = pass.count(), n = data.n(), sd = s * d;
        for (int q = 0; q < d; q++) {
            int o = q * sd;
            for (int e = o; e < o + cnt * d; e++) g[e] = fdot[e] / n;
            Arrays.fill(g, o + cnt * d, o + m * d, 0.0); // padding samples contribute nothing
        }
        for (int k = K - 1; k >= kA; k--) {
            Block b = blocks.get(k);
            int last = b.lastLayer(), first = b.firstLayer(), stop = k == kA ? a : first;
            if (b.post() == Activation.LINEAR) {
                ddot[last] = g; // post' = 1, post'' = 0
            } else {
                ddot[last] = ddotOwn[last];
                mulD1(b.post(), pass.z[last], pass.postVal[k], g, ddot[last], false, m);
                addD2(b.post(), pass.z[last], pass.postVal[k], pass.gOut[k], zdot[last], ddot[last], m);
            }
            for (int c = last; c > stop; c--) {
                ddot[c - 1] = ddotOwn[c - 1];
                if (b.mid() == Activation.RELU) { // ReLU' as the product's epilogue, ReLU'' = 0
                    Kernels.mul(pass.at[c], d, ddot[c], 0, sd, gtmp, 0, sd, m * d, Kernels.STORE_MASKED, zexp[c - 1], ddot[c - 1]);
                } else {
                    mulDirs(pass.at[c], ddot[c], gtmp, m);
                    mulD1(b.mid(), pass.z[c - 1], pass.h[c], gtmp, ddot[c - 1], false, m);
                    addD2(b.mid(), pass.z[c - 1], pass.h[c], pass.gH[c], zdot[c - 1], ddot[c - 1], m);
                }
            }
            if (k > kA) {
                // g of block k − 1 = (skip ? g : 0) + pre'(u) ⊙ Wᵀ ddot[first] + pre''(u) ⊙ gH[first] ⊙ u̇
                double[] gn = gdot[k - 1];
                if (b.pre() == Activation.LINEAR && b.skip()) {
                    Kernels.mul(pass.at[first], d, ddot[first], 0, sd, gtmp, 0, sd, m * d, Kernels.STORE_ADD, g, gn);
                } else if (b.pre() == Activation.LINEAR) {
                    mulDirs(pass.at[first], ddot[first], gn, m);
                } else {
                    mulDirs(pass.at[first], ddot[first], gtmp, m);
                    if (b.skip()) System.arraycopy(g, 0, gn, 0, dirBlock);
                    mulD1(b.pre(), pass.u[k], pass.h[first], gtmp, gn, b.skip(), m);
                    addD2(b.pre(), pass.u[k], pass.h[first], pass.gH[first], udot[k], gn, m);
                }
                g = gn;
            }
        }
    }

    /**
     * {@code zdot[c] = W_c · hdot[c]}, with the next step as the product's epilogue where it is one pass: a mid ReLU
     * ({@code hdot[c+1] = z[c] > 0 ? zdot[c] : 0}) or a linear post with a skip ({@code udot[k+1] = udot[k] + zdot[c]}),
     * the values of the separate passes bit for bit ({@link Kernels#mul}).
     */
    private void forwardProduct(int k, int c, int kA, int m) {
        Block b = blocks.get(k);
        int sd = s * d;
        if (c < b.lastLayer() && b.mid() == Activation.RELU) {
            hdot[c + 1] = hdotOwn[c + 1];
            Kernels.mul(pass.a[c], d, hdot[c], 0, sd, zdot[c], 0, sd, m * d, Kernels.STORE_MASKED, zexp[c], hdot[c + 1]);
        } else if (c == b.lastLayer() && k > kA && b.skip() && b.post() == Activation.LINEAR) {
            udot[k + 1] = udotOwn[k + 1];
            Kernels.mul(pass.a[c], d, hdot[c], 0, sd, zdot[c], 0, sd, m * d, Kernels.STORE_ADD, udot[k], udot[k + 1]);
        } else {
            mulDirs(pass.a[c], hdot[c], zdot[c], m);
        }
    }

    /** {@code out[(q·s + i)·d + r] = z[q·s + i]} for i &lt; m, r &lt; d. */
    private void expand(double[] z, double[] out, int m) {
        for (int q = 0; q < d; q++) {
            for (int i = 0; i < m; i++) Arrays.fill(out, (q * s + i) * d, (q * s + i + 1) * d, z[q * s + i]);
        }
    }

    /**
     * {@code out[q][i][r] = (acc ? out : 0) + σ'(z[q][i]) · g[q][i][r]} on direction blocks; z (and {@code val = σ(z)},
     * used for the activations with {@link Activation#derivativesFromValue}) feature-major. The operations of
     * {@link Elementwise#mulD1}.
     */
    private void mulD1(Activation act, double[] z, double[] val, double[] g, double[] out, boolean acc, int m) {
        if (act == Activation.LINEAR) {
            for (int q = 0; q < d; q++) {
                int o = q * s * d;
                if (acc) { for (int e = o; e < o + m * d; e++) out[e] = out[e] + g[e]; }
                else System.arraycopy(g, o, out, o, m * d);
            }
            return;
        }
        for (int q = 0; q < d; q++) {
            for (int i = 0; i < m; i++) {
                int zi = q * s + i, o = zi * d;
                if (act == Activation.RELU) {
                    if (z[zi] > 0) {
                        if (acc) { for (int r = o; r < o + d; r++) out[r] = out[r] + g[r]; }
                        else { for (int r = o; r < o + d; r++) out[r] = g[r]; }
                    } else {
                        if (acc) { for (int r = o; r < o + d; r++) out[r] = out[r] + 0.0; }
                        else { for (int r = o; r < o + d; r++) out[r] = 0.0; }
                    }
                    continue;
                }
                double f;
                if (act == Activation.TANH) { double v = val[zi]; f = 1.0 - v * v; }
                else if (act == Activation.SYMMETRIC_SIGMOID) { double v = val[zi]; f = 0.5 * (1.0 - v * v); }
                else f = act.derivativesFromValue() ? act.d1FromValue(val[zi]) : act.d1(z[zi]);
                if (acc) { for (int r = o; r < o + d; r++) out[r] = out[r] + f * g[r]; }
                else { for (int r = o; r < o + d; r++) out[r] = f * g[r]; }
            }
        }
    }

    /**
     * {@code out[q][i][r] += σ''(z[q][i]) · g[q][i] · t[q][i][r]} on direction blocks (nothing for linear and ReLU);
     * z, val, g feature-major. The operations of {@link Elementwise#addD2}.
     */
    private void addD2(Activation act, double[] z, double[] val, double[] g, double[] t, double[] out, int m) {
        if (act == Activation.LINEAR || act == Activation.RELU) return;
        for (int q = 0; q < d; q++) {
            for (int i = 0; i < m; i++) {
                int zi = q * s + i, o = zi * d;
                double c;
                if (act == Activation.TANH) { double v = val[zi]; c = -2.0 * v * (1.0 - v * v) * g[zi]; }
                else if (act == Activation.SYMMETRIC_SIGMOID) { double v = val[zi]; c = -0.5 * v * (1.0 - v * v) * g[zi]; }
                else c = (act.derivativesFromValue() ? act.d2FromValue(val[zi]) : act.d2(z[zi])) * g[zi];
                for (int r = o; r < o + d; r++) out[r] = out[r] + c * t[r];
            }
        }
    }

    /** {@code out = W · in} for every sample and direction: row q of a direction block is m·d columns. */
    private void mulDirs(double[] rowMajor, double[] in, double[] out, int m) {
        Kernels.mul(rowMajor, d, in, 0, s * d, out, 0, s * d, m * d);
    }

    private void addInto(double[] src, double[] dst, int m) {
        for (int q = 0; q < d; q++) {
            int o = q * s * d;
            for (int e = o; e < o + m * d; e++) dst[e] = src[e] + dst[e];
        }
    }

    /**
     * The chunk's sample lists: every real sample; per layer with a ReLU after z_b, per unit p the samples with
     * {@code z_b[p] > 0} (elsewhere δ_b[p] = 0 and D[p][·] = 0); per layer whose h_b is a ReLU's output, per unit q
     * the samples with {@code h_b[q] > 0} (elsewhere h_b[q] = 0 and J[q][·] = 0). Padding samples are never listed.
     */
    private void activeSamples() {
        int count = pass.count();
        for (int i = 0; i < count; i++) all[i] = i;
        for (int b = 0; b < spec.depth(); b++) {
            if (reluAfter[b]) listOn(pass.z[b], onAfter[b], nAfter[b], bitsAfter[b], count);
            if (reluBefore[b]) listOn(pass.h[b], onBefore[b], nBefore[b], bitsBefore[b], count);
        }
    }

    private void listOn(double[] v, int[] ix, int[] cnt, long[] bits, int count) {
        Arrays.fill(bits, 0L);
        for (int row = 0; row < d; row++) {
            int o = row * s, n = 0;
            for (int i = 0; i < count; i++) {
                if (v[o + i] > 0) {
                    ix[o + n++] = i;
                    if (row < 64) bits[i] |= 1L << row;
                }
            }
            cnt[row] = n;
        }
    }

    /**
     * Adds the chunk's contribution to blocks (b, a) for all b ≥ a: per row pair (p, q), the samples where both the
     * unit p after z_b and the unit q of h_b can be on (all samples without ReLU next to layer b).
     */
    private void contract(int a, double[] hess, int pp) {
        int oa = spec.offset(a), count = pass.count();
        double[] hat = hT[a];
        boolean lanes = skipOff && reluAfter[a] && d <= 64;
        for (int b = a; b < spec.depth(); b++) {
            double[] db = pass.delta[b], hb = pass.h[b], j = b > a ? hdot[b] : null;
            boolean after = skipOff && reluAfter[b], before = skipOff && reluBefore[b];
            int ob = spec.offset(b);
            if (lanes && !(after && before)) {
                contractLanes(a, b, hess, pp);
                continue;
            }
            for (int p = 0; p < d; p++) {
                for (int q = 0; q < d; q++) {
                    int[] list = all;
                    int lo = 0, n = count;
                    if (after && before) {
                        list = both;
                        n = intersect(onAfter[b], p * s, nAfter[b][p], onBefore[b], q * s, nBefore[b][q], both);
                    } else if (after) {
                        list = onAfter[b];
                        lo = p * s;
                        n = nAfter[b][p];
                    } else if (before) {
                        list = onBefore[b];
                        lo = q * s;
                        n = nBefore[b][q];
                    }
                    if (n == 0) continue;
                    CompactPairs.rowPair(ddot[b], j, db, hb, hat, list, lo, n, p, q, d, s, buf, hess, (ob + q * d + p) * pp + oa);
                }
            }
        }
    }

    /**
     * Blocks (b, a) for a source a with a ReLU after z_a ({@link CompactPairs#lanePair}): row pairs (x, r) over the
     * samples where z_a[r] &gt; 0 and, when layer b has a ReLU next to it, unit x of that ReLU is on. ReLU before h_b:
     * x = q, p in the lanes; else x = p, q in the lanes.
     */
    private void contractLanes(int a, int b, double[] hess, int pp) {
        int m = pass.m(), oa = spec.offset(a), ob = spec.offset(b), sd = s * d;
        double[] j = b > a ? hdot[b] : null, hat = hT[a];
        int[] listA = onAfter[a], nA = nAfter[a];
        if (skipOff && reluBefore[b]) { // x = q: F_p = fma(J[q][r], δ_b[p], h_b[q]·D[p][r])
            CompactPairs.transposeDirs(ddot[b], d, s, m, dirT);
            long[] bits = bitsBefore[b];
            for (int r = 0; r < d; r++) {
                for (int q = 0; q < d; q++) {
                    int n = CompactPairs.filter(listA, r * s, nA[r], bits, q, both);
                    if (n == 0) continue;
                    CompactPairs.lanePair(j, q * sd + r, d, dT[b], 0, d, pass.h[b], q * s, 1, dirT, r * sd, d,
                            hat, both, 0, n, d, buf, hess, (ob + q * d) * pp + oa + r, pp);
                }
            }
        } else { // x = p: F_q = fma(δ_b[p], J[q][r], D[p][r]·h_b[q])
            if (j != null) CompactPairs.transposeDirs(j, d, s, m, dirT);
            boolean after = skipOff && reluAfter[b];
            long[] bits = bitsAfter[b];
            for (int r = 0; r < d; r++) {
                for (int p = 0; p < d; p++) {
                    int[] list = listA;
                    int lo = r * s, n = nA[r];
                    if (after) {
                        list = both;
                        lo = 0;
                        n = CompactPairs.filter(listA, r * s, nA[r], bits, p, both);
                    }
                    if (n == 0) continue;
                    CompactPairs.lanePair(j == null ? null : pass.delta[b], p * s, 1, dirT, r * sd, d, ddot[b], p * sd + r, d,
                            hT[b], 0, d, hat, list, lo, n, d, buf, hess, (ob + p) * pp + oa + r, d * pp);
                }
            }
        }
    }

    /** The sorted intersection of two sorted lists into {@code out}; returns its length. */
    private static int intersect(int[] x, int xo, int xn, int[] y, int yo, int yn, int[] out) {
        int i = 0, j = 0, n = 0;
        while (i < xn && j < yn) {
            int u = x[xo + i], v = y[yo + j];
            if (u == v) { out[n++] = u; i++; j++; } else if (u < v) i++; else j++;
        }
        return n;
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
