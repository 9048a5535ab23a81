package org.resweep.core.loss;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.resweep.core.DataPathFixtures;
import org.resweep.core.data.Dataset;
import org.resweep.core.hessian.DataHessian;
import org.resweep.core.net.Activation;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.net.Position;
import org.resweep.core.util.Hashing;

/**
 * Fingerprints of {@link DataPath} and {@link DataHessian} results computed by the kernel implementation of the
 * running JVM: one line per quantity, the SHA-256 of its IEEE bits. {@link KernelExecutorsAgreeTest} runs it in
 * JVMs with different vector widths and compares the lines. {@code main} prints the implementation, then the lines.
 */
public final class KernelProbe {
    /** Largest parameter count whose Hessian the probe computes. */
    static final int MAX_HESSIAN_PARAMS = 400;

    private KernelProbe() { }

    static String digest(double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length);
        for (double x : v) b.putLong(Double.doubleToRawLongBits(x));
        return Hashing.sha256Hex(b.array());
    }

    /**
     * Per network: the loss and gradient at random weights, the loss after 5 GD steps, and the exact Hessian (when
     * P ≤ {@value #MAX_HESSIAN_PARAMS}, to keep the probe at a few seconds). Sample counts are not multiples of 8
     * (padded tail chunk) and exceed one chunk (256).
     */
    public static List<String> fingerprints() {
        List<String> out = new ArrayList<>();
        Object[][] nets = {
            {10, 2, 10, Activation.RELU, new Position[] {Position.MID}},
            {2, 2, 10, Activation.RELU, new Position[] {Position.MID}},
            {6, 3, 7, Activation.TANH, Position.values()},
            {5, 0, 5, Activation.LINEAR, new Position[0]},
            {4, 1, 9, Activation.SYMMETRIC_SIGMOID, new Position[] {Position.PRE, Position.POST}},
        };
        for (Object[] n : nets) {
            int depth = (Integer) n[0], shortcut = (Integer) n[1], d = (Integer) n[2];
            NetworkSpec spec = DataPathFixtures.spec(depth, shortcut, d, (Activation) n[3], (Position[]) n[4]);
            String name = spec.depth() + "/" + spec.shortcut() + "/" + d + "/" + n[3];
            Dataset big = DataPathFixtures.dataset(1021, d, 40 + d);
            double[] w = DataPathFixtures.weights(spec, 0.3, 50 + d), g = new double[spec.numParams()];
            DataPath dp = new DataPath(spec, big);
            double loss = dp.lossAndGradient(w, g);
            out.add(name + " loss " + digest(loss));
            out.add(name + " gradient " + digest(g));
            for (int step = 0; step < 5; step++) {
                dp.lossAndGradient(w, g);
                for (int j = 0; j < w.length; j++) w[j] -= 0.1 * g[j];
            }
            out.add(name + " loss after 5 GD steps " + digest(dp.loss(w)));
            if (spec.numParams() > MAX_HESSIAN_PARAMS) continue;
            Dataset small = DataPathFixtures.dataset(301, d, 60 + d);
            DMatrixRMaj h = new DataHessian(spec, small).hessian(DataPathFixtures.weights(spec, 0.3, 70 + d), null);
            out.add(name + " hessian " + digest(java.util.Arrays.copyOf(h.data, h.getNumElements())));
        }
        return out;
    }

    public static void main(String[] args) {
        System.out.println(Kernels.implementation());
        for (String line : fingerprints()) System.out.println(line);
    }
}
