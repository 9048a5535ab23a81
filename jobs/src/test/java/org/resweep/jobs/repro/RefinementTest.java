package org.resweep.jobs.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.core.net.Activation;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.net.Position;
import org.resweep.core.train.HessianSchedule;
import org.resweep.core.train.RunConfig;
import org.resweep.core.train.RunResult;
import org.resweep.driver.results.ExecutedRun;
import org.resweep.driver.spark.SparkSessions;
import org.resweep.driver.spec.PlannedRun;
import org.resweep.driver.spec.SweepPlan;
import org.resweep.driver.spec.SweepSpecParser;
import org.resweep.jobs.testing.SweepFixtures;

/**
 * The refinement stage of fig8 ({@link Refinement}) from a synthetic coarse table: which rates, seeds and epochs stage 2
 * plans per configuration, and the dry run's estimate of it before the screen ran.
 */
class RefinementTest {
    static final double[] GRID = {1e-3, 1e-2, 1e-1, 1.0}; // ratio 10
    static final String FIG8 = """
            name: fig8
            data: mnist10k
            seeds: 3
            epochs: 1000
            hessian: none
            stop: {window: 100, rel_tol: 1e-3}
            axes:
              activation: relu
              positions: mid
              depth: [4, 8]
              learning_rate: [1e-3, 1e-2, 1e-1, 1.0]
            variants:
              - {shortcut: 0, init: [xavier, orthogonal]}
              - {shortcut: 2, init: small, init_scale: 0.01}
            """;

    static SparkSession spark;

    @BeforeAll
    static void start() { spark = SparkSessions.start("local[1]", "RefinementTest"); }

    @AfterAll
    static void stop() { if (spark != null) spark.stop(); }

    /** The coarse best-rate index of a configuration; -1: it never leaves the initial plateau (final = initial loss). */
    static int best(int shortcut, InitKind init, int depth) {
        if (shortcut == 0 && init == InitKind.XAVIER && depth == 8) return -1;
        if (shortcut == 0) return init == InitKind.XAVIER ? 2 : 3; // orthogonal: the grid's top edge
        return depth == 4 ? 1 : 0; // 2-shortcut at depth 8: the bottom edge
    }

    static RunConfig cfg(int shortcut, InitKind init, int depth, double lr) { return cfg("mnist10k", shortcut, init, depth, lr); }

    static RunConfig cfg(String dataset, int shortcut, InitKind init, int depth, double lr) {
        NetworkSpec net = new NetworkSpec(depth, shortcut, 10, Activation.RELU, Set.of(Position.MID));
        return new RunConfig(dataset, net, init, 0.01, lr, 333, 0, HessianSchedule.NONE, false, false, "",
                new org.resweep.core.train.StopRule(100, 1e-3));
    }

    static List<ExecutedRun> coarse() { return coarse("mnist10k"); }

    /** The coarse stage of {@link #FIG8} on {@code dataSets} (the same losses on each). */
    static List<ExecutedRun> coarse(String... dataSets) {
        List<ExecutedRun> out = new ArrayList<>();
        for (String ds : dataSets) for (int depth : new int[] {4, 8}) {
            for (Object[] m : new Object[][] {{0, InitKind.XAVIER}, {0, InitKind.ORTHOGONAL}, {2, InitKind.SMALL}}) {
                int sc = (Integer) m[0];
                InitKind init = (InitKind) m[1];
                int b = best(sc, init, depth);
                for (int i = 0; i < GRID.length; i++) {
                    // escaped: final loss 1.0 + 0.1·|i − b| (< 0.9 × the initial 2.0); saddle: ≈ 2.0, lowest at the largest rate
                    double f = b >= 0 ? 1.0 + 0.1 * Math.abs(i - b) : 2.0 + 1e-6 * (GRID.length - 1 - i);
                    RunResult r = new RunResult(cfg(ds, sc, init, depth, GRID[i]), RunResult.OK, "", 2.0, f, Math.min(2.0, f), 0.5, 333, -1,
                            new double[] {2.0, f}, new double[] {1.0, 0.5}, List.of(), "data", "", "hash", 0.01);
                    out.add(new ExecutedRun(r, "host", "17", "0.46.1", "linux/amd64"));
                }
            }
        }
        return out;
    }

