package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.train.HessianSchedule;
import org.resweep.core.train.RunConfig;
import org.resweep.core.train.RunResult;
import org.resweep.driver.results.ExecutedRun;
import org.resweep.driver.results.ResultRows;
import org.resweep.driver.results.SweepProvenance;
import org.resweep.driver.store.SweepDirectory;

/** The aggregate and sql commands run in-process on a small hand-made sweep directory. */
class SqlCommandIT {
    @TempDir
    static Path tmp;
    static Path dir;

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void sweep() throws Exception {
        dir = tmp.resolve("sw");
        List<Object[]> rows = new ArrayList<>();
        double[][] losses = {{0.5, 0.7}, {0.25, 0.75}};
        double[] lrs = {0.1, 0.2};
        for (int i = 0; i < 2; i++) {
            for (int s = 0; s < 2; s++) {
                RunConfig c = new RunConfig("mnist10k", NetworkSpec.linear(4, 2, 10), InitKind.ZERO, 1, lrs[i], 10, s,
                        HessianSchedule.NONE, false);
                RunResult r = new RunResult(c, "ok", "", 1, losses[i][s], losses[i][s], 0, 10, -1, new double[] {1, losses[i][s]},
                        new double[] {0, 0}, List.of(), "moment", "", "h", 0);
                rows.add(ResultRows.runRow(new ExecutedRun(r, "h", "17", "e", "os"), new SweepProvenance("sw", "v", "4"), 0.125, java.time.Instant.parse("2024-01-01T00:00:00Z")));
            }
        }
        try (SweepDirectory d = SweepDirectory.open(dir)) {
            d.commit(rows, List.of());
        }
    }

    @Test
    void aggregateThenQueryAsCsv() throws Exception {
        Result agg = run("aggregate", dir.toString(), "--master", "local[1]");
        assertEquals(0, agg.code(), agg.err());
        assertTrue(agg.out().contains("(1 rows)"), agg.out());
        assertTrue(Files.isDirectory(dir.resolve("best_lr")));

        Result sql = run("sql", "--out", dir.toString(), "--master", "local[1]", "--format", "csv",
                "SELECT b.depth, b.best_lr, b.mean_final_loss, b.n_seeds, b.lr_at_edge, (SELECT count(*) FROM runs) AS n_runs, "
                        + "(SELECT count(*) FROM checkpoints) AS n_cp FROM best_lr b");
        assertEquals(0, sql.code(), sql.err());
        assertEquals("depth,best_lr,mean_final_loss,n_seeds,lr_at_edge,n_runs,n_cp\n4,0.2,0.5,2,true,4,0\n", sql.out());
    }

    @Test
    void userMistakesExitTwoWithoutStackTrace() {
        Result badFormat = run("sql", "--out", dir.toString(), "--format", "xml", "SELECT 1");
        assertEquals(2, badFormat.code());
        assertTrue(badFormat.err().contains("--format: unknown value 'xml'; allowed: table, csv, json"), badFormat.err());

        Result notASweep = run("sql", "--out", tmp.resolve("nope").toString(), "SELECT 1");
        assertEquals(2, notASweep.code());
        assertTrue(notASweep.err().contains("is not a sweep directory"), notASweep.err());

        Result badQuery = run("sql", "--out", dir.toString(), "--master", "local[1]", "SELECT nosuch FROM runs");
        assertEquals(2, badQuery.code(), badQuery.err());
        assertTrue(badQuery.err().contains("QUERY:") && !badQuery.err().contains("\tat "), badQuery.err());
    }
}
