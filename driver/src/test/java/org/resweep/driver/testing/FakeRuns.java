package org.resweep.driver.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.resweep.core.eig.SpectrumStats;
import org.resweep.core.net.Activation;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.net.Position;
import org.resweep.core.train.Checkpoint;
import org.resweep.core.train.HessianSchedule;
import org.resweep.core.train.RunConfig;
import org.resweep.core.train.RunResult;
import org.resweep.driver.spark.TaskFunction;

/**
 * A stand-in for {@code Runner::run} in engine tests: results are a deterministic function of the configuration
 * (its seed and learning rate), so any two executions must agree bit for bit. Learning rates ≥ {@link #DIVERGE_LR}
 * diverge; learning rate {@link #THROW_LR} throws. System property {@code resweep.fake.sleepMillis} slows each run;
 * {@code resweep.fake.failAll=true} makes every run throw (a transient outage).
 */
public final class FakeRuns implements TaskFunction {
    public static final double DIVERGE_LR = 1.0;
    public static final double THROW_LR = 0.125;

    @Override
    public RunResult run(RunConfig c) {
        long sleep = Long.getLong("resweep.fake.sleepMillis", 0);
        if (sleep > 0) {
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (Boolean.getBoolean("resweep.fake.failAll")) throw new IllegalStateException("synthetic outage");
        if (c.learningRate() == THROW_LR) throw new IllegalStateException("synthetic failure for lr " + c.learningRate());
        double init = 1.0 + (c.seed() >>> 40) / (double) (1L << 24);
        int epochs = c.epochs();
        boolean diverge = c.learningRate() >= DIVERGE_LR;
        int run = diverge ? Math.min(epochs, 3) : epochs;
        double[] loss = new double[run + 1], grad = new double[run + 1];
        for (int t = 0; t <= run; t++) {
            loss[t] = diverge ? init * StrictMath.pow(1e3, t) : init * StrictMath.exp(-c.learningRate() * t) + 0.1 * c.net().depth();
            grad[t] = StrictMath.sqrt(loss[t]);
        }
        List<Checkpoint> cps = new ArrayList<>();
        for (int e : c.hessian().epochs(c.epochs())) {
            if (e > run) break;
            double l = loss[e];
            SpectrumStats s = new SpectrumStats(l, l / 10, l / 100, 10, 0.25, 3 * l, -l / 4, l, 0.5, 0.4, 0.3, 0.2, 100,
                    0.1, 20, 7);
            cps.add(new Checkpoint(e, l, grad[e], s, c.storeSpectrum() ? new double[] {-l / 4, l / 100, l} : null,
                    1 + l, 2 + l, 3 + l, c.storeWeights() ? new double[] {l, -l} : null));
        }
        String status = diverge ? RunResult.DIVERGED : RunResult.OK;
        return new RunResult(c, status, diverge ? "loss exceeded 1e6 x initial at epoch " + run : "", loss[0], loss[run],
                min(loss), grad[run], run, diverge ? run : -1, loss, grad, cps, "moment", "fake", "hash0", 0.001);
    }

    private static double min(double[] a) {
        double m = a[0];
        for (double v : a) m = Math.min(m, v);
        return m;
    }

    /** A small grid: depths × shortcuts × lrs × seeds, linear nets, INIT_AND_END Hessians. */
    public static List<RunConfig> grid(int[] depths, double[] lrs, int seeds, int epochs) {
        List<RunConfig> out = new ArrayList<>();
        for (int d : depths) {
            for (int n : new int[] {0, 1, 2}) {
                if (n > 0 && d % n != 0) continue;
                for (double lr : lrs) {
                    for (int s = 0; s < seeds; s++) {
                        out.add(new RunConfig("mnist10k", new NetworkSpec(d, n, 10, Activation.RELU, Set.of(Position.MID)),
                                InitKind.SMALL, 0.01, lr, epochs, s, HessianSchedule.INIT_AND_END, s == 0));
                    }
                }
            }
        }
        return out;
    }

    /** Cost used by tests: depth × epochs. */
    public static double cost(RunConfig c) { return c.net().depth() * (c.epochs() + 1.0); }
}
