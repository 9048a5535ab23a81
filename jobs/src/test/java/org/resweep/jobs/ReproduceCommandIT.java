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
import org.resweep.jobs.repro.Experiment;
import org.resweep.jobs.repro.Refinement;

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
        Path sweeps = writeSweeps(Files.createDirectories(tmp.resolve("sweeps")));
        out = tmp.resolve("repro");
        StringWriter o = new StringWriter(), e = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        code = cl.execute("reproduce", "--quick", "--out", out.toString(), "--sweeps", sweeps.toString(), "--master", "local[2]");
        stdout = o.toString();
        stderr = e.toString();
        // fig5-6 (and fig9) alone: into the same directory fig5-6 takes fig7's stored best rates and fig9's refinement the stored
        // coarse stage's (so both resume: nothing new runs, runs stopped by the convergence rule included); into a fresh one,
        // with no fig7 there, fig5-6 runs at the rates written in its file.
        cl = Main.commandLine();
        o = new StringWriter();
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        codeAlone = cl.execute("reproduce", "--quick", "--experiments", "fig5-6,fig9", "--out", out.toString(), "--sweeps", sweeps.toString(),
                "--master", "local[2]");
        stdoutAlone = o.toString();
        outFresh = tmp.resolve("repro-fig5-6");
        codeFresh = cl.execute("reproduce", "--quick", "--experiments", "fig5-6", "--out", outFresh.toString(), "--sweeps", sweeps.toString(),
                "--master", "local[2]");
        stderr += e.toString();
    }

    /** Writes the reduced sweep files (one {@code ID-quick.yaml} per experiment) into {@code sweeps}; returns it. */
    static Path writeSweeps(Path sweeps) throws Exception {
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
                spectra: true
                weights: true
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
                epochs: 30
                seeds: 2
                hessian: none
                stop: {window: 10, rel_tol: 1e-2}
                axes: {depth: 6, shortcut: [1, 2, 3], init: small, init_scale: 0.01, learning_rate: {from: 0.1, to: 1.0, per_decade: 2}}
                variants:
                  - {activation: relu, positions: "pre,mid"}
                  - {activation: tanh, positions: "pre,mid"}
                """);
        spec(sweeps, "perturbed-zero-quick.yaml", """
                name: perturbed-zero-it
                epochs: 0
                hessian: init_end
                spectra: true
                weights: true
                axes: {activation: relu, positions: mid, shortcut: 2, learning_rate: 0.01}
                variants:
                  - {depth: [2, 4], init: small, init_scale: [1e-2, 1e-3]}
                  - {depth: 2, init: zero}
                """);
        spec(sweeps, "escape-quick.yaml", """
                name: escape-it
                epochs: 400
                hessian: none
                seeds: 3
                axes: {activation: linear, shortcut: 3, depth: 3, learning_rate: 0.3}
                variants:
                  - {init: small, init_scale: [0.1, 0.03]}
                  - {init: zero}
                """);
        return sweeps;
    }

    static int codeAlone, codeFresh;
    static String stdoutAlone;
    static Path outFresh;

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
                "fig6.index-smaller-vs-plain-xavier", "fig7.2sc-near-optimal", "fig8.2sc-beats-plain-xavier",
                "theorem2.n2-neg-mass-half", "fig7.n3-escapes-late", "fig5.same-final-cond", "perturbed-zero.n2-masked-form",
                "perturbed-zero.paper-copies", "escape.n3-slower-when-smaller", "fig9.2sc-best-when-deep.relu-pre-mid",
                "fig9.2sc-best-when-deep.tanh-pre-mid", "fig9.high-order-saddle.relu-pre-mid", "fig9.high-order-saddle.tanh-pre-mid")) {
            assertTrue(md.contains("`" + id + "`"), "report lacks claim " + id);
        }
        // Exact claims hold (and, being exact, are not labelled smoke tests); empirical verdicts of --quick are.
        for (String id : List.of("theorem2.n3-zero", "theorem2.n2-spectrum", "theorem2.n2-neg-mass-half", "fig4.shortcut-constant",
                "perturbed-zero.exact-zero-hessian-zero", "perturbed-zero.n2-index-half", "escape.n3-no-escape-at-zero")) {
            assertTrue(md.lines().anyMatch(l -> l.startsWith("- **holds** — ") && l.contains("(`" + id + "`)")),
                    "exact claim " + id + " does not hold");
        }
        // The masked n = 2 form at the perturbed zero is our derivation with an ε rule: deterministic numbers, ~100× inside the rule.
        assertTrue(md.lines().anyMatch(l -> l.startsWith("- **holds** (smoke test) — ") && l.contains("(`perturbed-zero.n2-masked-form`)")),
                "perturbed-zero.n2-masked-form does not hold");
        for (String id : List.of("fig7.2sc-near-optimal", "fig6.index-smaller-vs-plain-xavier", "fig7.grid-wide-enough")) {
            assertTrue(md.lines().anyMatch(l -> l.contains("** (smoke test) — ") && l.contains("(`" + id + "`)")
                    && l.contains("*Our interpretation:*")), "empirical claim " + id + " not labelled a smoke test with its interpretation");
        }
        assertTrue(md.contains("Welch's t-test at α = 0.0500000"), "the report states its test and level");
        try (Stream<Path> figs = Files.list(out.resolve("figures"))) {
            List<Path> pngs = figs.filter(p -> p.toString().endsWith(".png")).toList();
            // 8 paper figures + the weight-norm figure of fig7 + sorted spectra and histograms of fig5-6 (it stores spectra)
            // + distance vs ε (perturbed-zero) + escape epoch vs ε (escape); fig9's coarse stage has no section of its own
            assertEquals(13, pngs.size(), pngs.toString());
            assertTrue(pngs.stream().anyMatch(p -> p.getFileName().toString().equals("fig5-6-it-spectra-hist.png")), pngs.toString());
            assertTrue(pngs.stream().anyMatch(p -> p.getFileName().toString().equals("fig5-6-it-spectra.png")), pngs.toString());
            for (Path p : pngs) {
                byte[] head = Files.readAllBytes(p);
                assertTrue(head.length > 1000 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G', p.toString());
            }
        }
    }

    /**
     * The report of the second invocation into {@code out} lists both (it quoted only the last one's options and time):
     * options, master, wall time, runs run; the first's runs are what it said it ran. Both are in the record the report
     * cites, one start and one end each.
     */
    @Test
    void theReportListsEveryInvocationThatWorkedInItsDirectory() throws Exception {
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("Made by 2 invocations of `resweep reproduce` in this directory, oldest first (recorded in `"
                + ReproduceLog.FILE + "`):"), md);
        long ranFirst = java.util.regex.Pattern.compile("(\\d+) run now").matcher(stdout).results().mapToLong(m -> Long.parseLong(m.group(1))).sum();
        assertTrue(ranFirst > 0, stdout);
        String sweeps = tmp.resolve("sweeps").toString();
        assertTrue(java.util.regex.Pattern.compile("\\| \\S+Z \\| `--quick --out " + java.util.regex.Pattern.quote(out + " --sweeps " + sweeps)
                + " --master local\\[2\\]` \\| local\\[2\\] \\| [0-9.]+ s \\| " + ranFirst + " \\| finished \\|").matcher(md).find(), md);
        assertTrue(java.util.regex.Pattern.compile("\\| `--quick --experiments fig5-6,fig9 --out " + java.util.regex.Pattern.quote(out.toString())
                + ".*` \\| local\\[2\\] \\| [0-9.]+ s \\(to the report\\) \\| 0 \\| this invocation \\|").matcher(md).find(), md);
        List<String> events = Files.readAllLines(out.resolve(ReproduceLog.FILE));
        assertEquals(ReproduceLog.HEADER, events.get(0));
        assertEquals(2, events.stream().filter(l -> l.contains("\"event\":\"start\"")).count(), events.toString());
        assertEquals(2, events.stream().filter(l -> l.contains("\"event\":\"end\"")).count(), events.toString());
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
    void curvatureStatisticsAtZeroAreExact() throws Exception {
        // n = 2 at zero: ±σ_j pairs → half of the curvature negative, index_raw exactly ½, r = d² = 100.
        List<Row> n2 = sql(out.resolve("theorem2"), "SELECT max(abs(init_neg_mass - 0.5)), min(init_index_raw), max(init_index_raw), "
                + "min(init_top_r), max(init_top_r), count(*) FROM runs WHERE shortcut = 2");
        assertTrue(n2.get(0).getDouble(0) <= 1e-10, "neg_mass " + n2.get(0));
        assertEquals(0.5, n2.get(0).getDouble(1), 0.0);
        assertEquals(0.5, n2.get(0).getDouble(2), 0.0);
        assertEquals(100, n2.get(0).getInt(3));
        assertEquals(100, n2.get(0).getInt(4));
        // n = 3 (linear) at zero: the Hessian is exactly 0 → every eigenvalue is flat, no negative mass, cond_top infinite.
        List<Row> n3 = sql(out.resolve("theorem2"), "SELECT depth, init_max_abs_eig, init_n_flat, init_neg_mass, init_cond_top, escape_epoch "
                + "FROM runs WHERE shortcut = 3");
        assertEquals(2, n3.size());
        for (Row r : n3) {
            assertEquals(0.0, r.getDouble(1), 0.0, "the linear moment path gives an exact zero Hessian");
            assertEquals(r.getInt(0) * 100, r.getInt(2));
            assertEquals(0.0, r.getDouble(3), 0.0);
            assertEquals(Double.POSITIVE_INFINITY, r.getDouble(4), 0.0);
            assertTrue(r.isNullAt(5), "epochs 0: no escape epoch");
        }
    }

    @Test
    void weightRecordsAgreeAcrossTables() throws Exception {
        // The per-checkpoint mean weight norm is the run's curve at that epoch, bit for bit; the curve has one value per epoch.
        List<Row> bad = sql(out.resolve("fig5-6"), "SELECT c.run_id, c.epoch FROM checkpoints c JOIN runs r ON c.run_id = r.run_id "
                + "WHERE c.weight_norm_mean <> element_at(r.weight_norm_curve, c.epoch + 1) OR size(r.weight_norm_curve) <> r.epochs_run + 1 "
                + "OR c.weight_norm_max < c.weight_norm_mean OR c.top_r <> 100 OR c.index_raw < c.index OR c.neg_mass < 0 OR c.neg_mass > 1");
        assertTrue(bad.isEmpty(), bad.toString());
        List<Row> n = sql(out.resolve("fig5-6"), "SELECT count(*) FROM checkpoints WHERE weight_norm_mean IS NOT NULL AND cond_top IS NOT NULL");
        assertTrue(n.get(0).getLong(0) > 10);
        // weights: true stores the P weights at every checkpoint; spectra: true the P eigenvalues.
        List<Row> w = sql(out.resolve("fig5-6"), "SELECT count(*), min(size(weights)), max(size(weights)), min(size(spectrum)) FROM checkpoints");
        assertEquals(400, w.get(0).getInt(1));
        assertEquals(400, w.get(0).getInt(2));
        assertEquals(400, w.get(0).getInt(3));
        // Zero-init runs stay at W = 0: escape_epoch null exactly when the loss never fell below 0.9 × initial.
        List<Row> esc = sql(out.resolve("fig7"), "SELECT count(*) FROM runs WHERE status = 'ok' AND ((escape_epoch IS NULL) <> "
                + "(array_min(loss_curve) >= 0.9 * initial_loss))");
        assertEquals(0L, esc.get(0).getLong(0));
    }

    @Test
    void perturbedZeroReluMidKeepsThePairedSpectrumAndZeroIsFlat() throws Exception {
        // W = 0 with ReLU'(0) = 0: C = 0, so the whole Hessian and gradient vanish (exactly: every term has a factor ReLU'(0)).
        List<Row> z = sql(out.resolve("perturbed-zero"), "SELECT count(*), max(c.max_abs_eig), max(c.grad_norm) FROM runs r JOIN checkpoints c "
                + "ON c.run_id = r.run_id AND c.epoch = 0 WHERE r.init = 'zero'");
        assertEquals(1L, z.get(0).getLong(0));
        assertEquals(0.0, z.get(0).getDouble(1), 0.0);
        assertEquals(0.0, z.get(0).getDouble(2), 0.0);
        // W = ε·V: the ± pairs of the masked n = 2 form keep the literal index at exactly ½; neg_mass within O(ε²) of ½.
        List<Row> p = sql(out.resolve("perturbed-zero"), "SELECT count(*), min(init_index_raw), max(init_index_raw), "
                + "max(abs(init_neg_mass - 0.5) / (init_scale * init_scale)), min(size(c.weights)) FROM runs r JOIN checkpoints c "
                + "ON c.run_id = r.run_id AND c.epoch = 0 WHERE r.init = 'small'");
        assertEquals(4L, p.get(0).getLong(0));
        assertEquals(0.5, p.get(0).getDouble(1), 0.0);
        assertEquals(0.5, p.get(0).getDouble(2), 0.0);
        // measured ≈ 0.5 (tr H = O(ε²)); a pairing broken at first order would make this ~1/ε = 100…1000 times larger
        assertTrue(p.get(0).getDouble(3) <= 1.0, "neg_mass − ½ not O(ε²): " + p.get(0));
        assertEquals(200, p.get(0).getInt(4));
    }

    @Test
    void n3EscapeIsLaterFromSmallerInitAndNeverFromZero() throws Exception {
        // W = 0, n = 3: the gradient is exactly zero, so the loss never moves and there is no escape epoch.
        List<Row> z = sql(out.resolve("escape"), "SELECT count(*), max(abs(final_loss - initial_loss)), count(escape_epoch), "
                + "max(array_max(loss_curve) - array_min(loss_curve)) FROM runs WHERE init = 'zero' AND status = 'ok'");
        assertEquals(3L, z.get(0).getLong(0));
        assertEquals(0.0, z.get(0).getDouble(1), 0.0);
        assertEquals(0L, z.get(0).getLong(2));
        assertEquals(0.0, z.get(0).getDouble(3), 0.0);
        // Every seed escapes from ε = 0.1 before any seed escapes from ε = 0.03 (escape time ~ 1/ε).
        List<Row> e = sql(out.resolve("escape"), "SELECT init_scale, count(escape_epoch), min(escape_epoch), max(escape_epoch) FROM runs "
                + "WHERE init = 'small' GROUP BY init_scale ORDER BY init_scale DESC");
        assertEquals(2, e.size());
        assertEquals(3L, e.get(0).getLong(1));
        assertEquals(3L, e.get(1).getLong(1), "ε = 0.03 escapes within the epochs: " + e);
        assertTrue(e.get(0).getInt(3) < e.get(1).getInt(2), e.toString());
    }

    @Test
    void xavierCondGrowsWithDepthAndExceedsOrthogonalAtTheLargest() throws Exception {
        List<Row> x = sql(out.resolve("fig4"), "SELECT depth, avg(init_cond) FROM runs WHERE init = 'xavier' GROUP BY depth ORDER BY depth");
        assertEquals(3, x.size());
        for (int i = 1; i < x.size(); i++) assertTrue(x.get(i).getDouble(1) > x.get(i - 1).getDouble(1), x.toString());
        List<Row> o = sql(out.resolve("fig4"), "SELECT avg(init_cond) FROM runs WHERE init = 'orthogonal' AND depth = 8");
        assertTrue(x.get(2).getDouble(1) > o.get(0).getDouble(0), x + " vs " + o);
    }

    @Test
    void fig56RunsAtFig7sBestRatesAtItsDepth() throws Exception {
        // Each fig5-6 method runs at the best rate of the fig7 configuration with the same depth, shortcut, init (and scale).
        List<Row> r = sql(out.resolve("fig5-6"), "SELECT shortcut, init, init_scale, depth, min(learning_rate), max(learning_rate), count(*) "
                + "FROM runs GROUP BY shortcut, init, init_scale, depth ORDER BY shortcut, init");
        assertEquals(3, r.size(), r.toString());
        List<Row> best = sql(out.resolve("fig7"), "SELECT shortcut, init, init_scale, best_lr FROM best_lr WHERE depth = 4 ORDER BY shortcut, init");
        int matched = 0;
        for (Row f : r) {
            assertEquals(4, f.getInt(3));
            assertEquals(f.getDouble(4), f.getDouble(5), 0.0, "one rate per method");
            for (Row b : best) {
                if (b.getInt(0) == f.getInt(0) && b.getString(1).equals(f.getString(1)) && b.getDouble(2) == f.getDouble(2)) {
                    assertEquals(b.getDouble(3), f.getDouble(4), 0.0, "fig5-6 " + f + " vs fig7 " + b);
                    matched++;
                }
            }
        }
        assertEquals(3, matched);
        assertTrue(stdout.contains("fig7 (") && stdout.indexOf("fig7 (") < stdout.indexOf("fig5-6 ("), "fig7 runs before fig5-6: " + stdout);
        String stored = Files.readString(out.resolve("fig5-6").resolve("sweep.yaml"));
        assertTrue(stored.startsWith("# Derived by `resweep reproduce` from fig5-6-quick.yaml"), stored);
        // Run alone into the same directory: the stored fig7 gives the same rates, so the stored fig5-6 sweep resumes.
        assertEquals(0, codeAlone, stdoutAlone + stderr);
        assertTrue(stdoutAlone.contains("fig5-6 (fig5-6-quick.yaml): 3 runs planned, 3 already stored, 0 run now"), stdoutAlone);
        assertTrue(stdoutAlone.contains("fig9-coarse (fig9-quick.yaml (coarse stage)): 18 runs planned, 18 already stored, 0 run now"), stdoutAlone);
        assertTrue(stdoutAlone.matches("(?s).*fig9 \\(fig9-quick\\.yaml\\): (\\d+) runs planned, \\1 already stored, 0 run now.*"), stdoutAlone);
        // Alone into a fresh directory: no fig7 there, the file's rates (0.02, 0.3, 1.0), said in the report.
        assertEquals(0, codeFresh, stderr);
        List<Row> fresh = sql(outFresh.resolve("fig5-6"), "SELECT learning_rate FROM runs ORDER BY learning_rate");
        assertEquals(List.of(0.02, 0.3, 1.0), fresh.stream().map(x -> x.getDouble(0)).toList());
        assertTrue(Files.readString(outFresh.resolve("report.md")).contains("no fig7 sweep is stored in the output directory"));
    }

    @Test
    void fig9RefinesAroundEachCoarseBestRate() throws Exception {
        // Stage 1: the file's grid (0.1 … 1 at 2 per decade), 1 seed, a third of the epochs (a short file: a tenth would be 3).
        List<Row> c = sql(out.resolve("fig9-coarse"), "SELECT count(DISTINCT replicate), min(epochs), max(epochs), count(DISTINCT learning_rate), "
                + "count(*) FROM runs");
        assertEquals(1L, c.get(0).getLong(0));
        assertEquals(10, c.get(0).getInt(1));
        assertEquals(10, c.get(0).getInt(2));
        assertEquals(Refinement.screenEpochs(30, Experiment.FIG9.coarseDivisor()), c.get(0).getInt(1));
        assertEquals(3L, c.get(0).getLong(3));
        assertEquals(2 * 3 * 3L, c.get(0).getLong(4));
        assertEquals("fig9-it-coarse", org.resweep.driver.store.SweepMeta.read(out.resolve("fig9-coarse")).name());
        List<Row> coarse = sql(out.resolve("fig9-coarse"), "SELECT b.activation, b.shortcut, b.best_lr, max(CASE WHEN r.status = 'ok' AND "
                + "r.escape_epoch IS NOT NULL THEN 1 ELSE 0 END) AS escaped FROM best_lr b JOIN runs r ON r.activation = b.activation AND "
                + "r.shortcut = b.shortcut GROUP BY b.activation, b.shortcut, b.best_lr ORDER BY b.activation, b.shortcut");
        assertEquals(6, coarse.size(), coarse.toString());
        // Stage 2: per configuration, the coarse best rate b, and (if any coarse run escaped) b·r^(±½) with r = 10^(1/2);
        // every seed, every epoch.
        List<Row> fine = sql(out.resolve("fig9"), "SELECT activation, shortcut, sort_array(collect_set(learning_rate)), count(*), min(epochs), "
                + "count(DISTINCT replicate) FROM runs GROUP BY activation, shortcut ORDER BY activation, shortcut");
        assertEquals(6, fine.size(), fine.toString());
        double h = Math.pow(10, 1.0 / 4);
        for (int i = 0; i < 6; i++) {
            Row a = coarse.get(i), b = fine.get(i);
            assertEquals(a.getString(0), b.getString(0));
            assertEquals(a.getInt(1), b.getInt(1));
            List<Double> lrs = b.getList(2);
            double best = a.getDouble(2);
            assertEquals(30, b.getInt(4));
            assertEquals(2L, b.getLong(5));
            if (a.getInt(3) == 0) {
                assertEquals(List.of(best), lrs, "no coarse escape: the coarse best rate only");
            } else {
                assertEquals(3, lrs.size(), lrs.toString());
                assertEquals(best, lrs.get(1), 0.0);
                assertEquals(best / h, lrs.get(0), 1e-11 * best);
                assertEquals(best * h, lrs.get(2), 1e-11 * best);
            }
            assertEquals(2L * lrs.size(), b.getLong(3));
        }
        assertTrue(coarse.stream().anyMatch(r -> r.getInt(3) == 1), "some configuration escaped in the screen: a refinement happened");
        // The file's convergence rule (stop: window 10, rel_tol 1e-2): a run that ended before its epochs is ok, its curve ends
        // there, and the rule holds at that epoch and at no earlier one; the others ran every epoch or diverged.
        List<Row> runs = sql(out.resolve("fig9"), "SELECT status, epochs, epochs_run, loss_curve, final_loss, stop FROM runs");
        int stopped = 0;
        for (Row r : runs) {
            assertEquals("10:0.01", r.getString(5));
            List<Double> curve = r.getList(3);
            int ran = r.getInt(2);
            assertEquals(ran + 1, curve.size());
            assertEquals(curve.get(ran), r.getDouble(4), 0.0);
            int first = -1;
            for (int t = 10; t < curve.size() && first < 0; t++) {
                if (curve.get(t) < 0.9 * curve.get(0) && curve.get(t - 10) - curve.get(t) < 1e-2 * curve.get(t - 10)) first = t;
            }
            if (r.getString(0).equals("ok")) {
                assertEquals(first >= 0 ? first : 30, ran, "an ok run stops at the rule's first epoch, else runs every epoch: " + curve);
                if (ran < 30) stopped++;
            } else {
                assertEquals(-1, first, "a diverged run was not stoppable before");
            }
        }
        System.out.println("ReproduceCommandIT: " + stopped + " of " + runs.size() + " fig9 stage-2 runs stopped by the convergence rule");
    }
}
