package org.resweep.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.resweep.driver.spark.SweepEngine;
import org.resweep.driver.spark.SweepRun;
import org.resweep.driver.spec.SweepPlan;
import org.resweep.driver.spec.SweepSpecParser;
import org.resweep.jobs.repro.Analyses;
import org.resweep.jobs.repro.Experiment;
import org.resweep.jobs.repro.Report;
import org.resweep.jobs.repro.Section;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code resweep reproduce [--quick] [--out DIR] [--master URL]}: runs every experiment of docs/model.md §7 through the
 * engine of {@code resweep run} (so an interrupted reproduction resumes), each into DIR/&lt;experiment&gt;, then writes
 * the figures (DIR/figures) and DIR/report.md with a verdict for every claim of the paper.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Run every experiment of the paper (theorem2, fig4, fig5-6, fig7, fig8, fig9 analogue) and write DIR/report.md",
                "and DIR/figures/. Resumes: sweeps already complete in DIR are not rerun.",
                "Sweep files: conf/sweeps/<id>.yaml (or <id>-quick.yaml with --quick); the copies bundled in the jar when conf/sweeps is absent."})
public final class ReproduceCommand implements Callable<Integer> {
    /** Debian's dataset-fashion-mnist installs the IDX files here; when present, fig9 runs on Fashion-MNIST. */
    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");
    static final String BUNDLED = "/org/resweep/jobs/sweeps/";

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "the quick versions (*-quick.yaml): minutes on a laptop, fewer depths, epochs and seeds")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default: output/reproduce or output/reproduce-quick)")
    Path out;

    @Option(names = "--sweeps", paramLabel = "DIR", description = "directory holding the sweep files (default: conf/sweeps if present, else the bundled copies)")
    Path sweeps;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() throws Exception {
        Interrupts.install();
        EngineOptions.requireOutInClusterMode(out, "--out");
        engine.check();
        Path dir = out != null ? out : Path.of(SweepDirs.OUTPUT, quick ? "reproduce-quick" : "reproduce");
        OutDir.requireWritable(dir, out != null ? "--out" : "--out (default " + dir + ")");
        List<String[]> texts = new ArrayList<>();
        for (Experiment e : Experiment.values()) {
            String file = e.specFile(quick);
            if (e == Experiment.FIG9 && Files.isReadable(FASHION)) file = "fig9-fashion" + (quick ? "-quick" : "") + ".yaml";
            texts.add(new String[] {e.id(), file, read(file)});
        }
        long t0 = System.nanoTime();
        StringBuilder timing = new StringBuilder();
        SparkSession spark = engine.spark.start("resweep reproduce" + (quick ? " --quick" : ""));
        try {
            for (String[] t : texts) {
                long t1 = System.nanoTime();
                SweepPlan plan = SweepPlan.of(SweepSpecParser.parse(t[2], t[1]));
                Interrupts.sweepDir(dir.resolve(t[0]));
                SweepRun.Outcome o = SweepRun.run(spark, dir.resolve(t[0]).toAbsolutePath().toUri().toString(),
                        SweepRun.Request.of(plan, t[2], false, false, engine.splitPolicy()),
                        SweepEngine.Options.forCommand(engine.minTaskCost, System.err),
                        spec.commandLine().getErr()::println);
                var s = o.summary();
                String line = String.format(Locale.ROOT, "%s (%s): %d runs planned, %d already stored, %d run now (%d ok, %d diverged, %d failed), %.1f s",
                        t[0], t[1], o.planned(), o.skipped(), s.runs(), s.ok(), s.diverged(), s.failed(), (System.nanoTime() - t1) / 1e9);
                Announce.line(spec.commandLine().getOut(), "resweep: " + line);
                timing.append("- ").append(line).append('\n');
            }
            spark.sparkContext().setJobDescription("resweep reproduce: figures and report");
            List<Section> sections = Analyses.analyseAll(spark, dir, dir.resolve("figures"));
            double secs = (System.nanoTime() - t0) / 1e9;
            String preamble = String.format(Locale.ROOT, "`resweep reproduce%s` on master `%s`, %.1f s in total (Spark session start "
                            + "excluded). Sweep files: %s. The paper's learning-rate grid, depth range and small-init constant are not "
                            + "readable in our copy: every sweep file says which choices are ours. Figure 9 is an analogue of the paper's "
                            + "CIFAR-10 study (fully-connected, width 10, data: %s), not a reproduction of it.%n%nSweeps:%n%n%s",
                    quick ? " --quick" : "", spark.sparkContext().master(), secs, sweeps != null ? sweeps : Files.isDirectory(defaultDir()) ? defaultDir() : "bundled",
                    Files.isReadable(FASHION) ? "Fashion-MNIST" : "the embedded MNIST sample (dataset-fashion-mnist not installed)", timing);
            Path report = Report.write(dir.resolve("report.md"), preamble, sections, quick);
            Announce.line(spec.commandLine().getOut(), String.format(Locale.ROOT, "resweep: report %s (%d experiments, %.1f s)", report, sections.size(),
                    (System.nanoTime() - t0) / 1e9));
            return ExitCodes.OK;
        } finally {
            spark.stop();
        }
    }

    private static Path defaultDir() { return Path.of("conf", "sweeps"); }

    private String read(String file) throws IOException {
        Path d = sweeps != null ? sweeps : Files.isDirectory(defaultDir()) ? defaultDir() : null;
        if (d != null) {
            Path f = d.resolve(file);
            if (!Files.isReadable(f)) {
                throw new ExitCodes.UserError("--sweeps: " + f + " not found; allowed: a directory holding " + file + " (one file per experiment: "
                        + "theorem2, fig4, fig5-6, fig7, fig8, fig9" + (quick ? ", each with -quick" : "") + ")");
            }
            return org.resweep.driver.spec.SweepSpecParser.readText(f); // bounded, UTF-8, errors name the file
        }
        try (InputStream in = ReproduceCommand.class.getResourceAsStream(BUNDLED + file)) {
            if (in == null) throw new IllegalStateException("bundled sweep file " + file + " missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
