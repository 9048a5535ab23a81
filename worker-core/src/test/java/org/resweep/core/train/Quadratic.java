package org.resweep.core.train;

import org.ejml.data.DMatrixRMaj;
import org.resweep.core.hessian.HessianMethod;
import org.resweep.core.loss.LossModel;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.Initializer;
import org.resweep.core.net.NetworkSpec;

/**
 * Test oracle: {@code L(w) = ½ (w − w*)ᵀ A (w − w*) + c} with {@code A = Q·diag(λ)·Qᵀ}, Q orthogonal. Gradient
 * {@code A(w − w*)}, Hessian A, and gradient descent in closed form: with {@code z_t = Qᵀ(w_t − w*)},
 * {@code z_t = (1 − ηλ)^t ⊙ z_0}, so {@code L(w_t) = ½ Σ λ_i z_{0,i}² (1 − ηλ_i)^{2t} + c}.
 */
class Quadratic implements LossModel, HessianMethod {
    final NetworkSpec spec;
    final double[] lambda, wStar, q; // q column-major P × P
    final double c;
    final DMatrixRMaj a;
    int hessianCalls;
    DMatrixRMaj lastOut;

    /** P = width² (a one-layer "network" only to carry P). */
    Quadratic(int width, double[] lambda, double c, long seed) {
        this.spec = NetworkSpec.linear(1, 1, width);
        int p = spec.numParams();
        if (lambda.length != p) throw new IllegalArgumentException("lambda length");
        this.lambda = lambda.clone();
        this.c = c;
        this.q = Initializer.init(NetworkSpec.linear(1, 1, p), InitKind.ORTHOGONAL, 1.0, seed);
        this.wStar = Initializer.init(spec, InitKind.XAVIER, 1.0, seed + 1);
        this.a = new DMatrixRMaj(p, p);
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                double s = 0;
                for (int k = 0; k < p; k++) s += q[k * p + i] * lambda[k] * q[k * p + j];
                a.unsafe_set(i, j, s);
            }
        }
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < i; j++) {
                double s = 0.5 * (a.unsafe_get(i, j) + a.unsafe_get(j, i));
                a.unsafe_set(i, j, s);
                a.unsafe_set(j, i, s);
            }
        }
    }

    @Override public NetworkSpec spec() { return spec; }

    @Override public double loss(double[] w) { return lossAndGradient(w, new double[w.length]); }

    @Override
    public double lossAndGradient(double[] w, double[] grad) {
        int p = w.length;
        double l = 0;
        for (int i = 0; i < p; i++) {
            double s = 0;
            for (int j = 0; j < p; j++) s += a.unsafe_get(i, j) * (w[j] - wStar[j]);
            grad[i] = s;
            l += (w[i] - wStar[i]) * s;
        }
        return 0.5 * l + c;
    }

    @Override
    public DMatrixRMaj hessian(double[] w, DMatrixRMaj out) {
        hessianCalls++;
        lastOut = out;
        if (out == null) out = new DMatrixRMaj(a.numRows, a.numCols);
        out.setTo(a);
        return out;
    }

    /** Closed-form loss after t GD steps from w0. */
    double lossAt(double[] w0, double eta, int t) {
        int p = w0.length;
        double l = 0;
        for (int k = 0; k < p; k++) {
            double z = 0;
            for (int i = 0; i < p; i++) z += q[k * p + i] * (w0[i] - wStar[i]);
            double f = Math.pow(1 - eta * lambda[k], t);
            l += lambda[k] * z * z * f * f;
        }
        return 0.5 * l + c;
    }
}
