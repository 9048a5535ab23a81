package org.resweep.core.loss;

import org.resweep.core.data.Moments;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.util.SquareOps;

/**
 * The loss of a <b>linear</b> network from the data's second moments only — cost O(L d³) per call, independent
 * of the sample count N.
 *
 * <p>With the end-to-end map {@code M} ({@code f(x) = M x}), {@code S = Σxx}:
 * <pre>
 *   L(W)    = ½ tr(M S Mᵀ) − tr(M Σxy) + ½ E‖y‖²
 *   dL      = tr(dM G),          G = S Mᵀ − Σxy
 *   dM      = Σ_a Post_a dW_a Pre_a                       (see {@link LinearMaps})
 *   ∂L/∂W_a = (Pre_a G Post_a)ᵀ = Post_aᵀ (M S − Σyx) Pre_aᵀ
 * </pre>
 * Because the parameter layout is column-major per matrix, the row-major product {@code X = Pre_a G Post_a}
 * (with {@code G Post_a} from one backward pass started at G, see {@link LinearMaps#backward(double[])}) is
 * written straight into the gradient: {@code ∂L/∂W_a(i,j) = X[j,i]} sits at index {@code a·d² + j·d + i}.
 *
 * <p>Scratch buffers are allocated once: {@link #loss} and {@link #lossAndGradient} do not allocate. Not
 * thread-safe; results are bit-reproducible (fixed summation order).
 */
public final class MomentPath implements LossModel {
    private final NetworkSpec spec;
    private final Moments moments;
    private final LinearMaps maps;
    private final double[] g;

    /**
     * @param spec    a linear network (activation linear, or no positions)
     * @param moments the data's moments, width equal to {@code spec.width()}
     * @throws IllegalArgumentException for a nonlinear spec or mismatched moments
     */
    public MomentPath(NetworkSpec spec, Moments moments) {
        LinearMaps.requireLinear(spec, "MomentPath");
        LinearMaps.requireMatching(spec, moments);
        this.spec = spec;
        this.moments = moments;
        this.maps = new LinearMaps(spec);
        int d = spec.width();
        this.g = new double[d * d];
    }

    @Override public NetworkSpec spec() { return spec; }

    /** The moments this loss is built on. */
    public Moments moments() { return moments; }

    @Override
    public double loss(double[] w) {
        maps.forward(w);
        return maps.lossAndResidual(moments, g);
    }

    @Override
    public double lossAndGradient(double[] w, double[] grad) {
        LinearMaps.requireLength(spec, grad, "grad");
        maps.forward(w);
        double loss = maps.lossAndResidual(moments, g);
        maps.backward(g); // post() now holds G·Post_a
        int d = spec.width(), d2 = d * d;
        double[] pre = maps.pre(), gPost = maps.post();
        for (int a = 0; a < spec.depth(); a++) SquareOps.mult(d, pre, a * d2, gPost, a * d2, grad, a * d2);
        return loss;
    }
}