    @Test
    void fig8StageTwoPlansTheBestRateAndItsMidpointsWithEverySeedAndEpoch(@TempDir Path tmp) throws Exception {
        Path dir = SweepFixtures.write(tmp.resolve("fig8-coarse"), "fig8-coarse", coarse(), false);
        BestRates.Derived d = Refinement.refine(spark, dir.toString(), FIG8, "fig8.yaml");
        SweepPlan plan = SweepPlan.of(SweepSpecParser.parse(d.text(), "fig8.yaml"));
        assertEquals("fig8", plan.spec().name());
        Map<String, TreeSet<Double>> rates = new TreeMap<>();
        Map<String, Integer> runs = new TreeMap<>();
        for (PlannedRun t : plan.tasks()) {
            RunConfig c = t.config();
            assertEquals(1000, c.epochs());
            assertEquals(new org.resweep.core.train.StopRule(100, 1e-3), c.stop(), "the file's convergence rule reaches stage 2");
            String k = c.net().shortcut() + "/" + c.init().id() + "/" + c.net().depth();
            rates.computeIfAbsent(k, x -> new TreeSet<>()).add(c.learningRate());
            runs.merge(k, 1, Integer::sum);
        }
        double h = Math.sqrt(10); // midpoints b·10^(±½), rounded to 12 significant digits
        Map<String, TreeSet<Double>> expect = new TreeMap<>();
        for (int depth : new int[] {4, 8}) {
            for (Object[] m : new Object[][] {{0, InitKind.XAVIER}, {0, InitKind.ORTHOGONAL}, {2, InitKind.SMALL}}) {
                int b = best((Integer) m[0], (InitKind) m[1], depth);
                double lr = GRID[b >= 0 ? b : GRID.length - 1];
                expect.put(m[0] + "/" + ((InitKind) m[1]).id() + "/" + depth, b >= 0
                        ? new TreeSet<>(List.of(SpecTexts.round12(lr / h), lr, SpecTexts.round12(lr * h))) : new TreeSet<>(List.of(lr)));
            }
        }
        assertEquals(expect, rates);
        for (var e : runs.entrySet()) assertEquals(3 * expect.get(e.getKey()).size(), e.getValue(), e.getKey() + ": every rate with 3 seeds");
        assertEquals(5 * 3 * 3 + 3, plan.tasks().size());
        assertTrue(d.note().contains("5 configurations refined; 1 never left the initial plateau"), d.note());
    }

    /**
     * Stage 3: configurations with a diverged seed at every refined rate get the two largest coarse-grid rates below the
     * refinement's smallest, every seed and epoch; configurations with a usable rate get none, and with none left it is
     * not run at all.
     */
    @Test
    void lowerStagePlansTheCoarseRatesBelowARefinementThatAlwaysDiverged(@TempDir Path tmp) throws Exception {
        Path coarse = SweepFixtures.write(tmp.resolve("fig8-coarse"), "fig8-coarse", coarse(), false);
        BestRates.Derived d = Refinement.refine(spark, coarse.toString(), FIG8, "fig8.yaml");
        SweepPlan stage2 = SweepPlan.of(SweepSpecParser.parse(d.text(), "fig8.yaml"));
        // orthogonal at depth 4 (b = 1, the top edge) and the 2-shortcut at depth 4 (b = 1e-2): one seed diverges at every rate.
        List<ExecutedRun> all = refined(stage2, RefinementTest::unstableAtDepth4), stable = refined(stage2, c -> false);
        Path refined = SweepFixtures.write(tmp.resolve("fig8"), "fig8", all, false);
        var lower = Refinement.lower(spark, coarse.toString(), refined.toString(), d.text(), "fig8.yaml");
        assertTrue(lower.isPresent());
        SweepPlan stage3 = SweepPlan.of(SweepSpecParser.parse(lower.get().text(), "fig8.yaml"));
        assertEquals("fig8-lower", stage3.spec().name());
        Map<String, TreeSet<Double>> rates = new TreeMap<>();
        for (PlannedRun t : stage3.tasks()) {
            RunConfig c = t.config();
            assertEquals(1000, c.epochs());
            rates.computeIfAbsent(c.init().id() + "/" + c.net().depth(), x -> new TreeSet<>()).add(c.learningRate());
        }
        // orthogonal: refined 10^(-½)…10^(½) around b = 1 → the grid's 1e-2 and 1e-1; 2-shortcut: refined from 10^(-2.5) → 1e-3 only.
        assertEquals(Map.of("orthogonal/4", new TreeSet<>(List.of(1e-2, 1e-1)), "small/4", new TreeSet<>(List.of(1e-3))), rates);
        assertEquals(3 * 3, stage3.tasks().size(), "every seed");
        assertTrue(lower.get().note().contains("2 configurations"), lower.get().note());

        Path ok = SweepFixtures.write(tmp.resolve("fig8-ok"), "fig8", stable, false);
        assertTrue(Refinement.lower(spark, coarse.toString(), ok.toString(), d.text(), "fig8.yaml").isEmpty(), "nothing to rerun");
        assertEquals(List.of(), Refinement.lowerRates(new TreeSet<>(List.of(1e-3, 1e-2)), 1e-3), "no grid rate below");
    }

