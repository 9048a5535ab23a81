package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.resweep.jobs.testing.InProcessCli.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.driver.results.ResultSchema;
import org.resweep.jobs.testing.InProcessCli.Result;
import org.resweep.jobs.testing.SweepFixtures;

/**
 * {@code resweep sql} in-process, on hand-made sweeps ({@link SweepFixtures}): a directory holding sweep "alpha"
 * (current schema, Hessian checkpoints with spectra, stored best_lr), "beta" (no checkpoints: an empty table; no
 * stored best_lr: computed by the engine), "old" (schema version 1) and "mixed" (a version-1 directory resumed by this
 * version: part files of both layouts). Both engines give the same answers; every
 * statement that is not one query is refused (exit 2, one line) in both; the ≥ 33-directory query works on Spark.
 */
class SqlCommandIT {
    @TempDir
    static Path tmp;
    static Path all, victim;

    static Result sql(String engine, String format, String query, String... outs) {
        List<String> a = new ArrayList<>(List.of("sql", "--engine", engine, "--format", format));
        if (engine.equals("spark")) a.addAll(List.of("--master", "local[1]"));
        for (String o : outs) a.addAll(List.of("--out", o));
        a.add(query);
        return run(a.toArray(new String[0]));
    }

    @BeforeAll
    static void sweeps() throws Exception {
        all = tmp.resolve("sweeps");
        SweepFixtures.v2(all.resolve("a"), "alpha", true, true);
        SweepFixtures.v2(all.resolve("b"), "beta", false, false);
        SweepFixtures.v1(all.resolve("old"), "old");
        SweepFixtures.v1(all.resolve("mixed"), "mixed", true);
        victim = Files.createDirectories(tmp.resolve("victim"));
        Files.writeString(victim.resolve("precious.txt"), "precious");
    }

    /** Queries (deterministic order) whose CSV output must be identical in DuckDB and Spark SQL. */
    static final List<String> QUERIES = List.of(
            "SELECT sweep, count(*) AS n, min(completed_at) AS first, max(schema_version) AS v FROM runs GROUP BY sweep ORDER BY sweep",
            "SELECT sweep, sweep_id, depth, best_lr, mean_final_loss, std_final_loss, n_seeds, n_diverged, n_lrs, lr_at_edge, l_star, gap "
                    + "FROM best_lr ORDER BY sweep, depth",
            "SELECT sweep, depth, learning_rate, replicate, status, final_loss, loss_curve, diverged_epoch FROM runs "
                    + "ORDER BY sweep, depth, learning_rate, replicate",
            "WITH c AS (SELECT c.sweep, r.depth, c.epoch, c.cond, c.spectrum FROM checkpoints c JOIN runs r ON c.run_id = r.run_id "
                    + "AND c.sweep = r.sweep WHERE r.learning_rate = 0.2 AND r.replicate = 0) SELECT * FROM c ORDER BY sweep, depth, epoch");

    @Test
    void duckDbAndSparkGiveTheSameAnswers() {
        for (String q : QUERIES) {
            Result duck = sql("duckdb", "csv", q, all.toString());
            assertEquals(0, duck.code(), q + "\n" + duck.err());
            Result spark = sql("spark", "csv", q, all.toString());
            assertEquals(0, spark.code(), q + "\n" + spark.err());
            assertEquals(duck.out(), spark.out(), q);
        }
    }

    @Test
    void viewsCarryTheSweepAndReadEveryLayout() {
        Result counts = sql("duckdb", "csv", QUERIES.get(0), all.toString());
        int v = ResultSchema.VERSION;
        assertEquals("sweep,n,first,v\nalpha,12,2026-01-02T03:04:05.678Z," + v + "\nbeta,12,2026-01-02T03:04:05.678Z," + v + "\n"
                + "mixed,12,2026-01-02T03:04:05.678Z," + v + "\nold,12,2026-01-02T03:04:05.678Z,1\n", counts.out());
        Result cps = sql("duckdb", "csv", "SELECT sweep, count(*) AS n FROM checkpoints GROUP BY sweep ORDER BY sweep", all.toString());
        assertEquals("sweep,n\nalpha,24\n", cps.out(), "beta's and old's empty checkpoints tables read as zero rows");
        // depth 2: means 0.765625, 0.453125, 0.515625 → best 0.2 (interior); depth 4: 1.015625, 0.703125, +inf → best 0.2.
        // Stored (alpha, old: v1 without sweep_id, filled from sweep.json) or computed by the engine (beta): the same.
        Result best = sql("duckdb", "csv", "SELECT sweep, sweep_id, depth, best_lr, mean_final_loss, n_lrs, lr_at_edge FROM best_lr "
                + "ORDER BY sweep, depth", all.toString());
        StringBuilder want = new StringBuilder("sweep,sweep_id,depth,best_lr,mean_final_loss,n_lrs,lr_at_edge\n");
        for (String s : List.of("alpha", "beta", "mixed", "old")) {
            want.append(s).append(',').append(s).append("-id,2,0.2,0.453125,3,false\n");
            want.append(s).append(',').append(s).append("-id,4,0.2,0.703125,3,false\n");
        }
        assertEquals(want.toString(), best.out());
        Result one = sql("duckdb", "csv", "SELECT DISTINCT sweep FROM runs", all.resolve("old").toString());
        assertEquals("sweep\nold\n", one.out());
        Result two = sql("duckdb", "csv", "SELECT count(DISTINCT sweep) AS n FROM best_lr", all.resolve("a").toString(),
                all.resolve("b").toString());
        assertEquals("n\n2\n", two.out());
    }

