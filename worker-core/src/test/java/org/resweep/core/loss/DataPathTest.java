package org.resweep.core.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.resweep.core.DataPathFixtures;
import org.resweep.core.DataPathTolerances;
import org.resweep.core.data.Dataset;
import org.resweep.core.hessian.FiniteDifferenceHessian;
import org.resweep.core.net.Activation;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.net.Position;

class DataPathTest {

    static Stream<Arguments> networks() { return DataPathTestSupport.networks(); }

    static double[] awayFromKinks(NetworkSpec spec, Dataset ds, double scale, long seed) {
        return DataPathTestSupport.awayFromKinks(spec, ds, scale, seed);
    }

    static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) m = Math.max(m, Math.abs(x));
        return m;
    }

    @ParameterizedTest(name = "depth {0} shortcut {1} {2} {3}")
    @MethodSource("networks")
    void gradientMatchesCentralDifferences(int depth, int shortcut, Activation act, Position[] pos) {
        NetworkSpec spec = DataPathFixtures.spec(depth, shortcut, 3, act, pos);
        Dataset ds = DataPathFixtures.dataset(29, 3, 11);
        double[] w = awayFromKinks(spec, ds, 0.9, 100);
        DataPath dp = new DataPath(spec, ds);
        double[] g = new double[spec.numParams()];
        double loss = dp.lossAndGradient(w, g);
        assertEquals(DataPathFixtures.loss(spec, ds, w), loss, DataPathTolerances.ROUNDING * Math.max(1, loss));
        assertEquals(loss, dp.loss(w), 0.0, "loss() and lossAndGradient() agree exactly");
        double[] fd = FiniteDifferenceHessian.gradient(dp, w, DataPathTolerances.FD_STEP);
        double scale = Math.max(1, maxAbs(fd));
        assertTrue(maxAbs(g) > 1e-6, "gradient is not trivially zero");
        for (int j = 0; j < g.length; j++) {
            assertEquals(fd[j], g[j], DataPathTolerances.GRADIENT_VS_FD * scale, "gradient entry " + j);
        }
    }

    @Test
    void gradientMatchesCentralDifferencesAtWidth10() {
        NetworkSpec spec = DataPathFixtures.spec(4, 2, 10, Activation.RELU, Position.MID);
        Dataset ds = DataPathFixtures.dataset(37, 10, 12);
        double[] w = awayFromKinks(spec, ds, 0.3, 200);
        DataPath dp = new DataPath(spec, ds);
        double[] g = new double[spec.numParams()];
        dp.lossAndGradient(w, g);
        double[] fd = FiniteDifferenceHessian.gradient(dp, w, DataPathTolerances.FD_STEP);
        double scale = Math.max(1, maxAbs(fd));
        for (int j = 0; j < g.length; j++) assertEquals(fd[j], g[j], DataPathTolerances.GRADIENT_VS_FD * scale);
    }

    @Test
    void lossAtZeroIsHalfMeanSquaredResidualOfIdentity() {
        // W = 0, 2-shortcut: f(x) = x, so L = (1/2N) Σ ‖x − y‖², and for a plain net f = 0: L = (1/2N) Σ ‖y‖².
        Dataset ds = DataPathFixtures.dataset(53, 4, 13);
        double res = 0, yy = 0;
        for (int k = 0; k < ds.x().length; k++) {
            res += (ds.x()[k] - ds.y()[k]) * (ds.x()[k] - ds.y()[k]);
            yy += ds.y()[k] * ds.y()[k];
        }
        NetworkSpec res2 = DataPathFixtures.spec(4, 2, 4, Activation.TANH, Position.values());
        NetworkSpec plain = DataPathFixtures.spec(4, 0, 4, Activation.RELU, Position.values());
        double[] zero = new double[res2.numParams()];
        assertEquals(res / (2 * 53), new DataPath(res2, ds).loss(zero), DataPathTolerances.ROUNDING);
        assertEquals(yy / (2 * 53), new DataPath(plain, ds).loss(zero), DataPathTolerances.ROUNDING);
    }

    @Test
    void deterministicAndIndependentOfChunkSize() {
        NetworkSpec spec = DataPathFixtures.spec(6, 2, 10, Activation.RELU, Position.MID);
        Dataset ds = DataPathFixtures.dataset(1003, 10, 14);
        double[] w = DataPathFixtures.weights(spec, 0.3, 15);
        double[] g1 = new double[spec.numParams()], g2 = new double[spec.numParams()], g3 = new double[spec.numParams()];
        DataPath dp = new DataPath(spec, ds);
        double l1 = dp.lossAndGradient(w, g1);
        double l2 = dp.lossAndGradient(w, g2);
        assertEquals(l1, l2, 0.0);
        assertArrayEquals(g1, g2, "two calls: bit-identical");
        for (int chunk : new int[] {64, 200, 512, 1024}) { // divisors and multiples of the loss block, and neither
            double l3 = new DataPath(spec, ds, chunk).lossAndGradient(w, g3);
            assertArrayEquals(g1, g3, "gradient does not depend on the chunk size: " + chunk);
            assertEquals(Double.doubleToRawLongBits(l1), Double.doubleToRawLongBits(l3), "nor does the loss: " + chunk);
        }
        double lNaive = DataPathFixtures.loss(spec, ds, w);
        assertEquals(lNaive, l1, DataPathTolerances.ROUNDING * lNaive);
    }

    /**
     * DataPath's gradient-only pass (shared z / gH scratch, products not stored where the epilogue is applied from the
     * registers) gives the bits of a pass that keeps every intermediate, for every activation and position — including
     * a ReLU post activation (z[last] kept for its mask) and d = 10 (the 5-row and 5 × 5 kernels).
     */
    @Test
    void gradientOnlyPassGivesTheBitsOfTheFullPass() {
        Object[][] nets = {
            {6, 2, 10, Activation.RELU, new Position[] {Position.MID}},
            {4, 2, 10, Activation.TANH, new Position[] {Position.MID}},
            {6, 3, 10, Activation.RELU, Position.values()},
            {6, 3, 7, Activation.TANH, Position.values()},
            {4, 1, 5, Activation.SYMMETRIC_SIGMOID, new Position[] {Position.MID, Position.POST}},
            {3, 0, 4, Activation.LINEAR, new Position[0]},
        };
        for (Object[] n : nets) {
            int d = (Integer) n[2];
            NetworkSpec spec = DataPathFixtures.spec((Integer) n[0], (Integer) n[1], d, (Activation) n[3], (Position[]) n[4]);
            Dataset ds = DataPathFixtures.dataset(301, d, 21);
            double[] w = DataPathFixtures.weights(spec, 0.3, 22), g = new double[spec.numParams()];
            double loss = new DataPath(spec, ds, 64).lossAndGradient(w, g);
            // the same sums with a pass that keeps everything, in chunks of one loss block (256 samples)
            int cap = DataPath.LOSS_BLOCK;
            ChunkPass full = new ChunkPass(spec, cap, false);
            full.setWeights(w);
            double[][] lanes = new double[spec.depth()][d * d * Kernels.LANES];
            double sum = 0;
            for (int start = 0; start < ds.n(); start += cap) {
                full.load(ds, start, Math.min(cap, ds.n() - start));
                full.forward();
                sum += full.residual(ds.n());
                full.backward(lanes, false);
            }
            String at = spec + " " + Kernels.implementation();
            assertEquals(Double.doubleToRawLongBits(sum / (2.0 * ds.n())), Double.doubleToRawLongBits(loss), "loss " + at);
            for (int l = 0; l < spec.depth(); l++) {
                for (int p = 0; p < d; p++) {
                    for (int q = 0; q < d; q++) {
                        double e = Kernels.reduceLanes(lanes[l], (p * d + q) * Kernels.LANES);
                        assertEquals(Double.doubleToRawLongBits(e), Double.doubleToRawLongBits(g[spec.offset(l) + q * d + p]),
                                "gradient layer " + l + " (" + p + ", " + q + ") " + at);
                    }
                }
            }
        }
    }

    @Test
    void rejectsMismatchedShapes() {
        Dataset ds = DataPathFixtures.dataset(10, 3, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DataPath(NetworkSpec.linear(2, 1, 4), ds));
        assertTrue(e.getMessage().contains("width"));
        DataPath dp = new DataPath(NetworkSpec.linear(2, 1, 3), ds);
        assertThrows(IllegalArgumentException.class, () -> dp.loss(new double[5]));
        assertThrows(IllegalArgumentException.class, () -> new DataPath(NetworkSpec.linear(2, 1, 3), ds, 12));
    }
}
