package org.resweep.core.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.resweep.core.DataPathTolerances;
import org.resweep.core.net.Activation;
import org.resweep.core.util.DeterministicRandom;

/** The SIMD kernels give bit-identical results to the scalar ones, and both compute the stated formulas. */
class KernelsTest {
    static double[] random(int n, long seed) {
        DeterministicRandom r = new DeterministicRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextGaussian();
        return v;
    }

    @Test
    void mulComputesMatrixProduct() {
        int d = 7, m = 37, stride = 40;
        double[] a = random(d * d, 1), in = random(d * stride, 2), out = new double[d * stride];
        Kernels.mul(a, d, in, 0, stride, out, 0, stride, m);
        for (int p = 0; p < d; p++) {
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int q = 0; q < d; q++) s += a[p * d + q] * in[q * stride + i];
                assertEquals(s, out[p * stride + i], DataPathTolerances.ROUNDING);
            }
        }
    }

    /**
     * The surefire execution {@code kernels-4-lanes} (worker-core/pom.xml) sets {@code resweep.expectVectorLanes=4}
     * with {@code -XX:MaxVectorSize=32}: the kernel tests there must really run the 4-lane (AVX2) code.
     */
    @Test
    void vectorWidthIsTheExpectedOne() {
        String expected = System.getProperty("resweep.expectVectorLanes");
        assumeTrue(expected != null, "no expected vector width set for this JVM");
        assertEquals(Integer.parseInt(expected), Kernels.VECTOR_LANES, Kernels.implementation());
    }

    /** Several widths; m = 8 is one lane group, m = 72 nine. */
    @Test
    void vectorKernelsAreBitIdenticalToScalar() {
        assumeTrue(Kernels.VECTOR, "Vector API not available in this JVM");
        for (int d : new int[] {3, 4, 5, 10, 11}) {
            for (int m : new int[] {8, 72, 168}) assertVectorMatchesScalar(d, m);
        }
    }

    static void assertVectorMatchesScalar(int d, int m) {
        int stride = 176;
        String at = " d=" + d + " m=" + m + " " + Kernels.implementation();
        double[] a = random(d * d, d), in = random(d * stride, 3);
        double[] mask = random(d * stride, 11);
        mask[0] = 0.0;
        mask[1] = -0.0;
        for (int mode : new int[] {Kernels.STORE, Kernels.STORE_RELU, Kernels.STORE_MASKED, Kernels.STORE_ADD,
                Kernels.STORE_TANH, Kernels.STORE_TANH_D}) {
            double[] o1 = new double[d * stride], o2 = new double[d * stride];
            double[] x1 = new double[d * stride], x2 = new double[d * stride];
            VectorKernels.mul(a, d, in, 0, stride, o1, 0, stride, m - 3, mode, mask, x1);
            Kernels.mulScalar(a, d, in, 0, stride, o2, 0, stride, m - 3, 0, mode, mask, x2);
            assertArrayEquals(o2, o1, "mul mode " + mode + at);
            assertArrayEquals(x2, x1, "mul second output, mode " + mode + at);
            // the fused epilogue equals the separate element-wise pass after the plain product
            for (int k = 0; k < d * stride; k++) {
                double e = mode == Kernels.STORE ? 0.0 : mode == Kernels.STORE_ADD ? mask[k] + o2[k]
                        : mode == Kernels.STORE_TANH ? Activation.TANH.apply(o2[k])
                        : mode == Kernels.STORE_TANH_D ? Activation.TANH.d1FromValue(mask[k]) * o2[k]
                        : (mode == Kernels.STORE_RELU ? o2[k] : mask[k]) > 0 ? o2[k] : 0.0;
                if (k % stride >= m - 3) e = 0.0;
                assertEquals(Double.doubleToRawLongBits(e), Double.doubleToRawLongBits(x2[k]), "epilogue mode " + mode + " at " + k + at);
            }
        }

        double[] l1 = random(d * d * 8, 4), l2 = l1.clone(), h = random(d * stride, 5);
        VectorKernels.outerLanes(l1, in, 0, h, 0, stride, d, m);
        Kernels.outerLanesScalar(l2, in, 0, h, 0, stride, d, m);
        assertArrayEquals(l2, l1, "outerLanes" + at);

    }

    @Test
    void vectorElementwiseIsBitIdenticalToScalar() {
        assumeTrue(Kernels.VECTOR, "Vector API not available in this JVM");
        int m = 45;
        double[] z = random(m + 3, 31), g = random(m + 3, 32), base = random(m + 3, 33);
        z[5] = 0.0;
        z[6] = -0.0;
        double[] v = new double[m + 3], s = new double[m + 3];
        VectorKernels.relu(z, v, 3, m);
        for (int i = 3; i < 3 + m; i++) s[i] = z[i] > 0 ? z[i] : 0.0;
        assertArrayEquals(s, v, "relu");
        for (boolean acc : new boolean[] {false, true}) {
            v = base.clone();
            s = base.clone();
            VectorKernels.reluMask(z, 3, g, v, 3, m, acc);
            for (int i = 3; i < 3 + m; i++) {
                double t = z[i] > 0 ? g[i] : 0.0;
                s[i] = acc ? s[i] + t : t;
            }
            assertArrayEquals(s, v, "reluMask acc=" + acc);
        }
        v = base.clone();
        s = base.clone();
        VectorKernels.addTo(g, v, 3, m);
        for (int i = 3; i < 3 + m; i++) s[i] = g[i] + s[i];
        assertArrayEquals(s, v, "addTo");
    }

    /**
     * The SIMD tanh gives Tanh.tanh's bits (scale 1: tanh; 0.5: the symmetric sigmoid) on inputs over every formula
     * branch: ±0, subnormals, the 0.625 switch, |x| ≥ 22, ±∞, NaN, and Gaussian values of several scales.
     */
    @Test
    void vectorTanhIsBitIdenticalToScalar() {
        assumeTrue(Kernels.VECTOR, "Vector API not available in this JVM");
        double[] special = {0.0, -0.0, Double.MIN_VALUE, -1e-310, 1e-160, 0.625, -0.625, Math.nextDown(0.625),
            Math.nextUp(0.625), 1.25, 21.999, 22.0, -22.0, 40.0, 1e300, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.NaN, 0.3, -5.0};
        int m = 4099;
        double[] z = random(m + 3, 34);
        for (int i = 0; i < m + 3; i++) z[i] *= (i % 7 == 0) ? 40.0 : (i % 3 == 0) ? 0.2 : 1.5;
        System.arraycopy(special, 0, z, 3, special.length);
        for (int i = 64; i < 96; i++) z[i] = (i % 2 == 0 ? 1 : -1) * (0.7 + 0.3 * i); // whole vectors without a small lane
        for (int i = 96; i < 128; i++) z[i] = 0.01 * (i - 112); // whole vectors of small lanes only
        for (double scale : new double[] {1.0, 0.5}) {
            Activation act = scale == 1.0 ? Activation.TANH : Activation.SYMMETRIC_SIGMOID;
            double[] v = new double[m + 3], s = new double[m + 3];
            VectorKernels.tanh(z, v, 3, m, scale);
            for (int i = 3; i < 3 + m; i++) s[i] = act.apply(z[i]);
            for (int i = 0; i < m + 3; i++) {
                assertEquals(Double.doubleToRawLongBits(s[i]), Double.doubleToRawLongBits(v[i]),
                        act.id() + " at " + z[i] + " " + Kernels.implementation());
            }
        }
    }

    /** The written-out tanh / symmetric-sigmoid derivative loops of Elementwise give Activation.d1FromValue / d2FromValue's bits. */
    @Test
    void smoothDerivativePassesAreBitIdenticalToActivation() {
        for (Activation act : new Activation[] {Activation.TANH, Activation.SYMMETRIC_SIGMOID}) smoothDerivativePasses(act);
    }

    static void smoothDerivativePasses(Activation act) {
        int rows = 3, dirs = 2, stride = 24, m = 19;
        double[] z = random(rows * stride, 41), val = new double[rows * stride];
        for (int i = 0; i < val.length; i++) val[i] = act.apply(z[i]);
        double[] g = random(rows * dirs * stride, 42), t = random(rows * dirs * stride, 43), base = random(rows * dirs * stride, 44);
        double[] gz = random(rows * stride, 45);
        for (boolean acc : new boolean[] {false, true}) {
            double[] got = base.clone(), want = base.clone();
            Elementwise.mulD1(act, z, val, g, got, acc, rows, dirs, stride, m);
            for (int q = 0; q < rows; q++) for (int r = 0; r < dirs; r++) for (int i = 0; i < m; i++) {
                int o = (q * dirs + r) * stride + i;
                double v = act.d1FromValue(val[q * stride + i]) * g[o];
                want[o] = acc ? want[o] + v : v;
            }
            assertArrayEquals(want, got, act.id() + " mulD1 acc=" + acc);
        }
        double[] got = base.clone(), want = base.clone();
        Elementwise.addD2(act, z, val, gz, t, got, rows, dirs, stride, m);
        for (int q = 0; q < rows; q++) for (int r = 0; r < dirs; r++) for (int i = 0; i < m; i++) {
            int o = (q * dirs + r) * stride + i;
            want[o] = want[o] + act.d2FromValue(val[q * stride + i]) * gz[q * stride + i] * t[o];
        }
        assertArrayEquals(want, got, act.id() + " addD2");
    }
}