    /** Statements that are not one read-only query over the views (sql-not-read-only). */
    static List<String> refused() {
        String v = victim.toString();
        return List.of(
                "INSERT OVERWRITE DIRECTORY '" + v + "' USING csv SELECT run_id FROM runs",
                "CREATE TABLE t1 AS SELECT run_id FROM runs",
                "CREATE VIEW v1 AS SELECT 1",
                "INSERT INTO runs SELECT * FROM runs",
                "DROP VIEW runs",
                "SELECT 1; DROP VIEW runs",
                "COPY (SELECT 1) TO '" + v + "/x.csv'",
                "ATTACH '" + v + "/x.db'",
                "INSTALL httpfs",
                "LOAD httpfs",
                "PRAGMA version",
                "SET threads = 1",
                "SET spark.sql.runSQLOnFiles = true",
                "EXPORT DATABASE '" + v + "/e'",
                "SELECT reflect('java.lang.System', 'getProperty', 'user.home')",
                "SELECT java_method('java.lang.System', 'getProperty', 'user.home')",
                "SELECT * FROM text.`/etc/passwd`",
                "SELECT * FROM read_csv('/etc/passwd')");
    }

    @Test
    void everyEngineRefusesWhatIsNotOneQuery() throws Exception {
        for (String engine : List.of("duckdb", "spark")) {
            for (String q : refused()) {
                Result r = sql(engine, "csv", q, all.resolve("a").toString());
                assertEquals(2, r.code(), engine + ": " + q + "\n" + r.out() + r.err());
                assertTrue(r.err().startsWith("resweep: QUERY: ") && r.err().strip().lines().count() == 1 && !r.err().contains("\tat "),
                        engine + ": " + q + "\n" + r.err());
                assertEquals("", r.out(), engine + ": " + q);
                assertFalse(r.err().contains("serialized"), "no DuckDB internals: " + r.err());
            }
        }
        try (var s = Files.list(victim)) {
            assertEquals(List.of(victim.resolve("precious.txt")), s.toList(), "nothing written into the victim directory");
        }
        assertEquals("precious", Files.readString(victim.resolve("precious.txt")));
        assertFalse(Files.exists(Path.of("spark-warehouse")), "no spark-warehouse in the working directory");
        assertFalse(Files.exists(Path.of("metastore_db")), "no derby metastore in the working directory");
        assertFalse(Files.exists(Path.of(".tmp")), "no DuckDB spill directory in the working directory");
    }

    @Test
    void syntaxErrorsPrintTheEnginesMessageOnOneLine() {
        Result duck = sql("duckdb", "csv", "selec * from runs", all.toString());
        assertEquals(2, duck.code());
        assertTrue(duck.err().startsWith("resweep: QUERY: Parser Error: syntax error at or near \"selec\""), duck.err());
        Result spark = sql("spark", "csv", "selec * from runs", all.toString());
        assertEquals(2, spark.code());
        assertTrue(spark.err().startsWith("resweep: QUERY: [PARSE_SYNTAX_ERROR] Syntax error at or near 'selec'"), spark.err());
        assertEquals(1, spark.err().strip().lines().count(), spark.err());
        Result unknown = sql("spark", "csv", "SELECT nosuch FROM runs", all.toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("nosuch") && !unknown.err().contains("\tat "), unknown.err());
    }

    /** sql-kryo-parallel-listing: more than 32 sweep directories (Spark's default listing threshold) in one query, on Spark (and DuckDB). */
    @Test
    void aQueryOverManySweepsWorksInBothEngines() throws Exception {
        Path many = tmp.resolve("many");
        for (int i = 0; i < 33; i++) SweepFixtures.v2(many.resolve(String.format("s%02d", i)), String.format("s%02d", i), false, false);
        String q = "SELECT count(DISTINCT sweep) AS sweeps, count(*) AS runs FROM runs";
        Result spark = sql("spark", "csv", q, many.toString());
        assertEquals(0, spark.code(), spark.err());
        assertEquals("sweeps,runs\n33,396\n", spark.out());
        assertEquals(spark.out(), sql("duckdb", "csv", q, many.toString()).out());
    }

