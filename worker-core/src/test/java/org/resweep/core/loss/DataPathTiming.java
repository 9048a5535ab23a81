package org.resweep.core.loss;

import org.resweep.core.DataPathFixtures;
import org.resweep.core.data.Dataset;
import org.resweep.core.data.Datasets;
import org.resweep.core.net.Activation;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.net.Position;

/**
 * Manual timing printout (not a test, no asserted timing; JMH benchmarks belong in the benchmarks module): 1000
 * epochs of full-batch GD with {@link DataPath#lossAndGradient} on mnist10k, ReLU at mid, 2-shortcut, depth 10, with
 * the kernel implementation the JVM selects. Compare executors with the JVM flags: default (widest vectors),
 * {@code -XX:MaxVectorSize=32} (4 lanes, as on AVX2), {@code -XX:MaxVectorSize=16} (2 lanes: scalar kernels),
 * {@code -Dresweep.scalarKernels=true}. Prints the final loss's bits too: they must agree between executors.
 * Run: {@code java --add-modules jdk.incubator.vector -cp worker-core/target/test-classes:worker-core/target/classes:$CP
 * org.resweep.core.loss.DataPathTiming [epochs]}.
 */
public final class DataPathTiming {
    private DataPathTiming() { }

    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Dataset ds = Datasets.load("mnist10k");
        NetworkSpec spec = DataPathFixtures.spec(10, 2, ds.d(), Activation.RELU, Position.MID);
        double[] w = DataPathFixtures.weights(spec, 0.05, 7), g = new double[spec.numParams()];
        DataPath dp = new DataPath(spec, ds);
        double rate = 0.05, loss = 0;
        for (int e = 0; e < 50; e++) dp.lossAndGradient(w.clone(), g); // warm-up (JIT), weights untouched
        long t0 = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            loss = dp.lossAndGradient(w, g);
            for (int j = 0; j < w.length; j++) w[j] -= rate * g[j];
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s: %d GD epochs, N=%d, d=%d, depth 10, ReLU mid, shortcut 2: %.2f s; last loss %.17g (bits %016x)%n",
                Kernels.implementation(), epochs, ds.n(), ds.d(), s, loss, Double.doubleToRawLongBits(loss));
    }
}