    /** Orthogonal and the 2-shortcut at depth 4, replicate 1. */
    static boolean unstableAtDepth4(RunConfig c) {
        return c.net().depth() == 4 && (c.init() == InitKind.ORTHOGONAL || c.init() == InitKind.SMALL) && c.replicate() == 1;
    }

    /** Stage 2's runs: final loss 1.0, or diverged where {@code diverged} says so. */
    static List<ExecutedRun> refined(SweepPlan stage2, java.util.function.Predicate<RunConfig> diverged) {
        List<ExecutedRun> out = new ArrayList<>();
        for (PlannedRun t : stage2.tasks()) {
            RunConfig c = t.config();
            boolean d = diverged.test(c);
            double f = d ? Double.POSITIVE_INFINITY : 1.0;
            RunResult r = new RunResult(c, d ? RunResult.DIVERGED : RunResult.OK, "", 2.0, f, Math.min(2.0, f), 0.5, 1000, -1,
                    new double[] {2.0, f}, new double[] {1.0, 0.5}, List.of(), "data", "", "hash", 0.01);
            out.add(new ExecutedRun(r, "host", "17", "0.46.1", "linux/amd64"));
        }
        return out;
    }

    /**
     * With two data sets, a configuration that diverged at every refined rate on one of them gets the lower stage on that one
     * only: best_lr is joined to runs on the whole configuration, data set included.
     */
    @Test
    void lowerStageRunsOnlyOnTheDataSetsThatNeedIt(@TempDir Path tmp) throws Exception {
        String text = FIG8.replace("data: mnist10k", "data: [mnist10k:train, mnist10k:test]");
        Path coarse = SweepFixtures.write(tmp.resolve("fig8-coarse"), "fig8-coarse", coarse("mnist10k:train", "mnist10k:test"), false);
        BestRates.Derived d = Refinement.refine(spark, coarse.toString(), text, "fig8.yaml");
        SweepPlan stage2 = SweepPlan.of(SweepSpecParser.parse(d.text(), "fig8.yaml"));
        Path refined = SweepFixtures.write(tmp.resolve("fig8"), "fig8",
                refined(stage2, c -> c.dataset().equals("mnist10k:test") && unstableAtDepth4(c)), false);
        var lower = Refinement.lower(spark, coarse.toString(), refined.toString(), d.text(), "fig8.yaml");
        assertTrue(lower.isPresent());
        SweepPlan stage3 = SweepPlan.of(SweepSpecParser.parse(lower.get().text(), "fig8.yaml"));
        assertEquals(List.of("mnist10k:test"), stage3.spec().data().stream().map(org.resweep.driver.spec.DataSource::name).toList());
        Map<String, TreeSet<Double>> rates = new TreeMap<>();
        for (PlannedRun t : stage3.tasks()) rates.computeIfAbsent(t.config().init().id() + "/" + t.config().net().depth(), x -> new TreeSet<>())
                .add(t.config().learningRate());
        assertEquals(Map.of("orthogonal/4", new TreeSet<>(List.of(1e-2, 1e-1)), "small/4", new TreeSet<>(List.of(1e-3))), rates);
        assertEquals(3 * 3, stage3.tasks().size(), "every seed, one data set");
    }

