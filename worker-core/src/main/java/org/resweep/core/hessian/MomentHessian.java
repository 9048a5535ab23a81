package org.resweep.core.hessian;

import org.ejml.data.DMatrixRMaj;
import org.resweep.core.data.Moments;
import org.resweep.core.loss.LinearMaps;
import org.resweep.core.net.Block;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.util.SquareOps;

/**
 * The exact Hessian of a <b>linear</b> network's loss from the data's moments only (no pass over the samples).
 *
 * <p>L is quadratic in the end-to-end map M: {@code d²L = tr(dM S dMᵀ) + tr(d²M G)} with {@code S = Σxx},
 * {@code G = S Mᵀ − Σxy}. With {@code Pre_a}, {@code Post_a} as in {@link LinearMaps}, the entry for parameters
 * {@code (a,i,j) = W_a(i,j)} (row/column {@code a·d² + j·d + i}) and {@code (b,k,l) = W_b(k,l)}, layer a
 * downstream of (or equal to) layer b, is
 * <pre>
 *   H = (Pre_a S Pre_bᵀ)[j,l] · (Post_aᵀ Post_b)[i,k]          Gauss–Newton part
 *     + (Pre_b G Post_a)[l,i] · Mid_ab[j,k]                   only for a ≠ b (M is linear in each W_a)
 * </pre>
 * where {@code Mid_ab} is the map from the output of layer b to the input of layer a (the other weights fixed):
 * <pre>
 *   Mid_{b+1,b} = I
 *   Mid_ab      = W_{a−1} Mid_{a−1,b}                                  a not first in its block
 *   Mid_ab      = W_{a−1} Mid_{a−1,b} + [skip ∧ f' > b] · Mid_{f',b}     a first in its block, f' = first layer of
 *                                                                     the previous block (its shortcut input)
 * </pre>
 * The {@code (b,a)} block is the transpose. Both halves are written from the same floating-point expression, so
 * the result is exactly symmetric.
 *
 * <p>Cost: O(L d³) for the maps, O(L² d³) for the pair products, O(P²) to write {@code out}; extra memory
 * O(L d²). Not thread-safe.
 */
public final class MomentHessian implements HessianMethod {
    private final NetworkSpec spec;
    private final Moments moments;
    private final LinearMaps maps;
    private final int[] firstOf;
    private final boolean[] skipOf;
    private final int d;
    private final int d2;
    private final double[] g;
    private final double[] preS;
    private final double[] preG;
    private final double[] mid;
    private final double[] gn1;
    private final double[] gn2;
    private final double[] gn2t;
    private final double[] q;

    /**
     * @param spec    a linear network (activation linear, or no positions)
     * @param moments the data's moments, width equal to {@code spec.width()}
     * @throws IllegalArgumentException for a nonlinear spec, mismatched moments, or P too large for one array
     */
    public MomentHessian(NetworkSpec spec, Moments moments) {
        LinearMaps.requireLinear(spec, "MomentHessian");
        LinearMaps.requireMatching(spec, moments);
        long p = spec.numParams();
        if (p * p > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("depth/width: P = " + p + " parameters gives a P×P Hessian larger than"
                    + " one Java array; allowed: P ≤ 46340");
        }
        this.spec = spec;
        this.moments = moments;
        this.maps = new LinearMaps(spec);
        this.d = spec.width();
        this.d2 = d * d;
        int layers = spec.depth();
        this.firstOf = new int[layers];
        this.skipOf = new boolean[layers];
        for (Block b : spec.blocks()) {
            for (int a = b.firstLayer(); a <= b.lastLayer(); a++) {
                firstOf[a] = b.firstLayer();
                skipOf[a] = b.skip();
            }
        }
        this.g = new double[d2];
        this.preS = new double[layers * d2];
        this.preG = new double[layers * d2];
        this.mid = new double[layers * d2];
        this.gn1 = new double[d2];
        this.gn2 = new double[d2];
        this.gn2t = new double[d2];
        this.q = new double[d2];
    }

    @Override public NetworkSpec spec() { return spec; }

