package org.resweep.driver.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.SparkSession;
import org.resweep.core.train.RunConfig;
import org.resweep.driver.results.SweepProvenance;
import org.resweep.driver.spark.SparkSessions;
import org.resweep.driver.spark.SweepEngine;
import org.resweep.driver.spark.SweepRun;
import org.resweep.driver.store.SweepDirectory;

/**
 * Measures the engine's per-task overhead: {@code EngineOverheadMain MASTER N MIN_TASK_COST} runs N trivial
 * {@link FakeRuns} (microseconds each) after a warm-up job and prints wall time per run. Not a unit test (timing).
 */
public final class EngineOverheadMain {
    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSessions.start(args[0], "overhead");
        int n = Integer.parseInt(args[1]);
        double minCost = Double.parseDouble(args[2]);
        List<RunConfig> all = FakeRuns.grid(new int[] {2, 4, 6, 8}, new double[] {0.5, 0.25, 0.0625, 0.03125, 0.015625}, 100, 2)
                .stream().filter(c -> c.learningRate() != FakeRuns.THROW_LR).limit(n + 100).toList();
        for (int round = 0; round < 2; round++) { // round 0 = warm-up (JIT, first job)
            List<RunConfig> runs = round == 0 ? all.subList(0, 100) : all.subList(100, all.size());
            Path out = Files.createTempDirectory("overhead");
            try (SweepDirectory dir = SweepDirectory.open(out)) {
                SweepEngine.Summary s = new SweepEngine(spark, new FakeRuns(), new SweepEngine.Options(minCost, 256, 2000, null, false))
                        .run(dir, new SweepProvenance("o", "v", spark.version()), SweepRun.planned(runs, FakeRuns::cost), Map.of(), 0);
                if (round == 1) {
                    System.out.println(String.format(Locale.ROOT, "master=%s runs=%d minTaskCost=%s wall=%.3f s per-run=%.2f ms batches=%d",
                            args[0], s.runs(), args[2], s.seconds(), 1000 * s.seconds() / s.runs(), s.batches()));
                }
            }
            FileUtils.deleteDirectory(out.toFile());
        }
        spark.stop();
    }
}