    /**
     * The report uses only the lower-stage runs that the stored refinement asks for now: a {@code fig8-lower} left from an
     * earlier refinement (here: two configurations) counts for the one configuration the current refinement sends there, or
     * for none, and the note says how many runs were left out; the directory is not touched.
     */
    @Test
    void theReportUsesOnlyTheLowerStageRunsTheRefinementAskedFor(@TempDir Path tmp) throws Exception {
        Path coarse = SweepFixtures.write(tmp.resolve("fig8-coarse"), "fig8-coarse", coarse(), false);
        BestRates.Derived d = Refinement.refine(spark, coarse.toString(), FIG8, "fig8.yaml");
        SweepPlan stage2 = SweepPlan.of(SweepSpecParser.parse(d.text(), "fig8.yaml"));
        Path earlier = SweepFixtures.write(tmp.resolve("earlier/fig8"), "fig8", refined(stage2, RefinementTest::unstableAtDepth4), false, d.text());
        String lowerText = Refinement.lower(spark, coarse.toString(), earlier.toString(), d.text(), "fig8.yaml").orElseThrow().text();
        List<ExecutedRun> lowerRuns = refined(SweepPlan.of(SweepSpecParser.parse(lowerText, "fig8.yaml")), c -> false);
        assertEquals(9, lowerRuns.size());
        org.apache.hadoop.fs.Path here = new org.apache.hadoop.fs.Path(tmp.resolve("fig8").toUri());
        SweepFixtures.write(tmp.resolve("fig8-lower"), "fig8-lower", lowerRuns, true, lowerText);

        // The current refinement: only the orthogonal network at depth 4 diverged at every rate.
        SweepFixtures.write(tmp.resolve("fig8"), "fig8", refined(stage2, c -> unstableAtDepth4(c) && c.init() == InitKind.ORTHOGONAL), false, d.text());
        Analyses.LowerStage used = Analyses.lowerStage(spark, here);
        assertEquals(List.of("plain orthogonal"), used.cells().stream().map(BestLrAnalysis.Cell::method).toList());
        assertEquals(List.of(3), used.cells().stream().map(BestLrAnalysis.Cell::seeds).toList(), "its own runs only");
        assertTrue(used.note().contains("`fig8-lower` holds 3 runs that this refinement does not ask for (it asks for 6 runs there)"), used.note());

        // A refinement that sends nothing there: none of its runs count.
        org.apache.commons.io.FileUtils.deleteDirectory(tmp.resolve("fig8").toFile());
        SweepFixtures.write(tmp.resolve("fig8"), "fig8", refined(stage2, c -> false), false, d.text());
        Analyses.LowerStage none = Analyses.lowerStage(spark, here);
        assertEquals(List.of(), none.cells());
        assertTrue(none.note().contains("holds 9 runs that this refinement does not ask for (it sends no configuration"), none.note());
        assertEquals(9, org.resweep.driver.spark.SweepTables.read(spark, tmp.resolve("fig8-lower"),
                org.resweep.driver.results.ResultSchema.RUNS).count(), "left as they are");

        // The refinement that asked for both: every run counts, no note.
        org.apache.commons.io.FileUtils.deleteDirectory(tmp.resolve("fig8").toFile());
        SweepFixtures.write(tmp.resolve("fig8"), "fig8", refined(stage2, RefinementTest::unstableAtDepth4), false, d.text());
        Analyses.LowerStage all = Analyses.lowerStage(spark, here);
        assertEquals(2, all.cells().size());
        assertEquals("", all.note());
    }

