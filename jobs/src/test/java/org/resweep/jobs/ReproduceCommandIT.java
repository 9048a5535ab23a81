package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.driver.spark.SparkSessions;
import org.resweep.driver.spark.SweepTables;

/**
 * A reduced reproduction (smaller than {@code --quick}) run in-process, then the exact claims checked on its
 * Parquet tables. Empirical claims (training results) are only reported by the command, never asserted here.
 */
class ReproduceCommandIT {
    /** 2-shortcut cond at zero equal across depths (docs/model.md §6: the same spectrum, only multiplicities change). */
    static final double TOL_COND_EQUAL = 1e-9;
    /** n = 3 Hessian at zero: exactly zero up to rounding of O(1) data sums. */
    static final double TOL_ZERO = 1e-12;

    @TempDir
    static Path tmp;
    static Path out;
    static String stdout, stderr;
    static int code;

    static void spec(Path dir, String file, String text) throws Exception {
        Files.writeString(dir.resolve(file), text);
    }

    @BeforeAll
    static void reproduce() throws Exception {
        Path sweeps = Files.createDirectories(tmp.resolve("sweeps"));
        spec(sweeps, "theorem2-quick.yaml", """
                name: theorem2-it
                epochs: 0
                spectra: true
                axes: {init: zero, learning_rate: 0.01, activation: linear}
                variants:
                  - {shortcut: 1, depth: [1, 2, 3]}
                  - {shortcut: 2, depth: [2, 4, 6]}
                  - {shortcut: 3, depth: [3, 6]}
                """);
        spec(sweeps, "fig4-quick.yaml", """
                name: fig4-it
                epochs: 0
                seeds: 2
                axes: {activation: linear, depth: [2, 4, 8], learning_rate: 0.01}
                variants:
                  - {shortcut: 0, init: [xavier, orthogonal]}
                  - {shortcut: 2, init: zero}
                """);
        spec(sweeps, "fig5-6-quick.yaml", """
                name: fig5-6-it
                epochs: 30
                hessian: {every: 1, until: 10, log: 5}
                axes: {activation: linear, depth: 4}
                variants:
                  - {shortcut: 0, init: xavier, learning_rate: 0.02}
                  - {shortcut: 0, init: orthogonal, learning_rate: 0.3}
                  - {shortcut: 2, init: small, init_scale: 0.01, learning_rate: 1.0}
                """);
        spec(sweeps, "fig7-quick.yaml", """
                name: fig7-it
                epochs: 100
                hessian: none
                axes: {activation: linear, depth: [2, 4, 6], learning_rate: [0.01, 0.1, 1.0]}
                variants:
                  - {shortcut: 0, init: [xavier, orthogonal]}
                  - {shortcut: [1, 2, 3], init: small, init_scale: 0.01}
                """);
        spec(sweeps, "fig8-quick.yaml", """
                name: fig8-it
                epochs: 10
                hessian: none
                axes: {activation: relu, positions: mid, depth: [2, 4], learning_rate: [0.1, 1.0]}
                variants:
                  - {shortcut: 0, init: [xavier, orthogonal]}
                  - {shortcut: 2, init: small, init_scale: 0.01}
                """);
        spec(sweeps, "fig9-quick.yaml", """
                name: fig9-it
                epochs: 10
                hessian: none
                axes: {activation: relu, positions: "pre,mid", depth: 6, shortcut: [1, 2, 3], init: small, init_scale: 0.01,
                       learning_rate: [0.1, 1.0]}
                """);
        out = tmp.resolve("repro");
        StringWriter o = new StringWriter(), e = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        code = cl.execute("reproduce", "--quick", "--out", out.toString(), "--sweeps", sweeps.toString(), "--master", "local[2]");
        stdout = o.toString();
        stderr = e.toString();
    }

    static List<Row> sql(Path sweepDir, String query) throws Exception {
        SparkSession spark = SparkSessions.start("local[2]", "ReproduceCommandIT");
        SweepTables.registerViews(spark, sweepDir);
        return spark.sql(query).collectAsList();
    }

    @Test
    void commandSucceedsAndWritesReportAndFigures() throws Exception {
        assertEquals(0, code, stdout + stderr);
        Path report = out.resolve("report.md");
        assertTrue(Files.size(report) > 0);
        String md = Files.readString(report);
        for (String id : List.of("theorem2.n3-zero", "theorem2.n2-spectrum", "fig4.shortcut-constant", "fig4.xavier-above-orthogonal",
                "fig6.index-smaller-vs-plain-xavier", "fig7.2sc-near-optimal", "fig8.2sc-beats-plain-xavier", "fig9.2sc-best-when-deep")) {
            assertTrue(md.contains("`" + id + "`"), "report lacks claim " + id);
        }
        try (Stream<Path> figs = Files.list(out.resolve("figures"))) {
            List<Path> pngs = figs.filter(p -> p.toString().endsWith(".png")).toList();
            assertEquals(8, pngs.size(), pngs.toString());
            for (Path p : pngs) {
                byte[] head = Files.readAllBytes(p);
                assertTrue(head.length > 1000 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G', p.toString());
            }
        }
    }

    @Test
    void shortcut2CondAtZeroIsTheSameAtEveryDepth() throws Exception {
        List<Row> r = sql(out.resolve("fig4"), "SELECT min(init_cond), max(init_cond), count(DISTINCT depth) FROM runs WHERE shortcut = 2");
        double lo = r.get(0).getDouble(0), hi = r.get(0).getDouble(1);
        assertEquals(3L, r.get(0).getLong(2));
        assertTrue(lo > 1 && (hi - lo) / lo <= TOL_COND_EQUAL, lo + " " + hi);
    }

    @Test
    void shortcut3HessianAtZeroIsZero() throws Exception {
        List<Row> r = sql(out.resolve("theorem2"), "SELECT max(init_max_abs_eig), count(*) FROM runs WHERE shortcut = 3 AND status = 'ok'");
        assertEquals(2L, r.get(0).getLong(1));
        assertTrue(r.get(0).getDouble(0) <= TOL_ZERO, String.valueOf(r.get(0).getDouble(0)));
        List<Row> n2 = sql(out.resolve("theorem2"), "SELECT min(init_max_abs_eig) FROM runs WHERE shortcut = 2");
        assertTrue(n2.get(0).getDouble(0) > 0.1, "the n = 2 Hessian at zero is not zero: a non-trivial contrast");
    }

    @Test
    void xavierCondGrowsWithDepthAndExceedsOrthogonalAtTheLargest() throws Exception {
        List<Row> x = sql(out.resolve("fig4"), "SELECT depth, avg(init_cond) FROM runs WHERE init = 'xavier' GROUP BY depth ORDER BY depth");
        assertEquals(3, x.size());
        for (int i = 1; i < x.size(); i++) assertTrue(x.get(i).getDouble(1) > x.get(i - 1).getDouble(1), x.toString());
        List<Row> o = sql(out.resolve("fig4"), "SELECT avg(init_cond) FROM runs WHERE init = 'orthogonal' AND depth = 8");
        assertTrue(x.get(2).getDouble(1) > o.get(0).getDouble(0), x + " vs " + o);
    }
}
