package org.resweep.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.core.train.RunConfig;
import org.resweep.driver.results.ExecutedRun;
import org.resweep.driver.results.ResultSchema;
import org.resweep.driver.testing.FakeRuns;

/**
 * Heavy results never pass through the driver: with {@code spark.driver.maxResultSize=4m}, a sweep whose results
 * (loss and gradient-norm curves of 30,000 epochs) total more than ten times that completes, every run id exactly
 * once. (Before executors wrote their own part files, such a sweep aborted after ~20 runs.)
 */
class MaxResultSizeIT {
    @TempDir
    Path tmp;

    @Test
    void resultsTenTimesMaxResultSizeCompleteExactlyOnce() throws Exception {
        List<RunConfig> grid = FakeRuns.grid(new int[] {2, 4, 6}, new double[] {0.5, 0.25, 0.0625, 0.03125, 0.015625}, 2, 30_000);
        long curveBytes = grid.size() * 2L * 30_001 * Double.BYTES;
        assertTrue(curveBytes >= 40L << 20, "results: " + curveBytes + " bytes");
        System.setProperty("spark.driver.maxResultSize", "4m");
        SparkSession spark = SparkSessions.start("local[2]", "max-result-size");
        try {
            assertEquals("4m", spark.sparkContext().getConf().get("spark.driver.maxResultSize"));
            Path out = tmp.resolve("heavy");
            SweepRun.Outcome o = SweepRun.run(spark, out.toString(), new SweepRun.Request("heavy", "heavy-1", "name: heavy\n",
                            SweepRun.planned(grid, FakeRuns::cost), false, false), new FakeRuns(), ds -> 0.05,
                    new SweepEngine.Options(0, 16, 1000, null, false), s -> { });
            assertEquals(grid.size(), o.summary().runs());
            List<Row> ids = SweepTables.read(spark, out, ResultSchema.RUNS).select("run_id").collectAsList();
            assertEquals(grid.size(), ids.size());
            assertEquals(new TreeSet<>(grid.stream().map(RunConfig::runId).toList()),
                    new TreeSet<>(ids.stream().map(r -> r.getString(0)).toList()));
            // what these results weigh as task results (Kryo, as Spark would ship them): over 10 × maxResultSize
            var kryo = new org.apache.spark.serializer.KryoSerializer(spark.sparkContext().getConf()).newInstance();
            long shipped = 0;
            for (RunConfig c : grid) {
                shipped += kryo.serialize(ExecutedRun.here(new FakeRuns().run(c)), scala.reflect.ClassTag$.MODULE$.apply(Object.class)).remaining();
            }
            assertTrue(shipped >= 40L << 20, "serialised results: " + shipped + " bytes");
        } finally {
            spark.stop();
            System.clearProperty("spark.driver.maxResultSize");
        }
    }
}
