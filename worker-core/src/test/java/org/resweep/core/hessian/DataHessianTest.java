package org.resweep.core.hessian;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.resweep.core.DataPathFixtures;
import org.resweep.core.DataPathTolerances;
import org.resweep.core.data.Dataset;
import org.resweep.core.loss.DataPath;
import org.resweep.core.net.Activation;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.net.Position;

class DataHessianTest {

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> networks() {
        return org.resweep.core.loss.DataPathTestSupport.networks();
    }

    static double maxAbs(double[] v, int len) {
        double m = 0;
        for (int i = 0; i < len; i++) m = Math.max(m, Math.abs(v[i]));
        return m;
    }

    static void assertSymmetric(DMatrixRMaj h) {
        for (int i = 0; i < h.numRows; i++) {
            for (int j = 0; j < i; j++) assertEquals(h.get(i, j), h.get(j, i), 0.0, "H exactly symmetric at " + i + "," + j);
        }
    }

    static void assertMatchesFiniteDifferences(NetworkSpec spec, Dataset ds, double[] w) {
        DMatrixRMaj h = new DataHessian(spec, ds).hessian(w, null);
        DMatrixRMaj fd = new FiniteDifferenceHessian(new DataPath(spec, ds), DataPathTolerances.FD_STEP).hessian(w, null);
        assertSymmetric(h);
        int len = h.getNumElements();
        double scale = Math.max(1, maxAbs(fd.data, len));
        assertTrue(maxAbs(h.data, len) > 1e-6, "Hessian is not trivially zero");
        for (int k = 0; k < len; k++) {
            assertEquals(fd.data[k], h.data[k], DataPathTolerances.HESSIAN_VS_FD * scale,
                    "entry (" + k / h.numCols + "," + k % h.numCols + ")");
        }
    }

    @ParameterizedTest(name = "depth {0} shortcut {1} {2} {3}")
    @MethodSource("networks")
    void matchesFiniteDifferencesOfGradient(int depth, int shortcut, Activation act, Position[] pos) {
        NetworkSpec spec = DataPathFixtures.spec(depth, shortcut, 3, act, pos);
        Dataset ds = DataPathFixtures.dataset(29, 3, 21);
        assertMatchesFiniteDifferences(spec, ds, org.resweep.core.loss.DataPathTestSupport.awayFromKinks(spec, ds, 0.9, 300));
    }

    @Test
    void matchesFiniteDifferencesAtWidth10() {
        NetworkSpec spec = DataPathFixtures.spec(4, 2, 10, Activation.TANH, Position.values());
        Dataset ds = DataPathFixtures.dataset(45, 10, 22);
        assertMatchesFiniteDifferences(spec, ds, DataPathFixtures.weights(spec, 0.3, 23));
    }

    /** ReLU at d = 10 (the 2 × 10 register blocks of the compacted contraction), every ReLU position. */
    @Test
    void reluMatchesFiniteDifferencesAtWidth10() {
        for (Position[] pos : new Position[][] {{Position.MID}, Position.values()}) {
            NetworkSpec spec = DataPathFixtures.spec(4, 2, 10, Activation.RELU, pos);
            Dataset ds = DataPathFixtures.dataset(13, 10, 28);
            assertMatchesFiniteDifferences(spec, ds, org.resweep.core.loss.DataPathTestSupport.awayFromKinks(spec, ds, 0.9, 400));
        }
    }

    /**
     * Skipping the samples where the ReLUs next to a layer are off changes no bit: their terms are exactly zero and
     * every entry is one fma chain (a zero term leaves it unchanged). This holds for the ReLU after the source layer's
     * z_a too (the row pairs (x, r) of {@code CompactPairs.lanePair}). Three chunks, the last one padded, ReLU before
     * (pre), between (mid) and after (post) the products, alone, in pairs (the lists of one side of layer b with those
     * of z_a) and all together.
     */
    @Test
    void skippingInactiveReluSamplesChangesNoBit() {
        Dataset ds = DataPathFixtures.dataset(2 * DataHessian.CHUNK + 37, 10, 29);
        for (Position[] pos : new Position[][] {{Position.PRE}, {Position.MID}, {Position.POST}, {Position.PRE, Position.MID},
                {Position.MID, Position.POST}, Position.values()}) {
            NetworkSpec spec = DataPathFixtures.spec(4, 2, 10, Activation.RELU, pos);
            double[] w = DataPathFixtures.weights(spec, 0.4, 30);
            DMatrixRMaj skip = new DataHessian(spec, ds).hessian(w, null), every = new DataHessian(spec, ds, false).hessian(w, null);
            assertTrue(maxAbs(every.data, every.getNumElements()) > 1e-3, "non-trivial Hessian for " + Arrays.toString(pos));
            assertArrayEquals(every.data, skip.data, Arrays.toString(pos));
        }
    }

