package org.resweep.core.hessian;

import org.ejml.data.DMatrixRMaj;
import org.resweep.core.loss.LossModel;
import org.resweep.core.net.NetworkSpec;

/**
 * Test oracle: the Hessian by central differences of the exact gradient, {@code H[:,j] ≈ (g(w + h e_j) −
 * g(w − h e_j)) / 2h}, then symmetrised. Truncation error O(h²), rounding O(ε/h): with h ≈ 1e-5 relative to
 * the weights' scale, expect agreement to ~1e-7 relative. O(P) gradient evaluations: for small networks only.
 */
public final class FiniteDifferenceHessian implements HessianMethod {
    private final LossModel model;
    private final double step;

    public FiniteDifferenceHessian(LossModel model, double step) {
        this.model = model;
        this.step = step;
    }

    @Override public NetworkSpec spec() { return model.spec(); }

    @Override
    public DMatrixRMaj hessian(double[] w, DMatrixRMaj out) {
        int p = w.length;
        if (out == null) out = new DMatrixRMaj(p, p);
        out.reshape(p, p);
        double[] wp = w.clone(), gp = new double[p], gm = new double[p];
        for (int j = 0; j < p; j++) {
            double orig = wp[j];
            wp[j] = orig + step;
            model.lossAndGradient(wp, gp);
            wp[j] = orig - step;
            model.lossAndGradient(wp, gm);
            wp[j] = orig;
            for (int i = 0; i < p; i++) out.unsafe_set(i, j, (gp[i] - gm[i]) / (2 * step));
        }
        for (int i = 0; i < p; i++) {
            for (int j = i + 1; j < p; j++) {
                double s = 0.5 * (out.unsafe_get(i, j) + out.unsafe_get(j, i));
                out.unsafe_set(i, j, s);
                out.unsafe_set(j, i, s);
            }
        }
        return out;
    }

    /** Central-difference gradient of the loss alone: {@code g_j ≈ (L(w + h e_j) − L(w − h e_j)) / 2h}. */
    public static double[] gradient(LossModel model, double[] w, double step) {
        double[] wp = w.clone(), g = new double[w.length];
        for (int j = 0; j < w.length; j++) {
            double orig = wp[j];
            wp[j] = orig + step;
            double lp = model.loss(wp);
            wp[j] = orig - step;
            double lm = model.loss(wp);
            wp[j] = orig;
            g[j] = (lp - lm) / (2 * step);
        }
        return g;
    }
}
