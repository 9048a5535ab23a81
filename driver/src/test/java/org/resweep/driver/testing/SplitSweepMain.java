package org.resweep.driver.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.train.HessianSchedule;
import org.resweep.core.train.RunConfig;
import org.resweep.driver.spark.RunnerTask;
import org.resweep.driver.spark.SparkSessions;
import org.resweep.driver.spark.SweepEngine;
import org.resweep.driver.spark.SweepRun;
import org.resweep.driver.spec.CostModel;
import org.resweep.driver.spec.PlannedRun;
import org.resweep.driver.spec.SplitPolicy;

/**
 * A driver process for the split-run kill -9 test: {@code SplitSweepMain OUT MASTER} runs {@link #grid()} — real
 * linear networks with a Hessian at every epoch, every run split into a training task and checkpoint tasks — through
 * {@link SweepRun} and prints {@code DONE} at the end.
 */
public final class SplitSweepMain {
    /**
     * Epochs of each run; every epoch is a checkpoint (13 checkpoint tasks per run: enough that a kill or interrupt
     * after the first committed run finds other runs' trainings and checkpoints in flight, which the tests assert).
     */
    public static final int EPOCHS = 12;

    public static List<RunConfig> grid() {
        List<RunConfig> out = new ArrayList<>();
        for (double lr : new double[] {0.05, 0.1}) {
            for (int seed = 0; seed < 3; seed++) {
                out.add(new RunConfig("mnist10k", NetworkSpec.linear(8, 2, 10), InitKind.SMALL, 0.01, lr, EPOCHS, seed,
                        HessianSchedule.every(1), false, false));
            }
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSessions.start(args[1], "split-sweep");
        List<PlannedRun> planned = new ArrayList<>();
        for (RunConfig c : grid()) planned.add(new PlannedRun(c, CostModel.run(c, 10_000), CostModel.checkpoints(c, 10_000)));
        SweepRun.Outcome o = SweepRun.run(spark, args[0],
                new SweepRun.Request("split", "split-1", "name: split\n", planned, false, false, SplitPolicy.ALWAYS),
                new RunnerTask(), SweepRun::lStar, new SweepEngine.Options(0, 1000, 200, System.err, false),
                System.err::println);
        System.out.println("DONE ran=" + o.summary().runs() + " skipped=" + o.skipped());
        spark.stop();
    }
}
