package org.resweep.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.core.train.RunConfig;
import org.resweep.driver.results.ResultSchema;
import org.resweep.driver.testing.FakeRuns;

/**
 * {@code run --retry-failed} after a transient outage in which every run failed: the failed runs run again, each
 * table keeps one current row per run id ({@code attempt} = 2), the superseded rows are gone, checkpoints appear
 * exactly once, best_lr is rebuilt from the current rows; runs that fail again stay failed with their count.
 */
class RetryFailedIT {
    @TempDir
    Path tmp;

    private static SweepRun.Outcome run(SparkSession spark, Path out, List<RunConfig> grid, boolean retry) throws Exception {
        Consumer<String> quiet = s -> { };
        return SweepRun.run(spark, out.toString(), new SweepRun.Request("retry", "retry-1", "name: retry\n",
                        SweepRun.planned(grid, FakeRuns::cost), false, retry), new FakeRuns(), ds -> 0.05,
                new SweepEngine.Options(0, 4, 300, null, false), quiet);
    }

    @Test
    void failedRunsRunAgainWithOneCurrentRowEach() throws Exception {
        // One depth: shortcuts 0, 1, 2 × an ok, a throwing and a diverging rate × 2 seeds (one storing spectra) = 18 runs,
        // every status and both checkpoint layouts; a second depth only doubled the Spark tasks.
        List<RunConfig> grid = FakeRuns.grid(new int[] {4}, new double[] {0.5, FakeRuns.THROW_LR, 2.0}, 2, 5);
        assertEquals(18, grid.size());
        Path out = tmp.resolve("flaky");
        SparkSession spark = SparkSessions.start("local[2]", "retry");
        try {
            System.setProperty("resweep.fake.failAll", "true");
            SweepRun.Outcome first;
            try {
                first = run(spark, out, grid, false);
            } finally {
                System.clearProperty("resweep.fake.failAll");
            }
            assertEquals(grid.size(), first.summary().failed());
            assertEquals(grid.size(), first.storedFailed());

            SweepRun.Outcome resume = run(spark, out, grid, false);
            assertEquals(0, resume.summary().runs(), "a plain resume reruns nothing");
            assertEquals(grid.size(), resume.storedFailed(), "but says how many stored runs failed");

            SweepRun.Outcome retry = run(spark, out, grid, true);
            assertEquals(grid.size(), retry.retried());
            assertEquals(grid.size(), retry.summary().runs());
            long throwing = grid.stream().filter(c -> c.learningRate() == FakeRuns.THROW_LR).count();
            assertEquals(throwing, retry.storedFailed(), "only the runs that always throw are still failed");

            List<Row> rows = SweepTables.read(spark, out, ResultSchema.RUNS).select("run_id", "attempt", "status").collectAsList();
            assertEquals(grid.size(), rows.size(), "one current row per run id");
            Map<String, Row> byId = new HashMap<>();
            for (Row r : rows) assertEquals(null, byId.put(r.getString(0), r));
            for (RunConfig c : grid) {
                Row r = byId.get(c.runId());
                assertEquals(2, r.getInt(1), "attempt of " + c.runId());
                assertEquals(c.learningRate() == FakeRuns.THROW_LR ? "failed" : c.learningRate() >= FakeRuns.DIVERGE_LR ? "diverged" : "ok",
                        r.getString(2));
            }
            Map<String, Integer> cps = new HashMap<>();
            for (Row r : SweepTables.read(spark, out, ResultSchema.CHECKPOINTS).select("run_id").collectAsList()) {
                cps.merge(r.getString(0), 1, Integer::sum);
            }
            for (RunConfig c : grid) {
                int want = c.learningRate() == FakeRuns.THROW_LR ? 0 : c.learningRate() >= FakeRuns.DIVERGE_LR ? 1 : 2;
                assertEquals(want, cps.getOrDefault(c.runId(), 0), "checkpoints of " + c.runId());
            }
            Row best = SweepTables.read(spark, out, ResultSchema.BEST_LR).selectExpr("sum(n_seeds)", "sum(n_failed)").first();
            assertTrue(best.getLong(0) > 0, "best_lr uses the current (retried) rows: " + best);

            SweepRun.Outcome again = run(spark, out, grid, true);
            assertEquals(throwing, again.retried());
            Row att = SweepTables.read(spark, out, ResultSchema.RUNS).selectExpr("max(attempt)", "count(*)").first();
            assertEquals(3, att.getInt(0));
            assertEquals(grid.size(), att.getLong(1));
        } finally {
            spark.stop();
        }
    }
}
