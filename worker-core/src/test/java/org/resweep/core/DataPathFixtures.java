package org.resweep.core;

import java.util.EnumSet;
import java.util.Set;

import org.resweep.core.data.Dataset;
import org.resweep.core.net.Activation;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.net.Position;
import org.resweep.core.util.DeterministicRandom;

/**
 * Test fixtures for the data path: random data sets and weights, and a naive per-sample forward pass written
 * directly from docs/model.md §1 (independent of {@code NetworkSpec.blocks()} and of the production kernels).
 */
public final class DataPathFixtures {
    private DataPathFixtures() { }

    /** Gaussian inputs, one-hot targets, feature-major. */
    public static Dataset dataset(int n, int d, long seed) {
        DeterministicRandom r = new DeterministicRandom(seed);
        double[] x = new double[n * d], y = new double[n * d];
        for (int i = 0; i < n * d; i++) x[i] = r.nextGaussian();
        for (int i = 0; i < n; i++) y[(int) (r.nextDouble() * d) * n + i] = 1.0;
        return new Dataset("test-" + seed, n, d, x, y, "none");
    }

    public static double[] weights(NetworkSpec spec, double scale, long seed) {
        DeterministicRandom r = new DeterministicRandom(seed);
        double[] w = new double[spec.numParams()];
        for (int i = 0; i < w.length; i++) w[i] = scale * r.nextGaussian();
        return w;
    }

    public static NetworkSpec spec(int depth, int shortcut, int d, Activation act, Position... pos) {
        Set<Position> set = pos.length == 0 ? EnumSet.noneOf(Position.class) : EnumSet.of(pos[0], pos);
        return new NetworkSpec(depth, shortcut, d, act, set);
    }

    /** Result of a naive forward pass: outputs (sample-major) and the smallest non-zero |input| seen by a ReLU
     * whose input depends on the weights (kinks matter only there). */
    public record Forward(double[][] f, double minReluInput) { }

    /** docs/model.md §1, literally, one sample at a time. W[l](i,j) = w[l·d² + j·d + i]. */
    public static Forward forward(NetworkSpec spec, Dataset ds, double[] w) {
        int n = ds.n(), d = ds.d();
        Activation pre = spec.at(Position.PRE), mid = spec.at(Position.MID), post = spec.at(Position.POST);
        double[][] out = new double[n][];
        double[] minRelu = {Double.POSITIVE_INFINITY};
        for (int i = 0; i < n; i++) {
            double[] h = new double[d];
            for (int q = 0; q < d; q++) h[q] = ds.x()[q * n + i];
            int sc = spec.shortcut();
            if (sc > 0) {
                for (int k = 0; k < spec.depth() / sc; k++) {
                    double[] t = act(pre, h, k == 0 ? null : minRelu); // the data x does not move with W
                    for (int j = 0; j < sc; j++) {
                        t = matvec(w, (k * sc + j) * d * d, d, t);
                        t = act(j == sc - 1 ? post : mid, t, minRelu);
                    }
                    for (int q = 0; q < d; q++) h[q] += t[q];
                }
            } else {
                for (int l = 0; l < spec.depth(); l++) {
                    if (l % 2 == 0) h = act(pre, h, l == 0 ? null : minRelu);
                    h = matvec(w, l * d * d, d, h);
                    h = act(l % 2 == 0 ? mid : post, h, minRelu);
                }
            }
            out[i] = h;
        }
        return new Forward(out, minRelu[0]);
    }

    /** The loss (1/2N) Σ ‖f − y‖² from {@link #forward}. */
    public static double loss(NetworkSpec spec, Dataset ds, double[] w) {
        double[][] f = forward(spec, ds, w).f();
        int n = ds.n();
        double s = 0;
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < ds.d(); q++) {
                double r = f[i][q] - ds.y()[q * n + i];
                s += r * r;
            }
        }
        return s / (2.0 * n);
    }

    private static double[] matvec(double[] w, int off, int d, double[] v) {
        double[] o = new double[d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) o[i] += w[off + j * d + i] * v[j];
        }
        return o;
    }

    private static double[] act(Activation a, double[] v, double[] minRelu) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            // an exact 0 comes from clamped units upstream and stays 0 under small weight changes
            if (a == Activation.RELU && minRelu != null && v[i] != 0.0) minRelu[0] = Math.min(minRelu[0], Math.abs(v[i]));
            o[i] = a.apply(v[i]);
        }
        return o;
    }
}
