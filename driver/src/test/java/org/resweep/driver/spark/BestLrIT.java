package org.resweep.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.core.net.Activation;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.train.HessianSchedule;
import org.resweep.core.train.RunConfig;
import org.resweep.core.train.RunResult;
import org.resweep.driver.results.ExecutedRun;
import org.resweep.driver.results.ResultRows;
import org.resweep.driver.results.SweepProvenance;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.testing.StagedRows;

/** best_lr computed by Spark from hand-made runs, against a table computed by hand (divergence, grid edge, failure). */
class BestLrIT {
    @TempDir
    static Path tmp;
    static SparkSession spark;

    @BeforeAll
    static void start() { spark = SparkSessions.start("local[2]", "bestlr"); }

    @AfterAll
    static void stop() { spark.stop(); }

    private static RunConfig cfg(int depth, double lr, int seed) {
        return new RunConfig("mnist10k", NetworkSpec.linear(depth, 2, 10), InitKind.ZERO, 1, lr, 10, seed,
                HessianSchedule.NONE, false);
    }

    private static Object[] row(RunConfig c, String status, double finalLoss) {
        RunResult r = new RunResult(c, status, "", 1.0, finalLoss, finalLoss, 0.0, 10, status.equals("diverged") ? 3 : -1,
                new double[0], new double[0], List.of(), "moment", "", "h", 0.0);
        return ResultRows.runRow(new ExecutedRun(r, "h", "17", "e", "os"), new SweepProvenance("s", "v", "4"), 0.125, java.time.Instant.parse("2024-01-01T00:00:00Z"));
    }

    @Test
    void matchesTheHandTable() throws Exception {
        List<Object[]> rows = new ArrayList<>();
        // depth 2: lr 0.1 → {0.5, 0.7} mean 0.6; lr 0.2 → {0.25, 0.75} mean 0.5 (best, interior); lr 0.4 → {0.1, diverged}
        rows.add(row(cfg(2, 0.1, 0), "ok", 0.5));
        rows.add(row(cfg(2, 0.1, 1), "ok", 0.7));
        rows.add(row(cfg(2, 0.2, 0), "ok", 0.25));
        rows.add(row(cfg(2, 0.2, 1), "ok", 0.75));
        rows.add(row(cfg(2, 0.4, 0), "ok", 0.1));
        rows.add(row(cfg(2, 0.4, 1), "diverged", 1e12));
        // depth 4: lr 0.1 → {0.3, failed}: best at the lower edge; lr 0.2 → both diverged (+inf)
        rows.add(row(cfg(4, 0.1, 0), "ok", 0.3));
        rows.add(row(cfg(4, 0.1, 1), "failed", Double.NaN));
        rows.add(row(cfg(4, 0.2, 0), "diverged", Double.POSITIVE_INFINITY));
        rows.add(row(cfg(4, 0.2, 1), "diverged", Double.NaN));
        try (SweepDirectory dir = SweepDirectory.open(tmp.resolve("s"))) {
            StagedRows.commit(dir, rows.subList(0, 4), List.of());
            StagedRows.commit(dir, rows.subList(4, rows.size()), List.of());
            SweepTables.registerViews(spark, dir.path()); // best_lr computed on the fly
        }
        List<Row> best = spark.sql("SELECT depth, best_lr, mean_final_loss, std_final_loss, n_seeds, n_diverged, n_failed, "
                + "n_lrs, lr_at_edge, l_star, gap FROM best_lr ORDER BY depth").collectAsList();
        assertEquals(2, best.size());
        // sample std of {0.25, 0.75}: sqrt(2 * 0.25² / 1) = 0.3535533905932738
        assertEquals(List.of(2, 0.2, 0.5, Math.sqrt(0.125), 2, 0, 0, 3, false, 0.125, 0.375), values(best.get(0)));
        List<Object> d4 = values(best.get(1));
        assertEquals(List.of(4, 0.1, 0.3), d4.subList(0, 3));
        assertEquals(null, d4.get(3)); // one seed: no std
        assertEquals(List.of(1, 0, 1, 2, true, 0.125), d4.subList(4, 10));
        assertEquals(0.3 - 0.125, (Double) d4.get(10), 1e-16);
        spark.sql("SELECT positions, init_scale, dataset, schema_version FROM best_lr").collectAsList();
    }

    /**
     * A small sweep's best_lr is rebuilt on the driver without Spark: the same rows, bit for bit and in the same order,
     * as the Spark job's (keys that order differently as UTF-8 bytes and as UTF-16, doubles, ints, booleans).
     */
    @Test
    void driverRebuildEqualsSparkRebuild() throws Exception {
        List<Object[]> rows = new ArrayList<>();
        int k = 0;
        for (String data : List.of("mnist10k", "idx:/d/\uFF21", "idx:/d/\uD835\uDC00", "idx:/d/b", "idx:/d/B")) {
            for (int depth : new int[] {12, 2}) {
                for (double scale : new double[] {2.0, 0.5}) {
                    for (boolean spectrum : new boolean[] {true, false}) {
                        for (double lr : new double[] {0.4, 0.1, 0.2}) {
                            for (int seed = 0; seed < 2; seed++) {
                                RunConfig c = new RunConfig(data, NetworkSpec.linear(depth, depth > 2 ? 2 : 0, 10), InitKind.SMALL,
                                        scale, lr, 10, seed, HessianSchedule.NONE, spectrum);
                                k++;
                                String status = k % 11 == 0 ? "failed" : k % 7 == 0 ? "diverged" : "ok";
                                rows.add(row(c, status, status.equals("ok") ? 1.0 / (k % 13 + 1) + lr * seed : Double.NaN));
                            }
                        }
                    }
                }
            }
        }
        java.util.Collections.shuffle(rows, new java.util.Random(5));
        List<List<Object>> driver, sparkRows;
        try (SweepDirectory dir = SweepDirectory.open(tmp.resolve("two-ways"))) {
            for (int i = 0; i < rows.size(); i += 97) StagedRows.commit(dir, rows.subList(i, Math.min(rows.size(), i + 97)), List.of());
            assertEquals(rows.size(), BestLrJob.readOnDriver(dir, BestLrJob.slimColumns()).size()); // the driver path is taken
            assertEquals(rows.size() / 6, BestLrJob.rebuild(spark, dir, true));
            driver = bestLrFile(dir);
            assertEquals(rows.size() / 6, BestLrJob.rebuild(spark, dir, false));
            sparkRows = bestLrFile(dir);
        }
        assertEquals(rows.size() / 6, driver.size());
        assertEquals(sparkRows, driver); // List.equals → Double.equals: bits (−0.0 ≠ 0.0)
    }

    /** The rows of the one best_lr file, in file order. */
    private static List<List<Object>> bestLrFile(SweepDirectory dir) throws java.io.IOException {
        org.apache.hadoop.fs.Path t = dir.table("best_lr");
        List<String> parts = SweepDirectory.partNames(dir.fs(), t);
        assertEquals(1, parts.size(), parts.toString());
        List<List<Object>> out = new ArrayList<>();
        for (Object[] r : org.resweep.driver.store.ParquetPartWriter.readColumns(dir.fs().conf(), new org.apache.hadoop.fs.Path(t, parts.get(0)),
                org.resweep.driver.results.ResultSchema.BEST_LR, org.resweep.driver.results.ResultSchema.BEST_LR.names(), Long.MAX_VALUE)) {
            out.add(java.util.Arrays.asList(r));
        }
        return out;
    }

    private static List<Object> values(Row r) {
        List<Object> v = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) v.add(r.get(i));
        return v;
    }
}
