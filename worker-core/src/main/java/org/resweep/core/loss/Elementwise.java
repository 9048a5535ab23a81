package org.resweep.core.loss;

import org.resweep.core.net.Activation;

/**
 * Element-wise activation passes over feature-major blocks (row q at {@code q·stride}, samples {@code i < m}).
 * Linear and ReLU get branch-light loops; tanh and the symmetric sigmoid the SIMD version of
 * {@link org.resweep.core.net.Tanh#tanh} when the vector kernels are in use (same bits as {@link Activation#apply}).
 * All arguments named {@code out} are Modified; all others are Not modified.
 */
public final class Elementwise {
    private Elementwise() { }

    /** {@code out = σ(in)} on {@code rows} rows. */
    public static void apply(Activation act, double[] in, double[] out, int rows, int stride, int m) {
        for (int q = 0; q < rows; q++) {
            int o = q * stride;
            switch (act) {
                case LINEAR -> System.arraycopy(in, o, out, o, m);
                case RELU -> {
                    if (Kernels.VECTOR) VectorKernels.relu(in, out, o, m);
                    else for (int i = o; i < o + m; i++) out[i] = in[i] > 0 ? in[i] : 0.0;
                }
                case TANH -> {
                    if (Kernels.VECTOR) VectorKernels.tanh(in, out, o, m, 1.0);
                    else for (int i = o; i < o + m; i++) out[i] = act.apply(in[i]);
                }
                case SYMMETRIC_SIGMOID -> {
                    if (Kernels.VECTOR) VectorKernels.tanh(in, out, o, m, 0.5);
                    else for (int i = o; i < o + m; i++) out[i] = act.apply(in[i]);
                }
            }
        }
    }

    /** {@code out = (skip ? u : 0) + σ(z)}: a block's output. */
    public static void blockOut(Activation act, boolean skip, double[] u, double[] z, double[] out,
                                int rows, int stride, int m) {
        apply(act, z, out, rows, stride, m);
        if (skip) addTo(u, out, rows, stride, m);
    }

    /** {@code out = u + out} on {@code rows} rows. */
    public static void addTo(double[] u, double[] out, int rows, int stride, int m) {
        for (int q = 0; q < rows; q++) {
            int o = q * stride;
            if (Kernels.VECTOR) VectorKernels.addTo(u, out, o, m);
            else for (int i = o; i < o + m; i++) out[i] = u[i] + out[i];
        }
    }

    /**
     * {@code out[q][r][i] = (acc ? out : 0) + σ'(z[q][i]) · g[q][r][i]} for {@code dirs} directions r; the blocks g and
     * out have layout {@code (q·dirs + r)·stride + i}, z has {@code q·stride + i} ({@code dirs = 1}: a plain vector).
     */
    public static void mulD1(Activation act, double[] z, double[] g, double[] out, boolean acc,
                             int rows, int dirs, int stride, int m) {
        for (int q = 0; q < rows; q++) {
            int zo = q * stride;
            for (int r = 0; r < dirs; r++) {
                int o = (q * dirs + r) * stride;
                switch (act) {
                    case LINEAR -> {
                        if (acc) { for (int i = 0; i < m; i++) out[o + i] = out[o + i] + g[o + i]; }
                        else System.arraycopy(g, o, out, o, m);
                    }
                    case RELU -> {
                        if (Kernels.VECTOR) VectorKernels.reluMask(z, zo, g, out, o, m, acc);
                        else if (acc) { for (int i = 0; i < m; i++) out[o + i] = out[o + i] + (z[zo + i] > 0 ? g[o + i] : 0.0); }
                        else { for (int i = 0; i < m; i++) out[o + i] = z[zo + i] > 0 ? g[o + i] : 0.0; }
                    }
                    default -> {
                        if (acc) { for (int i = 0; i < m; i++) out[o + i] = out[o + i] + act.d1(z[zo + i]) * g[o + i]; }
                        else { for (int i = 0; i < m; i++) out[o + i] = act.d1(z[zo + i]) * g[o + i]; }
                    }
                }
            }
        }
    }

