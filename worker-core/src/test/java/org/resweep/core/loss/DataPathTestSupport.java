package org.resweep.core.loss;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;
import org.resweep.core.DataPathFixtures;
import org.resweep.core.DataPathTolerances;
import org.resweep.core.data.Dataset;
import org.resweep.core.net.Activation;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.net.Position;

/** The network grid of the data-path oracle tests, and ReLU-safe random weights. */
public final class DataPathTestSupport {
    private DataPathTestSupport() { }

    /** Shortcut lengths with their depths: plain even and odd, 1, 2, 3. */
    static final int[][] SHAPES = {{0, 4}, {0, 5}, {1, 3}, {2, 4}, {3, 6}};

    /** (depth, shortcut, activation, positions): linear, and each activation at pre, mid, post and all three. */
    public static Stream<Arguments> networks() {
        List<Arguments> out = new ArrayList<>();
        for (int[] sh : SHAPES) {
            out.add(Arguments.of(sh[1], sh[0], Activation.LINEAR, new Position[0]));
            for (Activation a : new Activation[] {Activation.RELU, Activation.TANH, Activation.SYMMETRIC_SIGMOID}) {
                out.add(Arguments.of(sh[1], sh[0], a, new Position[] {Position.PRE}));
                out.add(Arguments.of(sh[1], sh[0], a, new Position[] {Position.MID}));
                out.add(Arguments.of(sh[1], sh[0], a, new Position[] {Position.POST}));
                out.add(Arguments.of(sh[1], sh[0], a, Position.values()));
            }
        }
        return out.stream();
    }

    /**
     * Random weights at which every ReLU input is at least RELU_MARGIN from the kink and the network is not dead
     * (some output of size ≥ 0.1), re-drawn otherwise.
     */
    public static double[] awayFromKinks(NetworkSpec spec, Dataset ds, double scale, long seed) {
        for (long s = seed; s < seed + 2000; s++) {
            double[] w = DataPathFixtures.weights(spec, scale, s);
            DataPathFixtures.Forward f = DataPathFixtures.forward(spec, ds, w);
            double big = 0;
            for (double[] row : f.f()) for (double v : row) big = Math.max(big, Math.abs(v));
            if (f.minReluInput() >= DataPathTolerances.RELU_MARGIN && big >= 0.1) return w;
        }
        throw new AssertionError("no weights away from ReLU kinks for " + spec);
    }
}
