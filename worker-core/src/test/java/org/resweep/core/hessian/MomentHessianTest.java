package org.resweep.core.hessian;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.resweep.core.Tolerances;
import org.resweep.core.data.Moments;
import org.resweep.core.loss.LinearMaps;
import org.resweep.core.loss.MomentFixtures;
import org.resweep.core.loss.MomentPath;
import org.resweep.core.net.Activation;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.net.Position;

class MomentHessianTest {

    /** (depth, shortcut, width, weight scale): plain (odd and even), 1-, 2-, 3-, 4-shortcut; d = 3, 4, 10; one deep net. */
    static Stream<Arguments> nets() {
        return Stream.of(
                Arguments.of(1, 0, 3, 0.5),
                Arguments.of(3, 0, 3, 0.5),
                Arguments.of(4, 0, 4, 0.5),
                Arguments.of(5, 0, 3, 0.5),
                Arguments.of(3, 1, 4, 0.4),
                Arguments.of(4, 2, 3, 0.4),
                Arguments.of(6, 2, 4, 0.4),
                Arguments.of(6, 3, 3, 0.4),
                Arguments.of(8, 4, 3, 0.4),
                Arguments.of(3, 0, 10, 0.3),
                Arguments.of(3, 1, 10, 0.3),
                Arguments.of(4, 2, 10, 0.3),
                Arguments.of(24, 3, 3, 0.3));
    }

    private static Moments moments(int d) { return Moments.of(MomentFixtures.randomDataset(d, 200, 1000 + d)); }

    @ParameterizedTest(name = "depth={0} n={1} d={2}")
    @MethodSource("nets")
    void matchesFiniteDifferencesOfTheGradientAndIsExactlySymmetric(int depth, int n, int d, double scale) {
        NetworkSpec spec = NetworkSpec.linear(depth, n, d);
        Moments mom = moments(d);
        double[] w = MomentFixtures.randomWeights(spec, scale, 11 + depth * 17L + n);
        DMatrixRMaj exact = new MomentHessian(spec, mom).hessian(w, null);
        DMatrixRMaj fd = new FiniteDifferenceHessian(new MomentPath(spec, mom), Tolerances.FD_STEP).hessian(w, null);
        MomentFixtures.assertRelClose(fd.data, exact.data, Tolerances.FD_HESSIAN, "Hessian " + spec);
        assertExactlySymmetric(exact);
    }

    /** The second-order term must matter in these tests, else they would not check {@code Mid}: compare GN only. */
    @Test
    void secondOrderTermIsExercised() {
        NetworkSpec spec = NetworkSpec.linear(6, 3, 3);
        Moments mom = moments(3);
        double[] w = MomentFixtures.randomWeights(spec, 0.4, 3);
        DMatrixRMaj h = new MomentHessian(spec, mom).hessian(w, null);
        // W_0(0,0) vs W_2(0,0): same block, two apart — GN and Mid parts both non-zero at generic weights.
        double gaussNewtonOnly = gaussNewtonEntry(spec, mom, w, 0, 0, 0, 2, 0, 0);
        double entry = h.get(spec.offset(0), spec.offset(2));
        assertTrue(Math.abs(entry - gaussNewtonOnly) > 1e-3 * Math.abs(entry),
                "the second-order part should be visible: H=" + entry + " GN=" + gaussNewtonOnly);
    }

    /** The Gauss–Newton part alone, {@code tr(dM_a S dM_bᵀ)}, with {@code dM} from differences of M. */
    private static double gaussNewtonEntry(NetworkSpec spec, Moments mom, double[] w, int a, int i, int j,
                                           int b, int k, int l) {
        int d = spec.width();
        double[] dma = dEndToEnd(spec, w, spec.offset(a) + j * d + i);
        double[] dmb = dEndToEnd(spec, w, spec.offset(b) + l * d + k);
        double s = 0; // tr(dMa S dMbᵀ) = Σ_{p,q,r} dMa[p,q] S[q,r] dMb[p,r]
        for (int pp = 0; pp < d; pp++)
            for (int q = 0; q < d; q++)
                for (int r = 0; r < d; r++) s += dma[pp * d + q] * mom.sxx()[q * d + r] * dmb[pp * d + r];
        return s;
    }

    /** ∂M/∂w_t by central differences of M (exact for a map linear in w_t, up to rounding). */
    private static double[] dEndToEnd(NetworkSpec spec, double[] w, int t) {
        double[] wp = w.clone(), wm = w.clone();
        wp[t] += 1;
        wm[t] -= 1;
        double[] mp = endToEnd(spec, wp), mm = endToEnd(spec, wm);
        for (int u = 0; u < mp.length; u++) mp[u] = (mp[u] - mm[u]) / 2;
        return mp;
    }

    private static double[] endToEnd(NetworkSpec spec, double[] w) {
        LinearMaps maps = new LinearMaps(spec);
        maps.forward(w);
        return maps.endToEnd().clone();
    }

    @Test
    void reusesTheOutputMatrixAndIsBitReproducible() {
        NetworkSpec spec = NetworkSpec.linear(6, 2, 4);
        MomentHessian mh = new MomentHessian(spec, moments(4));
        double[] w1 = MomentFixtures.randomWeights(spec, 0.4, 1), w2 = MomentFixtures.randomWeights(spec, 0.4, 2);
        DMatrixRMaj first = mh.hessian(w1, null).copy();
        DMatrixRMaj out = new DMatrixRMaj(3, 3);
        mh.hessian(w2, out);
        assertSame(out, mh.hessian(w1, out));
        assertEquals(spec.numParams(), out.numRows);
        assertArrayEquals(first.data, out.data, 0.0);
    }

    @Test
    void rejectsNonlinearNetworks() {
        NetworkSpec tanh = new NetworkSpec(4, 2, 3, Activation.TANH, Set.of(Position.PRE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MomentHessian(tanh, moments(3)));
        assertTrue(e.getMessage().contains("tanh") && e.getMessage().contains("MomentHessian"), e.getMessage());
    }

    static void assertExactlySymmetric(DMatrixRMaj h) {
        for (int r = 0; r < h.numRows; r++) {
            for (int c = r + 1; c < h.numCols; c++) {
                if (Double.doubleToLongBits(h.unsafe_get(r, c)) != Double.doubleToLongBits(h.unsafe_get(c, r))) {
                    throw new AssertionError("not exactly symmetric at (" + r + "," + c + "): " + h.unsafe_get(r, c)
                            + " vs " + h.unsafe_get(c, r));
                }
            }
        }
    }
}
