package org.resweep.driver.testing;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.resweep.core.train.RunConfig;
import org.resweep.driver.spark.SparkSessions;
import org.resweep.driver.spark.SweepEngine;
import org.resweep.driver.spark.SweepRun;

/**
 * A driver process for the kill -9 test: {@code FakeSweepMain OUT MASTER} runs a {@link FakeRuns} grid (each run
 * sleeping {@code resweep.fake.sleepMillis}) through {@link SweepRun} and prints {@code DONE} at the end.
 */
public final class FakeSweepMain {
    public static List<RunConfig> grid() {
        return FakeRuns.grid(new int[] {2, 4, 6}, new double[] {0.5, 0.25, FakeRuns.THROW_LR, 2.0, 0.0625}, 4, 4).stream()
                .sorted(Comparator.comparingDouble(FakeRuns::cost).reversed().thenComparing(RunConfig::runId)).toList();
    }

    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSessions.start(args[1], "fake-sweep");
        SweepRun.Outcome o = SweepRun.run(spark, args[0],
                new SweepRun.Request("fake", "fake-1", "name: fake\n", SweepRun.planned(grid(), FakeRuns::cost), false, false),
                new FakeRuns(), ds -> 0.05, new SweepEngine.Options(0, 1000, 300, System.err, false), System.err::println);
        System.out.println("DONE ran=" + o.summary().runs() + " skipped=" + o.skipped());
        spark.stop();
    }
}
