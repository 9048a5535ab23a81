package org.resweep.core.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.resweep.core.Tolerances;
import org.resweep.core.data.Dataset;
import org.resweep.core.data.Moments;
import org.resweep.core.hessian.FiniteDifferenceHessian;
import org.resweep.core.net.Activation;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.net.Position;

class MomentPathTest {

    /** (depth, shortcut, width, weight scale): plain (odd and even depth), 1-, 2-, 3-shortcut; d = 3, 4 and 10. */
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
                Arguments.of(4, 0, 10, 0.3),
                Arguments.of(4, 2, 10, 0.3),
                Arguments.of(3, 1, 10, 0.3),
                Arguments.of(6, 3, 10, 0.3));
    }

    private static Dataset data(int d) { return MomentFixtures.randomDataset(d, 200, 1000 + d); }

    @ParameterizedTest(name = "depth={0} n={1} d={2}")
    @MethodSource("nets")
    void lossMatchesBruteForcePassOverTheSamples(int depth, int n, int d, double scale) {
        NetworkSpec spec = NetworkSpec.linear(depth, n, d);
        Dataset ds = data(d);
        MomentPath path = new MomentPath(spec, Moments.of(ds));
        for (long seed = 1; seed <= 3; seed++) {
            double[] w = MomentFixtures.randomWeights(spec, scale, seed * 31 + depth);
            double expected = MomentFixtures.bruteForceLoss(spec, w, ds);
            double actual = path.loss(w);
            assertEquals(expected, actual, Tolerances.LOSS_VS_DATA * Math.abs(expected), "loss at seed " + seed);
            assertEquals(actual, path.lossAndGradient(w, new double[w.length]), 0.0,
                    "loss() and lossAndGradient() must agree bit for bit");
        }
    }

    @ParameterizedTest(name = "depth={0} n={1} d={2}")
    @MethodSource("nets")
    void gradientMatchesCentralDifferencesOfTheLoss(int depth, int n, int d, double scale) {
        NetworkSpec spec = NetworkSpec.linear(depth, n, d);
        MomentPath path = new MomentPath(spec, Moments.of(data(d)));
        double[] w = MomentFixtures.randomWeights(spec, scale, 7 + depth * 13L + n);
        double[] g = new double[w.length];
        path.lossAndGradient(w, g);
        double[] fd = FiniteDifferenceHessian.gradient(path, w, Tolerances.FD_STEP);
        MomentFixtures.assertRelClose(fd, g, Tolerances.FD_GRADIENT, "gradient " + spec);
    }

    @Test
    void gradientIsBitReproducibleAndCarriesNoStateBetweenCalls() {
        NetworkSpec spec = NetworkSpec.linear(6, 2, 4);
        MomentPath path = new MomentPath(spec, Moments.of(data(4)));
        double[] w1 = MomentFixtures.randomWeights(spec, 0.4, 1), w2 = MomentFixtures.randomWeights(spec, 0.4, 2);
        double[] a = new double[w1.length], b = new double[w1.length], other = new double[w1.length];
        double la = path.lossAndGradient(w1, a);
        path.lossAndGradient(w2, other);
        double lb = path.lossAndGradient(w1, b);
        assertEquals(la, lb, 0.0);
        assertArrayEquals(a, b, 0.0);
        assertTrue(MomentFixtures.maxAbs(a) > 0);
    }

    /** The brief: no allocation per call in steady state (scratch buffers only). Counts this thread's bytes. */
    @Test
    void lossAndGradientDoesNotAllocateInSteadyState() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "per-thread allocation counter unavailable on this JVM");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled());
        NetworkSpec spec = NetworkSpec.linear(20, 2, 10);
        MomentPath path = new MomentPath(spec, Moments.of(data(10)));
        double[] w = MomentFixtures.randomWeights(spec, 0.1, 4), g = new double[w.length];
        double sink = 0;
        for (int e = 0; e < 3000; e++) sink += path.lossAndGradient(w, g);
        long id = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(id);
        for (int e = 0; e < 1000; e++) sink += path.lossAndGradient(w, g);
        long bytes = bean.getThreadAllocatedBytes(id) - before;
        assertTrue(Double.isFinite(sink));
        // 1000 calls: anything per call would be ≥ 16 kB; allow one stray object of the measuring code itself
        assertTrue(bytes < 1024, "lossAndGradient allocated " + bytes + " bytes over 1000 calls");
    }

    @Test
    void weightsAreNotModified() {
        NetworkSpec spec = NetworkSpec.linear(4, 1, 3);
        MomentPath path = new MomentPath(spec, Moments.of(data(3)));
        double[] w = MomentFixtures.randomWeights(spec, 0.4, 3), copy = w.clone();
        path.lossAndGradient(w, new double[w.length]);
        assertArrayEquals(copy, w, 0.0);
    }

    @Test
    void rejectsNonlinearNetworksWithAMessageNamingTheActivation() {
        NetworkSpec relu = new NetworkSpec(4, 2, 3, Activation.RELU, Set.of(Position.MID));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MomentPath(relu, Moments.of(data(3))));
        assertTrue(e.getMessage().contains("relu") && e.getMessage().contains("linear"), e.getMessage());
    }

    @Test
    void acceptsANonlinearActivationAtNoPosition() {
        NetworkSpec spec = new NetworkSpec(4, 2, 3, Activation.TANH, Set.of());
        double[] w = MomentFixtures.randomWeights(spec, 0.4, 5);
        double expected = MomentFixtures.bruteForceLoss(spec, w, data(3));
        assertEquals(expected, new MomentPath(spec, Moments.of(data(3))).loss(w),
                Tolerances.LOSS_VS_DATA * expected);
    }

    @Test
    void rejectsMismatchedWidthAndParameterLength() {
        NetworkSpec spec = NetworkSpec.linear(4, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MomentPath(spec, Moments.of(data(4))));
        assertTrue(e.getMessage().contains("width=3"), e.getMessage());
        MomentPath path = new MomentPath(spec, Moments.of(data(3)));
        e = assertThrows(IllegalArgumentException.class, () -> path.loss(new double[5]));
        assertTrue(e.getMessage().contains("length 5") && e.getMessage().contains("36"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> path.lossAndGradient(new double[36], new double[35]));
    }
}