    /**
     * The curvature term of an R-op: {@code out[q][r][i] += σ''(z[q][i]) · g[q][i] · t[q][r][i]} (nothing for
     * activations with σ'' ≡ 0: linear, ReLU). Layouts as in {@link #mulD1}.
     */
    public static void addD2(Activation act, double[] z, double[] g, double[] t, double[] out,
                             int rows, int dirs, int stride, int m) {
        if (act == Activation.LINEAR || act == Activation.RELU) return;
        for (int q = 0; q < rows; q++) {
            int zo = q * stride;
            for (int r = 0; r < dirs; r++) {
                int o = (q * dirs + r) * stride;
                for (int i = 0; i < m; i++) out[o + i] = out[o + i] + act.d2(z[zo + i]) * g[zo + i] * t[o + i];
            }
        }
    }

    /**
     * {@link #mulD1} with the activation's values at hand: {@code val = σ(z)} (same layout as z). For the activations
     * of {@link Activation#derivativesFromValue} σ' is computed from {@code val} (identical bits, no transcendental
     * call); for the others this is {@link #mulD1} on z.
     */
    public static void mulD1(Activation act, double[] z, double[] val, double[] g, double[] out, boolean acc,
                             int rows, int dirs, int stride, int m) {
        if (!act.derivativesFromValue()) {
            mulD1(act, z, g, out, acc, rows, dirs, stride, m);
            return;
        }
        boolean tanh = act == Activation.TANH, sig = act == Activation.SYMMETRIC_SIGMOID;
        for (int q = 0; q < rows; q++) {
            int zo = q * stride;
            for (int r = 0; r < dirs; r++) {
                int o = (q * dirs + r) * stride;
                // the operations of Activation.d1FromValue written out (call-free loops the JIT vectorises)
                if (tanh) {
                    if (acc) { for (int i = 0; i < m; i++) { double t = val[zo + i]; out[o + i] = out[o + i] + (1.0 - t * t) * g[o + i]; } }
                    else { for (int i = 0; i < m; i++) { double t = val[zo + i]; out[o + i] = (1.0 - t * t) * g[o + i]; } }
                } else if (sig) {
                    if (acc) { for (int i = 0; i < m; i++) { double t = val[zo + i]; out[o + i] = out[o + i] + 0.5 * (1.0 - t * t) * g[o + i]; } }
                    else { for (int i = 0; i < m; i++) { double t = val[zo + i]; out[o + i] = 0.5 * (1.0 - t * t) * g[o + i]; } }
                } else if (acc) {
                    for (int i = 0; i < m; i++) out[o + i] = out[o + i] + act.d1FromValue(val[zo + i]) * g[o + i];
                } else {
                    for (int i = 0; i < m; i++) out[o + i] = act.d1FromValue(val[zo + i]) * g[o + i];
                }
            }
        }
    }

    /** {@link #addD2} with {@code val = σ(z)} at hand, as {@link #mulD1(Activation, double[], double[], double[], double[], boolean, int, int, int, int)}. */
    public static void addD2(Activation act, double[] z, double[] val, double[] g, double[] t, double[] out,
                             int rows, int dirs, int stride, int m) {
        if (!act.derivativesFromValue()) {
            addD2(act, z, g, t, out, rows, dirs, stride, m);
            return;
        }
        boolean tanh = act == Activation.TANH, sig = act == Activation.SYMMETRIC_SIGMOID;
        for (int q = 0; q < rows; q++) {
            int zo = q * stride;
            for (int r = 0; r < dirs; r++) {
                int o = (q * dirs + r) * stride;
                if (tanh) { // Activation.d2FromValue's operations written out
                    for (int i = 0; i < m; i++) {
                        double v = val[zo + i];
                        out[o + i] = out[o + i] + -2.0 * v * (1.0 - v * v) * g[zo + i] * t[o + i];
                    }
                } else if (sig) {
                    for (int i = 0; i < m; i++) {
                        double v = val[zo + i];
                        out[o + i] = out[o + i] + -0.5 * v * (1.0 - v * v) * g[zo + i] * t[o + i];
                    }
                } else {
                    for (int i = 0; i < m; i++) out[o + i] = out[o + i] + act.d2FromValue(val[zo + i]) * g[zo + i] * t[o + i];
                }
            }
        }
    }
}