    @Override
    public DMatrixRMaj hessian(double[] w, DMatrixRMaj out) {
        int p = spec.numParams(), layers = spec.depth();
        if (out == null) out = new DMatrixRMaj(p, p);
        out.reshape(p, p);
        maps.forward(w);
        maps.backward();
        maps.lossAndResidual(moments, g);
        double[] pre = maps.pre(), post = maps.post(), wr = maps.weights(), h = out.data;
        for (int a = 0; a < layers; a++) {
            SquareOps.mult(d, pre, a * d2, moments.sxx(), 0, preS, a * d2);
            SquareOps.mult(d, pre, a * d2, g, 0, preG, a * d2);
        }
        for (int b = 0; b < layers; b++) {
            SquareOps.multTransB(d, preS, b * d2, pre, b * d2, gn1, 0);
            SquareOps.multTransA(d, post, b * d2, post, b * d2, gn2, 0);
            SquareOps.symmetrize(d, gn1, 0);
            SquareOps.symmetrize(d, gn2, 0);
            fillDiagonal(h, p, b);
            for (int a = b + 1; a < layers; a++) {
                nextMid(wr, a, b);
                SquareOps.multTransB(d, preS, a * d2, pre, b * d2, gn1, 0);
                SquareOps.multTransA(d, post, a * d2, post, b * d2, gn2, 0);
                SquareOps.transpose(d, gn2, 0, gn2t, 0);
                SquareOps.mult(d, preG, b * d2, post, a * d2, q, 0);
                fillPair(h, p, a, b);
            }
        }
        return out;
    }

    /** Computes {@code Mid_ab} into {@code mid[a·d²]}, given {@code Mid_{a',b}} for {@code b < a' < a}. */
    private void nextMid(double[] wr, int a, int b) {
        if (a == b + 1) {
            SquareOps.setIdentity(d, mid, a * d2);
            return;
        }
        SquareOps.mult(d, wr, (a - 1) * d2, mid, (a - 1) * d2, mid, a * d2);
        if (firstOf[a] == a && skipOf[a - 1]) {
            int prevFirst = firstOf[a - 1];
            if (prevFirst > b) {
                for (int t = 0; t < d2; t++) mid[a * d2 + t] += mid[prevFirst * d2 + t];
            }
        }
    }

    /** Block (b,b): {@code H[(j,i),(l,k)] = A[j,l]·B[i,k]} with A, B exactly symmetric ⇒ symmetric block. */
    private void fillDiagonal(double[] h, int p, int b) {
        int base = b * d2;
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < d; i++) {
                int row = (base + j * d + i) * p + base;
                for (int l = 0; l < d; l++) {
                    double ajl = gn1[j * d + l];
                    int c = row + l * d, bi = i * d;
                    for (int k = 0; k < d; k++) h[c + k] = ajl * gn2[bi + k];
                }
            }
        }
    }

    /**
     * Blocks (a,b) and (b,a), a &gt; b: {@code H[(a,j,i),(b,l,k)] = H[(b,l,k),(a,j,i)] = A[j,l]·B[i,k] +
     * Q[l,i]·Mid[j,k]}, the same expression (operands in the same order) on both sides.
     */
    private void fillPair(double[] h, int p, int a, int b) {
        int ba = a * d2, bb = b * d2, mo = a * d2;
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < d; i++) {
                int row = (ba + j * d + i) * p + bb;
                for (int l = 0; l < d; l++) {
                    double ajl = gn1[j * d + l], qli = q[l * d + i];
                    int c = row + l * d, bi = i * d, mj = mo + j * d;
                    for (int k = 0; k < d; k++) h[c + k] = ajl * gn2[bi + k] + qli * mid[mj + k];
                }
            }
        }
        for (int l = 0; l < d; l++) {
            for (int k = 0; k < d; k++) {
                int row = (bb + l * d + k) * p + ba;
                for (int j = 0; j < d; j++) {
                    double ajl = gn1[j * d + l], mjk = mid[mo + j * d + k];
                    int c = row + j * d, bk = k * d, ql = l * d;
                    for (int i = 0; i < d; i++) h[c + i] = ajl * gn2t[bk + i] + q[ql + i] * mjk;
                }
            }
        }
    }
}