    /** Review F8: JSON cannot hold two columns of one name: refused in one line (CSV keeps both); blobs are base64. */
    @Test
    void jsonRefusesRepeatedColumnNamesAndWritesBlobsAsBase64() {
        Result dup = sql("duckdb", "json", "SELECT 1 AS a, 2 AS a", all.resolve("a").toString());
        assertEquals(2, dup.code(), dup.out() + dup.err());
        assertEquals("resweep: --format json: the query names two columns a; allowed: distinct column names (rename one with AS), "
                + "or --format csv/table", dup.err().strip());
        assertEquals("a,a\n1,2\n", sql("duckdb", "csv", "SELECT 1 AS a, 2 AS a", all.resolve("a").toString()).out());
        Result blob = sql("duckdb", "json", "SELECT 'hi'::BLOB AS b", all.resolve("a").toString());
        assertEquals(0, blob.code(), blob.err());
        assertEquals("[\n{\"b\":\"aGk=\"}\n]\n", blob.out());
    }

    /** Review F2: a sweep named twice (the same path, a path with "..", its parent and itself) is read once. */
    @Test
    void aSweepNamedTwiceIsReadOnce() {
        String q = "SELECT sweep, count(*) AS n FROM runs GROUP BY sweep ORDER BY sweep";
        Result once = sql("duckdb", "csv", q, all.resolve("a").toString());
        assertEquals(0, once.code(), once.err());
        assertEquals(2, once.out().strip().lines().count(), once.out());
        for (String[] outs : new String[][] {{all.resolve("a").toString(), all.resolve("a").toString()},
                {all.resolve("a").toString(), all.resolve("b/../a").toString()}}) {
            Result r = sql("duckdb", "csv", q, outs);
            assertEquals(0, r.code(), r.err());
            assertEquals(once.out(), r.out(), String.join(" ", outs));
        }
        Result parent = sql("duckdb", "csv", q, all.toString());
        assertEquals(parent.out(), sql("duckdb", "csv", q, all.toString(), all.resolve("a").toString()).out());
    }

    /** Nested values in JSON: structs and maps as objects, lists as arrays, the same on both engines. */
    @Test
    void nestedValuesAreJsonObjectsAndArraysOnBothEngines() {
        String want = "[\n{\"s\":{\"x\":1,\"y\":[1.5,2.5]},\"l\":[[1,2],[3]],\"m\":{\"k\":3}}\n]\n";
        Result spark = sql("spark", "json", "SELECT named_struct('x', 1, 'y', array(1.5D, 2.5D)) AS s, array(array(1, 2), array(3)) AS l, "
                + "map('k', 3) AS m", all.resolve("a").toString());
        assertEquals(0, spark.code(), spark.err());
        assertEquals(want, spark.out());
        Result duck = sql("duckdb", "json", "SELECT {'x': 1, 'y': [1.5::DOUBLE, 2.5]} AS s, [[1, 2], [3]] AS l, MAP {'k': 3} AS m",
                all.resolve("a").toString());
        assertEquals(0, duck.code(), duck.err());
        assertEquals(want, duck.out());
    }

