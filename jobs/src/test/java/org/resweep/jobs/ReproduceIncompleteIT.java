package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.driver.spec.PlannedRun;
import org.resweep.driver.spec.SweepPlan;
import org.resweep.driver.spec.SweepSpecParser;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.store.SweepState;
import org.resweep.jobs.testing.InProcessCli;
import org.resweep.jobs.testing.InProcessCli.Result;

/**
 * {@code reproduce} and directories it did not finish or does not own (review7 F12, F10, F8): an interrupted fig7 sweep
 * is labelled incomplete in the report with no verdict, fig5-6 refuses to take rates from it, rerunning finishes it;
 * {@code --out} a sweep directory is refused before Spark starts; a stored sweep that differs is refused with the fix
 * that applies to {@code reproduce}. The sweep files are ReproduceCommandIT's reduced ones. The fig7 sweep that the
 * first test interrupts and reproduce finishes is reused where a test needs a finished fig7 (one fig7 sweep, not two).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReproduceIncompleteIT {
    @TempDir
    Path tmp;

    /** A copy of the fig7 sweep that reproduce finished in {@link #anInterruptedSweepIsNotEvaluatedUntilRerunFinishesIt}. */
    @TempDir
    static Path shared;
    private static Path finishedFig7;

    /**
     * A fig7 sweep stored by {@code reproduce --quick --experiments fig7} (39 runs): the one the first test finished, or
     * (when that test did not run, e.g. with {@code -Dit.test=ReproduceIncompleteIT#...}) a fresh one.
     */
    private Path finishedFig7(Path sweeps) {
        if (finishedFig7 != null) return finishedFig7;
        Result fig7 = reproduce(tmp.resolve("fig7src"), sweeps, "--quick", "--experiments", "fig7");
        assertEquals(0, fig7.code(), fig7.out() + fig7.err());
        return tmp.resolve("fig7src").resolve("fig7");
    }

    static Result reproduce(Path out, Path sweeps, String... more) {
        List<String> a = new ArrayList<>(List.of("reproduce", "--out", out.toString(), "--sweeps", sweeps.toString(), "--master", "local[2]"));
        a.addAll(List.of(more));
        return InProcessCli.run(a.toArray(new String[0]));
    }

    /**
     * DIR/fig7 as an interrupted reproduction leaves it: sweep.json and sweep.yaml of the whole fig7 file (39 runs), the
     * runs of depths 2 and 4 stored (24), none of depth 6. Made by a real {@code run} of the file restricted to depths 2
     * and 4, then the first step of a run of the whole file — the reconciliation that writes its plan — without its runs
     * (what a {@code kill -9} after that step leaves; rerunning the file resumes the 15 missing runs).
     */
    static Path interruptedFig7(Path root, Path sweeps) throws Exception {
        String full = Files.readString(sweeps.resolve("fig7-quick.yaml"));
        String part = full.replace("depth: [2, 4, 6]", "depth: [2, 4]");
        assertTrue(!part.equals(full), "the reduced fig7 file changed: " + full);
        Path partFile = Files.writeString(root.getParent().resolve("fig7-part.yaml"), part);
        Path fig7 = root.resolve("fig7");
        Result r = InProcessCli.run("run", partFile.toString(), "--out", fig7.toString(), "--master", "local[2]");
        assertEquals(0, r.code(), r.out() + r.err());
        SweepPlan plan = SweepPlan.of(SweepSpecParser.parse(full, "fig7-quick.yaml"));
        try (SweepDirectory d = SweepDirectory.open(fig7)) {
            SweepState.reconcile(d, plan.spec().name(), plan.spec().sweepId(), full,
                    plan.tasks().stream().map(PlannedRun::config).map(c -> c.runId()).toList(), true);
        }
        assertEquals(39, plan.tasks().size()); // 3-shortcut only at depth 6
        return fig7;
    }

    @Test
    @Order(1) // before aDifferentStoredSweepIsRefusedWithTheFixForReproduce, which reuses the fig7 it finishes
    void anInterruptedSweepIsNotEvaluatedUntilRerunFinishesIt() throws Exception {
        Path sweeps = ReproduceCommandIT.writeSweeps(Files.createDirectories(tmp.resolve("sweeps")));
        Path root = tmp.resolve("repro");
        Path fig7 = interruptedFig7(root, sweeps);

        // fig5-6 alone would take its rates from the unfinished fig7: refused before Spark starts, nothing written.
        Result f56 = reproduce(root, sweeps, "--quick", "--experiments", "fig5-6");
        assertEquals(2, f56.code(), f56.out() + f56.err());
        assertTrue(f56.err().contains("resweep: --experiments: " + fig7 + " holds an unfinished fig7 sweep (24 of 39 runs"), f56.err());
        assertTrue(f56.err().contains("finish fig7 first (--experiments fig7,fig5-6 with this --out), or move " + fig7 + " aside"), f56.err());
        assertEquals(1, f56.err().strip().lines().count(), f56.err());
        assertFalse(Files.exists(root.resolve("fig5-6")));

        // Another experiment: the report covers fig7 too, labelled incomplete, with no verdict and no figure of it.
        Result t2 = reproduce(root, sweeps, "--quick", "--experiments", "theorem2");
        assertEquals(0, t2.code(), t2.out() + t2.err());
        String md = Files.readString(root.resolve("report.md"));
        assertTrue(md.contains("**Incomplete sweeps: `fig7-it`.**"), md);
        assertTrue(md.contains("| fig7-it | every claim of this experiment (" + org.resweep.jobs.repro.Experiment.FIG7.title()
                + ") | **not evaluated: sweep incomplete** |"), md);
        assertTrue(md.contains("**Incomplete (24 of 39 runs): rerun reproduce to finish it.**"), md);
        assertTrue(md.contains("; 1 experiment not evaluated (sweep incomplete)."), md);
        assertFalse(md.contains("`fig7.2sc-near-optimal`"), "a fig7 claim was evaluated on 24 of 39 runs");
        assertTrue(md.contains("`theorem2.n3-zero`"), md);
        try (Stream<Path> figs = Files.list(root.resolve("figures"))) {
            assertTrue(figs.noneMatch(p -> p.getFileName().toString().startsWith("fig7")), "a figure of the incomplete fig7");
        }

        // Rerunning fig7 finishes it (the 15 runs of depth 6); the report then evaluates its claims.
        Result again = reproduce(root, sweeps, "--quick", "--experiments", "fig7");
        assertEquals(0, again.code(), again.out() + again.err());
        assertTrue(again.out().contains("fig7 (fig7-quick.yaml): 39 runs planned, 24 already stored, 15 run now"), again.out());
        md = Files.readString(root.resolve("report.md"));
        assertTrue(md.contains("`fig7.2sc-near-optimal`"), md);
        assertFalse(md.contains("not evaluated"), md);
        assertFalse(md.contains("Incomplete"), md);
        FileUtils.copyDirectory(fig7.toFile(), shared.resolve("fig7").toFile());
        finishedFig7 = shared.resolve("fig7");
    }

    @Test
    void outThatIsASweepDirectoryIsRefusedBeforeSpark() throws Exception {
        Path sweeps = ReproduceCommandIT.writeSweeps(Files.createDirectories(tmp.resolve("sweeps")));
        Path sweep = tmp.resolve("sweep");
        Result r = InProcessCli.run("run", sweeps.resolve("theorem2-quick.yaml").toString(), "--out", sweep.toString(), "--master", "local[2]");
        assertEquals(0, r.code(), r.out() + r.err());
        List<String> before;
        try (Stream<Path> s = Files.list(sweep)) {
            before = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        Result x = reproduce(sweep, sweeps, "--quick", "--experiments", "escape");
        assertEquals(2, x.code(), x.out() + x.err());
        assertEquals("resweep: --out: " + sweep + " is a sweep directory (sweep theorem2-it), not a reproduction's root; allowed: the "
                + "directory that holds the experiment sweeps (new, empty, or one `reproduce` wrote: e.g. " + tmp + ")", x.err().strip());
        try (Stream<Path> s = Files.list(sweep)) {
            assertEquals(before, s.map(p -> p.getFileName().toString()).sorted().toList(), "reproduce wrote into the sweep directory");
        }
    }

    @Test
    void aDifferentStoredSweepIsRefusedWithTheFixForReproduce() throws Exception {
        Path sweeps = ReproduceCommandIT.writeSweeps(Files.createDirectories(tmp.resolve("sweeps")));
        // quick then full into one directory: theorem2-quick.yaml / theorem2.yaml named as the shipped ones are
        Files.writeString(sweeps.resolve("theorem2-quick.yaml"), Files.readString(sweeps.resolve("theorem2-quick.yaml"))
                .replace("name: theorem2-it", "name: theorem2-quick"));
        Files.writeString(sweeps.resolve("theorem2.yaml"), Files.readString(sweeps.resolve("theorem2-quick.yaml"))
                .replace("name: theorem2-quick", "name: theorem2").replace("depth: [3, 6]", "depth: [3, 6, 9]"));
        Path root = tmp.resolve("qt");
        Result q = reproduce(root, sweeps, "--quick", "--experiments", "theorem2");
        assertEquals(0, q.code(), q.out() + q.err());
        Result f = reproduce(root, sweeps, "--experiments", "theorem2");
        assertEquals(2, f.code(), f.out() + f.err());
        assertEquals("resweep: " + root.resolve("theorem2") + " holds the --quick sweep theorem2-quick (8 runs), and this reproduce plans "
                + "theorem2: quick and full reproductions need different --out directories (defaults output/reproduce-quick and "
                + "output/reproduce); use another --out", f.err().strip());

        // fig5-6 ran at its file's rates (no fig7 stored), then fig7 is stored: fig5-6 now derives other rates from it.
        Path qa = tmp.resolve("qa");
        Result alone = reproduce(qa, sweeps, "--quick", "--experiments", "fig5-6");
        assertEquals(0, alone.code(), alone.out() + alone.err());
        FileUtils.copyDirectory(finishedFig7(sweeps).toFile(), qa.resolve("fig7").toFile());
        Result both = reproduce(qa, sweeps, "--quick", "--experiments", "fig7,fig5-6");
        assertEquals(2, both.code(), both.out() + both.err());
        assertTrue(both.out().contains("fig7 (fig7-quick.yaml): 39 runs planned, 39 already stored, 0 run now"), both.out());
        assertEquals("resweep: " + qa.resolve("fig5-6") + " holds a fig5-6 sweep (fig5-6-it, 3 runs) at other learning rates: it ran at "
                + "the rates written in its file (no fig7 sweep was stored), this run takes them from " + qa.resolve("fig7") + "; move "
                + qa.resolve("fig5-6") + " aside or use another --out (reproduce has no --extend)", both.err().strip().lines().reduce((a, b) -> b).orElse(""));
        // ... and said before fig7 ran
        assertTrue(both.err().startsWith("resweep: note: " + qa.resolve("fig5-6") + " ran at the rates written in its file"), both.err());
    }

    /**
     * A project that keeps its own specs in conf/sweeps (without the experiment files) and runs reproduce from its root:
     * the message says that the default of --sweeps (not typed) lacks the file and suggests --sweeps (review7 F3).
     * {@code --dry-run}: no Spark; the command line in its own JVM, in that working directory.
     */
    @Test
    void theDefaultSweepsDirectoryWithoutTheFilesIsNamedAsTheDefault() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project").resolve("conf").resolve("sweeps")).getParent().getParent();
        Files.copy(org.resweep.jobs.testing.Processes.repoRoot().resolve("conf/sweeps/example.yaml"), project.resolve("conf/sweeps/example.yaml"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                String.join(java.io.File.pathSeparator, org.resweep.jobs.testing.Processes.testClasspath()), Main.class.getName(),
                "reproduce", "--quick", "--dry-run"));
        Path log = tmp.resolve("f3.log");
        Process p = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertEquals(2, p.waitFor(), Files.readString(log));
        String text = Files.readString(log).strip();
        assertEquals("resweep: --sweeps: not given, and its default conf/sweeps (in the working directory " + project.toRealPath()
                + ") has no theorem2-quick.yaml; pass --sweeps DIR, a directory holding theorem2-quick.yaml (one file per experiment: "
                + org.resweep.jobs.repro.Experiment.ids() + ", each with -quick), or run from a directory without conf/sweeps to use "
                + "the bundled files", text.lines().reduce((a, b) -> b).orElse(""));
    }
}
