package org.resweep.core.hessian;

import java.lang.management.ManagementFactory;
import org.ejml.data.DMatrixRMaj;
import org.resweep.core.data.Moments;
import org.resweep.core.loss.MomentFixtures;
import org.resweep.core.loss.MomentPath;
import org.resweep.core.net.NetworkSpec;

/**
 * Manual timing printout (not a test, no asserted timing; JMH benchmarks belong in the benchmarks module):
 * MomentHessian at P = 1000 and P = 10,000, and 1000 lossAndGradient calls at depth 100.
 * Run: {@code java -Xmx3g -cp worker-core/target/test-classes:worker-core/target/classes:$CP
 * org.resweep.core.hessian.MomentTiming}.
 */
public final class MomentTiming {
    private MomentTiming() {}

    public static void main(String[] args) {
        int d = 10;
        Moments mom = Moments.of(MomentFixtures.randomDataset(d, 1000, 5));
        for (int depth : new int[] {10, 100}) {
            NetworkSpec spec = NetworkSpec.linear(depth, 2, d);
            double[] w = MomentFixtures.randomWeights(spec, 0.05, 1);
            MomentHessian mh = new MomentHessian(spec, mom);
            DMatrixRMaj out = mh.hessian(w, null);
            int reps = depth == 10 ? 50 : 3;
            double best = Double.MAX_VALUE;
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                mh.hessian(w, out);
                best = Math.min(best, (System.nanoTime() - t0) / 1e6);
            }
            System.out.printf("MomentHessian depth=%d P=%d: best of %d = %.1f ms%n", depth, spec.numParams(), reps, best);
        }
        NetworkSpec spec = NetworkSpec.linear(100, 2, d);
        double[] w = MomentFixtures.randomWeights(spec, 0.05, 2), g = new double[spec.numParams()];
        MomentPath path = new MomentPath(spec, mom);
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 5; round++) {
            long id = Thread.currentThread().getId();
            long a0 = bean.getThreadAllocatedBytes(id);
            long t0 = System.nanoTime();
            double sink = 0;
            for (int e = 0; e < 1000; e++) sink += path.lossAndGradient(w, g);
            double ms = (System.nanoTime() - t0) / 1e6;
            long bytes = bean.getThreadAllocatedBytes(id) - a0;
            System.out.printf("1000 x lossAndGradient depth=100 d=10: %.1f ms, allocated %d bytes (sink %.3g)%n",
                    ms, bytes, sink);
        }
    }
}