    @Test
    void jsonFollowsTheProjectsJsonPolicy() {
        Result r = sql("duckdb", "json", "SELECT depth, final_loss, completed_at FROM runs WHERE status = 'diverged'",
                all.resolve("a").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("[\n{\"depth\":4,\"final_loss\":" + Json.write(Double.POSITIVE_INFINITY) + ",\"completed_at\":\"2026-01-02T03:04:16.678Z\"}\n]\n",
                r.out());
    }

    @Test
    void aggregateAndPlotReadAVersionOneDirectory() throws Exception {
        Path old = SweepFixtures.v1(tmp.resolve("v1"), "v1sweep");
        Result agg = run("aggregate", old.toString(), "--master", "local[1]");
        assertEquals(0, agg.code(), agg.err());
        assertTrue(agg.out().contains("(2 rows)"), agg.out());
        assertFalse(agg.out().contains("warning"), "both best rates are interior: " + agg.out());
        Result best = sql("duckdb", "csv", "SELECT sweep, sweep_id, depth, best_lr, mean_final_loss, schema_version FROM best_lr ORDER BY depth",
                old.toString());
        assertEquals("sweep,sweep_id,depth,best_lr,mean_final_loss,schema_version\nv1sweep,v1sweep-id,2,0.2,0.453125," + ResultSchema.VERSION
                + "\nv1sweep,v1sweep-id,4,0.2,0.703125," + ResultSchema.VERSION + "\n", best.out());
        Result plot = run("plot", old.toString());
        assertEquals(0, plot.code(), plot.err());
        assertTrue(Files.size(old.resolve("figures/v1sweep-loss-vs-lr.png")) > 0, plot.out());
    }

    /** `resweep run` resumes a version-1 directory: the missing runs are added in the current layout, read with the old. */
    @Test
    void runResumesAVersionOneDirectory() throws Exception {
        Path old = SweepFixtures.v1Interrupted(tmp.resolve("v1-interrupted"), "v1resume");
        Path spec = Files.writeString(tmp.resolve("v1resume.yaml"), "name: v1resume\n" + SweepFixtures.V1_SPEC);
        Result r = run("run", spec.toString(), "--out", old.toString(), "--master", "local[1]");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("12 runs planned, 6 already stored, 6 run now"), r.out());
        String q = "SELECT schema_version, count(*) AS runs, count(DISTINCT run_id) AS ids, count(completed_at) AS stamped, "
                + "min(sweep_id) AS id FROM runs GROUP BY schema_version ORDER BY schema_version";
        Result duck = sql("duckdb", "csv", q, old.toString());
        assertEquals("schema_version,runs,ids,stamped,id\n1,6,6,6,v1resume-id\n" + ResultSchema.VERSION + ",6,6,6,v1resume-id\n", duck.out(), duck.err());
        assertEquals(duck.out(), sql("spark", "csv", q, old.toString()).out());
        Result best = sql("duckdb", "csv", "SELECT sweep, sweep_id, count(*) AS n, sum(n_seeds) AS seeds FROM best_lr GROUP BY ALL",
                old.toString());
        assertEquals("sweep,sweep_id,n,seeds\nv1resume,v1resume-id,2,4\n", best.out(), best.err());
    }

    /**
     * review7 F7: {@code run --retry-failed} on a version-2 directory rewrites its old-layout files without the failed
     * run's rows (the copy that {@code compact} uses: it wrote old records column-shifted, an internal error); every
     * other row is unchanged and the retried run has one current row and its checkpoints once.
     */
    @Test
    void retryFailedOnAVersionTwoDirectory() throws Exception {
        Path old = SweepFixtures.older(tmp.resolve("v2-failed"), "v2retry", 2, false, true);
        Path spec = Files.writeString(tmp.resolve("v2retry.yaml"), "name: v2retry\n" + SweepFixtures.OLDER_SPEC);
        String id = sql("duckdb", "csv", "SELECT run_id FROM runs WHERE status = 'failed'", old.toString()).out().lines().skip(1)
                .findFirst().orElseThrow();
        String others = "SELECT * FROM runs WHERE run_id <> '" + id + "' ORDER BY run_id";
        String othersCp = "SELECT * FROM checkpoints WHERE run_id <> '" + id + "' ORDER BY run_id, epoch";
        String runsBefore = sql("duckdb", "csv", others, old.toString()).out(), cpBefore = sql("duckdb", "csv", othersCp, old.toString()).out();
        assertEquals(11 + 1, runsBefore.lines().count(), runsBefore);
        Result r = run("run", spec.toString(), "--out", old.toString(), "--master", "local[1]", "--retry-failed");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals(runsBefore, sql("duckdb", "csv", others, old.toString()).out());
        assertEquals(cpBefore, sql("duckdb", "csv", othersCp, old.toString()).out());
        assertEquals("status,attempt,schema_version,checkpoints\nok,2," + ResultSchema.VERSION + ",2\n", sql("duckdb", "csv",
                "SELECT status, attempt, schema_version, (SELECT count(*) FROM checkpoints c WHERE c.run_id = r.run_id) AS checkpoints "
                        + "FROM runs r WHERE run_id = '" + id + "'", old.toString()).out());
    }

    @Test
    void userMistakesExitTwoWithoutStackTrace() {
        Result badFormat = run("sql", "--out", all.toString(), "--format", "xml", "SELECT 1");
        assertEquals(2, badFormat.code());
        assertTrue(badFormat.err().contains("--format: unknown value 'xml'; allowed: table, csv, json"), badFormat.err());
        Result badEngine = run("sql", "--out", all.toString(), "--engine", "sqlite", "SELECT 1");
        assertEquals(2, badEngine.code());
        assertTrue(badEngine.err().contains("--engine: unknown value 'sqlite'; allowed: duckdb, spark"), badEngine.err());
        Result notASweep = run("sql", "--out", tmp.resolve("nope").toString(), "SELECT 1");
        assertEquals(2, notASweep.code());
        assertTrue(notASweep.err().contains("--out: " + tmp.resolve("nope") + " does not exist"), notASweep.err());
        Result remoteDuck = run("sql", "--out", "hdfs://nn:8020/out/x", "--engine", "duckdb", "SELECT 1");
        assertEquals(2, remoteDuck.code());
        assertTrue(remoteDuck.err().contains("use --engine spark"), remoteDuck.err());
    }
}