    /**
     * A reproduction killed after the refinement, before its needed lower-rate stage ran or finished: the report does not
     * judge the experiment (it said nothing and evaluated fig8 from the refinement alone) — it names the missing stage,
     * then how many of the runs the refinement needs there are stored; once all are, it is judged as usual.
     */
    @Test
    void aRefinementWhoseNeededLowerStageIsMissingOrUnfinishedIsNotEvaluated(@TempDir Path tmp) throws Exception {
        Path coarse = SweepFixtures.write(tmp.resolve("fig8-coarse"), "fig8-coarse", coarse(), false);
        BestRates.Derived d = Refinement.refine(spark, coarse.toString(), FIG8, "fig8.yaml");
        SweepPlan stage2 = SweepPlan.of(SweepSpecParser.parse(d.text(), "fig8.yaml"));
        Path fig8 = SweepFixtures.write(tmp.resolve("fig8"), "fig8", refined(stage2, RefinementTest::unstableAtDepth4), false, d.text());
        String lowerText = Refinement.lower(spark, coarse.toString(), fig8.toString(), d.text(), "fig8.yaml").orElseThrow().text();
        List<ExecutedRun> lowerRuns = refined(SweepPlan.of(SweepSpecParser.parse(lowerText, "fig8.yaml")), c -> false);
        assertEquals(9, lowerRuns.size());
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(tmp.toUri()), here = new org.apache.hadoop.fs.Path(fig8.toUri());
        org.resweep.driver.store.SweepFs fs = new org.resweep.driver.store.SweepFs(root, new org.apache.hadoop.conf.Configuration());

        // killed before stage 3 started: no fig8-lower
        List<Section> report = Analyses.analyseAll(spark, root, tmp.resolve("figures"));
        assertEquals(1, report.size(), report.toString());
        Section s = report.get(0);
        assertEquals(Experiment.FIG8, s.experiment());
        assertEquals(List.of(), s.figures());
        assertEquals(List.of(Verdict.NOT_EVALUATED), s.claims().stream().map(Claim::verdict).toList());
        assertTrue(s.markdown().startsWith("**Incomplete (lower-rate stage not started): rerun reproduce to finish it.** Its refinement "
                + "`fig8` is finished but its lower-rate stage `fig8-lower`, needed for 9 runs (configurations with a diverged seed at every "
                + "refined rate run again at lower rates), has not started."), s.markdown());

        // killed during stage 3: 4 of its 9 runs stored (whatever fig8-lower's own sweep.json plans)
        Path lower = SweepFixtures.write(tmp.resolve("fig8-lower"), "fig8-lower", lowerRuns.subList(0, 4), false, lowerText);
        s = Analyses.lowerStageMissing(spark, fs, here, "fig8").orElseThrow();
        assertTrue(s.markdown().startsWith("**Incomplete (lower-rate stage: 4 of 9 runs): rerun reproduce to finish it.** Its refinement "
                + "`fig8` is finished but its lower-rate stage `fig8-lower` holds 4 of the 9 runs the refinement needs there"), s.markdown());
        assertTrue(s.claims().get(0).evidence().contains("rerun reproduce (same --out, with --experiments fig8 or without --experiments)"),
                s.claims().get(0).evidence());

        // stage 3 finished: nothing missing; a refinement that needs no stage 3 never is
        org.apache.commons.io.FileUtils.deleteDirectory(lower.toFile());
        SweepFixtures.write(tmp.resolve("fig8-lower"), "fig8-lower", lowerRuns, false, lowerText);
        assertTrue(Analyses.lowerStageMissing(spark, fs, here, "fig8").isEmpty());
        org.apache.commons.io.FileUtils.deleteDirectory(tmp.resolve("fig8-lower").toFile());
        org.apache.commons.io.FileUtils.deleteDirectory(fig8.toFile());
        SweepFixtures.write(tmp.resolve("fig8"), "fig8", refined(stage2, c -> false), false, d.text());
        assertTrue(Analyses.lowerStageMissing(spark, fs, here, "fig8").isEmpty());
        assertTrue(Analyses.lowerStageMissing(spark, fs, new org.apache.hadoop.fs.Path(coarse.toUri()), "fig8-coarse").isEmpty(), "not a refinement");
    }

    /** A configuration whose every coarse run diverged is counted as such in the note, not among the saddle's. */
    @Test
    void aCoarseConfigurationThatAlwaysDivergedIsNotCountedAsTheSaddle(@TempDir Path tmp) throws Exception {
        List<ExecutedRun> runs = new ArrayList<>();
        for (ExecutedRun e : coarse()) {
            RunConfig c = e.result().config();
            if (c.net().shortcut() == 2 && c.net().depth() == 4) { // b = 1e-2 before: now every rate diverges
                double inf = Double.POSITIVE_INFINITY;
                runs.add(new ExecutedRun(new RunResult(c, RunResult.DIVERGED, "", 2.0, inf, 2.0, 0.5, 40, -1, new double[] {2.0, inf},
                        new double[] {1.0, 0.5}, List.of(), "data", "", "hash", 0.01), "host", "17", "0.46.1", "linux/amd64"));
            } else {
                runs.add(e);
            }
        }
        Path dir = SweepFixtures.write(tmp.resolve("fig8-coarse"), "fig8-coarse", runs, false);
        BestRates.Derived d = Refinement.refine(spark, dir.toString(), FIG8, "fig8.yaml");
        assertTrue(d.note().contains("4 configurations refined; 1 never left the initial plateau"), d.note());
        assertTrue(d.note().contains("1 diverged at every coarse rate and ran at the grid's smallest rate only"), d.note());
    }

