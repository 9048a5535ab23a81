package org.resweep.core.loss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.resweep.core.data.Dataset;
import org.resweep.core.data.Moments;
import org.resweep.core.net.Block;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.util.DeterministicRandom;

/** Random data, weights and an independent per-sample forward pass for the moment-path tests. */
public final class MomentFixtures {
    private MomentFixtures() {}

    /** A data set with Gaussian inputs and Gaussian targets partly explained by a random linear map. */
    public static Dataset randomDataset(int d, int n, long seed) {
        DeterministicRandom r = new DeterministicRandom(seed);
        double[] a = new double[d * d];
        for (int t = 0; t < a.length; t++) a[t] = 0.5 * r.nextGaussian();
        double[] x = new double[d * n], y = new double[d * n];
        for (int t = 0; t < x.length; t++) x[t] = r.nextGaussian() + (t % 3 == 0 ? 0.3 : 0.0);
        for (int s = 0; s < n; s++) {
            for (int p = 0; p < d; p++) {
                double v = 0.2 * r.nextGaussian();
                for (int q = 0; q < d; q++) v += a[p * d + q] * x[q * n + s];
                y[p * n + s] = v;
            }
        }
        return new Dataset("random-" + seed, n, d, x, y, "none");
    }

    /** Whitened-like moments: Σxx = I, a random Σxy, E‖y‖² = 1. */
    public static Moments whitenedMoments(int d, long seed) {
        DeterministicRandom r = new DeterministicRandom(seed);
        double[] sxx = new double[d * d], sxy = new double[d * d];
        for (int i = 0; i < d; i++) sxx[i * d + i] = 1.0;
        for (int t = 0; t < sxy.length; t++) sxy[t] = 0.5 * r.nextGaussian();
        return new Moments(d, sxx, sxy, 1.0);
    }

    /** Independent Gaussian weights times {@code scale}. */
    public static double[] randomWeights(NetworkSpec spec, double scale, long seed) {
        DeterministicRandom r = new DeterministicRandom(seed);
        double[] w = new double[spec.numParams()];
        for (int t = 0; t < w.length; t++) w[t] = scale * r.nextGaussian();
        return w;
    }

    /**
     * {@code (1/2N) Σ_s ‖f(x_s) − y_s‖²} by running every sample through {@link NetworkSpec#blocks()} — an
     * implementation independent of {@link LinearMaps} (vectors, not maps).
     */
    public static double bruteForceLoss(NetworkSpec spec, double[] w, Dataset ds) {
        int d = spec.width(), n = ds.n();
        double total = 0;
        double[] h = new double[d], z = new double[d], t = new double[d];
        for (int s = 0; s < n; s++) {
            for (int q = 0; q < d; q++) h[q] = ds.x()[q * n + s];
            for (Block b : spec.blocks()) {
                System.arraycopy(h, 0, z, 0, d);
                for (int l = b.firstLayer(); l <= b.lastLayer(); l++) {
                    int off = spec.offset(l);
                    for (int i = 0; i < d; i++) {
                        double v = 0;
                        for (int j = 0; j < d; j++) v += w[off + j * d + i] * z[j]; // W(i,j) column-major
                        t[i] = v;
                    }
                    System.arraycopy(t, 0, z, 0, d);
                }
                for (int i = 0; i < d; i++) h[i] = (b.skip() ? h[i] : 0.0) + z[i];
            }
            for (int p = 0; p < d; p++) {
                double e = h[p] - ds.y()[p * n + s];
                total += e * e;
            }
        }
        return total / (2.0 * n);
    }

    public static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    /** Asserts {@code max_i |expected_i − actual_i| ≤ tol · max|expected|} (and that the scale is non-zero). */
    public static void assertRelClose(double[] expected, double[] actual, double tol, String what) {
        double scale = maxAbs(expected);
        assertTrue(scale > 0, what + ": reference is all zero, the comparison would prove nothing");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double e = Math.abs(expected[i] - actual[i]);
            if (e > worst) {
                worst = e;
                at = i;
            }
        }
        assertTrue(worst <= tol * scale, what + ": max error " + worst + " at " + at + " exceeds " + tol
                + " × scale " + scale);
    }
}