    @Test
    void deterministic() {
        NetworkSpec spec = DataPathFixtures.spec(4, 2, 5, Activation.SYMMETRIC_SIGMOID, Position.values());
        Dataset ds = DataPathFixtures.dataset(300, 5, 24);
        double[] w = DataPathFixtures.weights(spec, 0.4, 25);
        DataHessian dh = new DataHessian(spec, ds);
        DMatrixRMaj a = dh.hessian(w, null), b = dh.hessian(w, new DMatrixRMaj(1, 1));
        assertArrayEquals(a.data, b.data);
        assertArrayEquals(a.data, new DataHessian(spec, ds).hessian(w, null).data);
    }

    /** Sorted eigenvalues of a symmetric matrix (EJML does not sort). */
    static double[] eigenvalues(DMatrixRMaj h) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(h.numRows, false, true);
        assertTrue(eig.decompose(h.copy()));
        double[] ev = new double[h.numRows];
        for (int i = 0; i < ev.length; i++) ev[i] = eig.getEigenvalue(i).real;
        Arrays.sort(ev);
        return ev;
    }

    /** Sorted singular values of C, each ±, repeated {@code times}: the docs/model.md §6 n = 2 spectrum. */
    static double[] plusMinusSingularValues(DMatrixRMaj c, int times) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(c.numRows, c.numCols, false, false, true);
        assertTrue(svd.decompose(c.copy()));
        double[] sv = svd.getSingularValues();
        double[] out = new double[2 * sv.length * times];
        int k = 0;
        for (double v : sv) {
            for (int t = 0; t < times; t++) { out[k++] = v; out[k++] = -v; }
        }
        Arrays.sort(out);
        return out;
    }

    /** docs/model.md §6 with activations, n = 2, W = 0: C = σ'_mid(0) σ'_post(0) E[σ_pre(x)(x − y)ᵀ]; eigenvalues ±σ_j(C), K·d times. */
    @Test
    void twoShortcutAtZeroWithActivations() {
        int d = 4, depth = 6, n = 40;
        Dataset ds = DataPathFixtures.dataset(n, d, 26);
        for (Activation act : new Activation[] {Activation.LINEAR, Activation.TANH, Activation.SYMMETRIC_SIGMOID}) {
            NetworkSpec spec = DataPathFixtures.spec(depth, 2, d, act, Position.values());
            double slope = act.d1(0) * act.d1(0);
            DMatrixRMaj c = new DMatrixRMaj(d, d);
            for (int p = 0; p < d; p++) {
                for (int q = 0; q < d; q++) {
                    double s = 0;
                    for (int i = 0; i < n; i++) s += act.apply(ds.x()[p * n + i]) * (ds.x()[q * n + i] - ds.y()[q * n + i]);
                    c.set(p, q, slope * s / n);
                }
            }
            double[] w = new double[spec.numParams()];
            DMatrixRMaj h = new DataHessian(spec, ds).hessian(w, null);
            double[] g = new double[w.length];
            new DataPath(spec, ds).lossAndGradient(w, g);
            assertEquals(0.0, maxAbs(g, g.length), 0.0, "gradient zero at W = 0 (n = 2)");
            double[] expected = plusMinusSingularValues(c, (depth / 2) * d);
            double[] actual = eigenvalues(h);
            double scale = Math.max(1, expected[expected.length - 1]);
            assertTrue(expected[expected.length - 1] > 1e-2, "non-trivial C for " + act);
            for (int k = 0; k < actual.length; k++) {
                assertEquals(expected[k], actual[k], DataPathTolerances.EIGEN * scale, act + " eigenvalue " + k);
            }
        }
    }

    /** docs/model.md §6, linear: n ≥ 3 gives H = 0; n = 1 gives diagonal blocks Σxx ⊗ I. */
    @Test
    void linearClosedFormsAtZero() {
        int d = 3, n = 33;
        Dataset ds = DataPathFixtures.dataset(n, d, 27);
        NetworkSpec three = NetworkSpec.linear(6, 3, d);
        DMatrixRMaj h3 = new DataHessian(three, ds).hessian(new double[three.numParams()], null);
        assertEquals(0.0, CommonOps_DDRM.elementMaxAbs(h3), 0.0, "n = 3: Hessian exactly zero at W = 0");

        NetworkSpec one = NetworkSpec.linear(3, 1, d);
        DMatrixRMaj h1 = new DataHessian(one, ds).hessian(new double[one.numParams()], null);
        double[] sxx = ds.moments().sxx();
        int d2 = d * d;
        for (int l = 0; l < 3; l++) {
            for (int q = 0; q < d; q++) {
                for (int p = 0; p < d; p++) {
                    for (int s = 0; s < d; s++) {
                        for (int r = 0; r < d; r++) {
                            double expected = p == r ? sxx[q * d + s] : 0.0;
                            assertEquals(expected, h1.get(l * d2 + q * d + p, l * d2 + s * d + r), DataPathTolerances.ROUNDING);
                        }
                    }
                }
            }
        }
    }
}