    @Test
    void dryRunEstimateBracketsTheRefinementBeforeTheScreen() {
        SweepPlan full = SweepPlan.of(SweepSpecParser.parse(FIG8, "fig8.yaml"));
        double[] est = Refinement.estimate(full);
        double perConfigRate = full.totalCost() / GRID.length; // every rate of a configuration costs the same
        assertEquals(6 * 3, (long) est[0]); // 6 configurations × 1 rate × 3 seeds
        assertEquals(6 * 3 * 3, (long) est[2]); // × 3 rates
        assertEquals(perConfigRate, est[1], 1e-9 * perConfigRate);
        assertEquals(3 * perConfigRate, est[3], 1e-9 * perConfigRate);
        String coarse = Refinement.coarse(FIG8, "fig8.yaml", Experiment.FIG8.coarseDivisor());
        var cs = SweepSpecParser.parse(coarse, "fig8.yaml");
        assertEquals("fig8-coarse", cs.name());
        assertEquals(1, cs.seeds());
        assertEquals(333, cs.epochs());
        assertEquals(300, Refinement.screenEpochs(3000, Experiment.FIG9.coarseDivisor())); // fig9: a tenth
        assertEquals(30, Refinement.screenEpochs(90, Experiment.FIG9.coarseDivisor()));    // fig9-quick: a third of a short file
        assertEquals(1, Refinement.screenEpochs(1, 10));
        assertEquals(new org.resweep.core.train.StopRule(100, 1e-3), cs.stop());
        // A window longer than the screen could never stop a screen run (and the parser rejects it): the screen has no rule.
        String longWindow = Refinement.coarse(FIG8.replace("window: 100", "window: 400"), "fig8.yaml", Experiment.FIG8.coarseDivisor());
        assertEquals(org.resweep.core.train.StopRule.NONE, SweepSpecParser.parse(longWindow, "fig8.yaml").stop());
        assertTrue(longWindow.contains("(no stop rule: its window is longer than the screen)"), longWindow);
    }

    /**
     * A resumed {@code reproduce} whose fig8 was killed after its refinement, before the lower-rate stage it needs
     * started: the steps of the experiment ({@link org.resweep.jobs.ReproduceCommand#runExperiment}, the ones
     * {@code reproduce} takes) run the coarse screen and the refinement again (both stored: nothing of them runs) and then
     * the missing lower stage, planned from the stored sweeps as the first invocation would have. The stage runner records
     * what it is asked to run instead of training.
     */
    @Test
    void aResumedReproductionRunsTheMissingLowerStage(@TempDir Path tmp) throws Exception {
        Path coarse = SweepFixtures.write(tmp.resolve("fig8-coarse"), "fig8-coarse", coarse(), false);
        BestRates.Derived refinement = Refinement.refine(spark, coarse.toString(), FIG8, "fig8.yaml");
        SweepPlan stage2 = SweepPlan.of(SweepSpecParser.parse(refinement.text(), "fig8.yaml"));
        SweepFixtures.write(tmp.resolve("fig8"), "fig8", refined(stage2, RefinementTest::unstableAtDepth4), false,
                refinement.text());

        List<String[]> asked = new ArrayList<>();
        StringBuilder timing = new StringBuilder();
        org.resweep.jobs.ReproduceCommand.runExperiment(spark, new org.apache.hadoop.fs.Path(tmp.toUri()), Experiment.FIG8, "fig8.yaml", FIG8,
                timing, (name, file, text) -> asked.add(new String[] {name, file, text}));

        assertEquals(List.of("fig8-coarse", "fig8", "fig8-lower"), asked.stream().map(a -> a[0]).toList());
        assertEquals(Refinement.coarse(FIG8, "fig8.yaml", Experiment.FIG8.coarseDivisor()), asked.get(0)[2]);
        assertEquals(refinement.text(), asked.get(1)[2], "the refinement the first invocation ran (its runs are stored: none runs)");
        assertEquals("fig8.yaml (lower rates)", asked.get(2)[1]);
        SweepPlan lower = SweepPlan.of(SweepSpecParser.parse(asked.get(2)[2], "fig8.yaml"));
        assertEquals("fig8-lower", lower.spec().name());
        assertEquals(9, lower.tasks().size(), "the 9 runs the stored refinement needs there (RefinementTest's fixture)");
        assertEquals(2, timing.toString().lines().filter(l -> l.startsWith("- fig8: ")).count(), "the refinement's note and the lower stage's: "
                + timing);
    }
}
