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
import org.resweep.driver.spec.PlannedRun;
import org.resweep.driver.spec.SweepPlan;
import org.resweep.driver.spec.SweepSpecParser;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.store.SweepFs;
import org.resweep.driver.store.SweepMeta;
import org.resweep.driver.store.SweepPaths;
import org.resweep.driver.store.SweepState;
import org.resweep.jobs.repro.Analyses;
import org.resweep.jobs.repro.BestRates;
import org.resweep.jobs.repro.Completeness;
import org.resweep.jobs.repro.Refinement;
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
        description = {"Run the experiments of the paper (every one, or those of --experiments) and write DIR/report.md and "
                + "DIR/figures/ (the report covers every experiment sweep in DIR). Resumes: sweeps already complete in DIR are not rerun.",
                "fig5-6 runs at fig7's best rates (fig7 runs first; without fig7 in this run, from a fig7 sweep stored in DIR, else "
                + "at the rates in its file); fig8 and fig9 run in two stages, a coarse rate screen (DIR/ID-coarse) then a refinement, and a third (DIR/ID-lower) at lower rates for configurations with a diverged seed at every refined rate.",
                "Sweep files: conf/sweeps/<id>.yaml (or <id>-quick.yaml with --quick); the copies bundled in the jar when conf/sweeps is absent."})
public final class ReproduceCommand implements Callable<Integer> {
    /** Debian's dataset-fashion-mnist installs the IDX files here; when present, fig9 runs on Fashion-MNIST. */
    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");
    static final String BUNDLED = "/org/resweep/jobs/sweeps/";

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "the quick versions (*-quick.yaml): minutes on a laptop, fewer depths, epochs and seeds")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory, a path or Hadoop URI resolved like every path "
            + "(default: output/reproduce or output/reproduce-quick)")
    String out;

    @Option(names = "--sweeps", paramLabel = "DIR", description = "directory holding the sweep files (default: conf/sweeps if present, else the bundled copies)")
    Path sweeps;

    @Option(names = "--experiments", split = ",", paramLabel = "ID", completionCandidates = ExperimentIds.class,
            description = "run only these experiments, comma-separated (default: all): ${COMPLETION-CANDIDATES}")
    List<String> experiments;

    /** The experiment ids, from {@link Experiment} (one source for help and messages). */
    static final class ExperimentIds implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(Experiment.values()).map(Experiment::id).iterator();
        }
    }

    @Option(names = "--dry-run", description = "print each experiment's sweeps, their runs and estimated cost (cost model: minutes of "
            + "one reference core) and the total; run nothing, start no Spark")
    boolean dryRun;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() throws Exception {
        return ExitCodes.reaching(() -> "--out " + (where != null ? where : out), this::reproduce);
    }

    /** --out once resolved (for the one line of an unreachable filesystem). */
    private String where;

    private Integer reproduce() throws Exception {
        Interrupts.install();
        EngineOptions.requireOutInClusterMode(out, "--out");
        engine.check();
        List<Experiment> selected = selected();
        if (dryRun) {
            List<String[]> texts = new ArrayList<>();
            for (Experiment e : selected) {
                String file = fileOf(e);
                String text = read(file);
                SweepSpecParser.parse(text, file);
                texts.add(new String[] {e.id(), file, text});
            }
            spec.commandLine().getOut().print(estimate(texts));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        org.apache.hadoop.fs.Path root = SweepDirs.resolveEarly(engine.spark, out != null ? out
                : SweepDirs.OUTPUT + "/" + (quick ? "reproduce-quick" : "reproduce"), "--out");
        where = root.toString();
        SweepDirs.probe(root, engine.spark::hadoopConf, "--out " + where);
        Path dir = SweepDirs.localPath(root); // null: not on the local filesystem
        if (dir != null) OutDir.requireWritable(dir, out != null ? "--out" : "--out (default " + dir + ")");
        List<String[]> texts = new ArrayList<>();
        for (Experiment e : selected) {
            String file = fileOf(e);
            String text = read(file);
            SweepSpecParser.parse(text, file); // every file checked before Spark starts
            texts.add(new String[] {e.id(), file, text});
        }
        preflight(root, selected);
        log = ReproduceLog.open(root, engine.spark.hadoopConf(), spec.commandLine().getErr()::println);
        java.time.Instant started = java.time.Instant.now();
        long t0 = System.nanoTime();
        StringBuilder timing = new StringBuilder();
        SparkSession spark = engine.spark.start("resweep reproduce" + (quick ? " --quick" : ""));
        try {
            log.start(started, ReproduceLog.options(arguments()), spark.sparkContext().master());
            for (String[] t : texts) {
                runExperiment(spark, root, Experiment.ofId(t[0]).orElseThrow(), t[1], t[2], timing,
                        (name, file, text) -> runSweep(spark, root, name, file, text, timing));
            }
            spark.sparkContext().setJobDescription("resweep reproduce: figures and report");
            PublishedFiles files = new PublishedFiles(root, spark.sparkContext().hadoopConfiguration());
            List<Section> sections = Analyses.analyseAll(spark, root, files.local("figures"));
            double secs = (System.nanoTime() - t0) / 1e9;
            String preamble = log.table((System.nanoTime() - t0) / 1e9) + String.format(Locale.ROOT, "%nThis invocation: `resweep reproduce%s` on "
                            + "master `%s`, %.1f s in total (Spark session start excluded). Sweep files: %s. The paper's learning-rate grid, depth range and small-init constant are not "
                            + "readable in our copy: every sweep file says which choices are ours. Figure 9 is an analogue of the paper's "
                            + "CIFAR-10 study (fully-connected, width 10, data: %s), not a reproduction of it.%n%nSweeps:%n%n%s",
                    quick ? " --quick" : "", spark.sparkContext().master(), secs, sweeps != null ? sweeps : Files.isDirectory(defaultDir()) ? defaultDir() : "bundled",
                    Files.isReadable(FASHION) ? "Fashion-MNIST" : "the embedded MNIST sample (dataset-fashion-mnist not installed)", timing);
            String report = files.publishReport(Report.write(files.local("report.md"), preamble, sections, quick), spec.commandLine().getErr()::println);
            Announce.line(spec.commandLine().getOut(), String.format(Locale.ROOT, "resweep: report %s (%d experiments, %.1f s)", report, sections.size(),
                    (System.nanoTime() - t0) / 1e9));
            log.end(java.time.Instant.now(), java.time.Duration.between(started, java.time.Instant.now()).toMillis() / 1000.0);
            return ExitCodes.OK;
        } catch (Exception | Error e) { // its end, so that the report does not list it as interrupted (review8 F5)
            ended(log, started, e);
            throw e;
        } finally {
            log.close();
            spark.stop();
        }
    }

    /** Records the end of an invocation stopped by {@code e}: refused (a user error), interrupted (a signal) or failed. */
    static void ended(ReproduceLog log, java.time.Instant started, Throwable e) {
        Interrupts.Received signal = Interrupts.signal();
        boolean refused = ErrorMapping.isUserError(e);
        String outcome = signal != null ? "interrupted" : refused ? "refused" : "failed";
        int exit = signal != null ? signal.exitCode() : refused ? ExitCodes.BAD_INPUT : ExitCodes.FAILURE;
        String reason = signal != null ? signal.name() : refused || e instanceof ExitCodes.EnvironmentFailure ? String.valueOf(e.getMessage())
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        log.end(java.time.Instant.now(), java.time.Duration.between(started, java.time.Instant.now()).toMillis() / 1000.0, outcome, exit, reason);
    }

    /** Runs one sweep of a reproduction: DIR/{@code name} from {@code text} ({@code file} names it in messages). */
    @FunctionalInterface
    public interface Stage {
        void run(String name, String file, String text) throws Exception;
    }

    /**
     * The sweeps of experiment {@code e} (sweep file {@code file}, text {@code text}), in order, each through {@code stage},
     * which runs only what DIR does not hold yet — so a resumed reproduction takes the same steps: an experiment with
     * rates from another runs at that one's best stored rates; a refined one runs its coarse screen, then the refinement
     * derived from the stored screen, then, when the stored refinement has configurations that diverged at every refined
     * rate, its lower-rate stage (also when only that stage is missing). Notes on derived rates go to {@code timing}.
     */
    public static void runExperiment(SparkSession spark, org.apache.hadoop.fs.Path root, Experiment e, String file, String text,
                                     StringBuilder timing, Stage stage) throws Exception {
        String id = e.id();
        if (e.ratesFrom().isPresent()) {
            BestRates.Derived d = BestRates.derive(spark, location(root, e.ratesFrom().get().id()), text, file);
            text = d.text();
            timing.append("- ").append(id).append(": ").append(d.note()).append('\n');
        }
        if (e.refined()) {
            String coarse = id + Experiment.COARSE;
            stage.run(coarse, file + " (coarse stage)", Refinement.coarse(text, file, e.coarseDivisor()));
            BestRates.Derived d = Refinement.refine(spark, location(root, coarse), text, file);
            text = d.text();
            timing.append("- ").append(id).append(": ").append(d.note()).append('\n');
        }
        stage.run(id, file, text);
        if (e.refined()) {
            var lower = Refinement.lower(spark, location(root, id + Experiment.COARSE), location(root, id), text, file);
            if (lower.isPresent()) {
                timing.append("- ").append(id).append(": ").append(lower.get().note()).append('\n');
                stage.run(id + Experiment.LOWER, file + " (lower rates)", lower.get().text());
            }
        }
    }

    /** The record of the invocations in --out ({@link ReproduceLog}), once open. */
    private ReproduceLog log;

    /** This invocation's arguments after the command name ({@code reproduce}). */
    private List<String> arguments() {
        List<String> all = spec.commandLine().getParseResult() != null ? spec.commandLine().getParseResult().originalArgs() : List.of();
        int i = all.indexOf(spec.name());
        return i >= 0 ? all.subList(i + 1, all.size()) : all;
    }

    /**
     * Before Spark starts (exit 2, one line): DIR must not itself be a sweep directory (a slip such as {@code --out
     * output/reproduce-quick/fig8}: the sweeps would nest in it and the report would cover only it); fig5-6 without fig7
     * in this invocation must not take its rates from an unfinished DIR/fig7 ({@link Completeness}).
     */
    private void preflight(org.apache.hadoop.fs.Path root, List<Experiment> selected) throws IOException {
        SweepFs fs = new SweepFs(root, engine.spark.hadoopConf());
        String shown = out != null ? out : SweepPaths.display(root);
        if (SweepDirectory.isSweepDirectory(fs, root)) {
            SweepMeta meta = SweepMeta.read(fs, root);
            throw new ExitCodes.UserError("--out: " + org.resweep.core.util.BadInputException.echo(shown) + " is a sweep directory (sweep "
                    + (meta != null ? meta.name() : "of an older layout") + "), not a reproduction's root; allowed: the directory that holds the "
                    + "experiment sweeps (new, empty, or one `reproduce` wrote: e.g. " + (root.getParent() != null ? SweepPaths.display(root.getParent())
                    : "its parent") + ")");
        }
        org.apache.hadoop.fs.Path f56 = new org.apache.hadoop.fs.Path(root, Experiment.FIG5_6.id()), f56Yaml = new org.apache.hadoop.fs.Path(f56, SweepMeta.YAML);
        if (selected.contains(Experiment.FIG5_6) && selected.contains(Experiment.FIG7) && fs.exists(f56Yaml)
                && !fs.read(f56Yaml).startsWith(DERIVED)) { // known only after fig7 has run: say it now
            Announce.line(spec.commandLine().getErr(), "resweep: note: " + SweepPaths.display(f56) + " ran at the rates written in its file (no "
                    + "fig7 sweep was stored then); this run takes fig5-6's rates from fig7 once fig7 is done and refuses the stored fig5-6 "
                    + "sweep if they differ: move " + SweepPaths.display(f56) + " aside first");
        }
        if (selected.contains(Experiment.FIG5_6) && !selected.contains(Experiment.FIG7)) {
            org.apache.hadoop.fs.Path fig7 = new org.apache.hadoop.fs.Path(root, Experiment.FIG7.id());
            SweepMeta meta = fs.exists(new org.apache.hadoop.fs.Path(fig7, SweepMeta.JSON)) ? SweepMeta.read(fs, fig7) : null;
            if (meta != null && Experiment.ofSweepName(meta.name()).orElse(null) == Experiment.FIG7) {
                Completeness c = Completeness.of(fs, fig7);
                if (!c.complete()) {
                    throw new ExitCodes.UserError("--experiments: " + SweepPaths.display(fig7) + " holds an unfinished fig7 sweep (" + c.counts()
                            + ": an interrupted reproduction) and fig5-6 takes its learning rates from fig7's best rates; allowed: finish "
                            + "fig7 first (--experiments fig7,fig5-6 with this --out), or move " + SweepPaths.display(fig7)
                            + " aside to run fig5-6 at the rates of its file");
                }
            }
        }
    }

    /** The experiments to run, in run order ({@link Experiment#runOrder}); bad ids are a user error naming the allowed ones. */
    private List<Experiment> selected() {
        if (experiments == null) return Experiment.runOrder(List.of(Experiment.values()));
        if (experiments.stream().allMatch(String::isBlank)) {    // "--experiments ," or "--experiments ''": not "all"
            throw new ExitCodes.UserError("--experiments: no experiment id given; allowed: comma-separated ids among "
                    + Experiment.ids() + " (leave the option out to run every experiment)");
        }
        List<Experiment> out = new ArrayList<>();
        for (String id : experiments) {
            if (id.isBlank()) continue;    // "fig7,,fig8"
            Experiment e = Experiment.ofId(id.trim()).orElseThrow(() -> new ExitCodes.UserError("--experiments: '"
                    + org.resweep.core.util.BadInputException.echo(id) + "' is not an experiment id; allowed: comma-separated ids among "
                    + Experiment.ids()));
            if (!out.contains(e)) out.add(e);
        }
        return Experiment.runOrder(out);
    }

    /** The sweep file of an experiment in this invocation (fig9 on Fashion-MNIST when it is installed). */
    private String fileOf(Experiment e) {
        if (e == Experiment.FIG9 && Files.isReadable(FASHION)) return "fig9-fashion" + (quick ? "-quick" : "") + ".yaml";
        return e.specFile(quick);
    }

    /**
     * The dry run's table: per experiment and stage the runs and the estimated cost (CostModel: seconds of one reference
     * core, full epochs — runs that diverge or stop by a convergence rule cost less), and the total with the wall time it
     * needs at perfect packing on this machine's cores. A refinement's size depends on its coarse stage: 1 to 3 rates per
     * configuration ({@link Refinement#estimate}).
     *
     * @param texts {id, file, text} per experiment, in run order
     */
    String estimate(List<String[]> texts) {
        StringBuilder sb = new StringBuilder();
        String row = "%-15s %-34s %11s %15s %13s%n";
        sb.append(String.format(Locale.ROOT, row, "experiment", "sweep (file)", "runs", "est. core-min", "of it tanh"));
        double[] total = new double[4]; // core-min low, high; of it tanh low, high
        long runsLo = 0, runsHi = 0;
        for (String[] t : texts) {
            Experiment e = Experiment.ofId(t[0]).orElseThrow();
            SweepPlan full = SweepPlan.of(SweepSpecParser.parse(t[2], t[1]));
            SweepPlan first = e.refined() ? SweepPlan.of(SweepSpecParser.parse(Refinement.coarse(t[2], t[1], e.coarseDivisor()), t[1])) : full;
            double c = first.totalCost() / 60, ct = tanh(first.tasks()).stream().mapToDouble(PlannedRun::cost).sum() / 60;
            sb.append(String.format(Locale.ROOT, row, t[0], first.spec().name() + " (" + t[1] + ")", first.tasks().size(), fmt(c, c), fmt(ct, ct)));
            total[0] += c;
            total[1] += c;
            total[2] += ct;
            total[3] += ct;
            runsLo += first.tasks().size();
            runsHi += first.tasks().size();
            if (e.refined()) {
                double[] r = Refinement.estimate(full), rt = Refinement.estimate(tanh(full.tasks()));
                sb.append(String.format(Locale.ROOT, row, "", full.spec().name() + " (refinement)", (long) r[0] + "-" + (long) r[2],
                        fmt(r[1] / 60, r[3] / 60), fmt(rt[1] / 60, rt[3] / 60)));
                total[0] += r[1] / 60;
                total[1] += r[3] / 60;
                total[2] += rt[1] / 60;
                total[3] += rt[3] / 60;
                runsLo += (long) r[0];
                runsHi += (long) r[2];
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        sb.append(String.format(Locale.ROOT, row, "total", "", runsLo == runsHi ? "" + runsLo : runsLo + "-" + runsHi, fmt(total[0], total[1]),
                fmt(total[2], total[3])));
        sb.append(String.format(Locale.ROOT, "At perfect packing on %d cores: %s min wall, plus Spark start and the report. Costs are the cost "
                + "model's (docs/sweep-spec.md#estimated-cost) at full epochs: runs that diverge or stop by a convergence rule cost less. "
                + "A refinement runs 1 to 3 rates per configuration, as its coarse stage decides; a lower-rate stage, when needed, is not counted.%n", cores, fmt(total[0] / cores, total[1] / cores)));
        return sb.toString();
    }

    private static List<PlannedRun> tanh(List<PlannedRun> tasks) {
        return tasks.stream().filter(p -> p.config().net().activation() == org.resweep.core.net.Activation.TANH).toList();
    }

    private static String fmt(double lo, double hi) {
        return Math.abs(hi - lo) < 0.05 ? String.format(Locale.ROOT, "%.1f", lo) : String.format(Locale.ROOT, "%.1f-%.1f", lo, hi);
    }

    /** A sweep directory of the reproduction: {@code ROOT/SWEEP}, on ROOT's filesystem. */
    private static String location(org.apache.hadoop.fs.Path root, String sweep) { return new org.apache.hadoop.fs.Path(root, sweep).toString(); }

    /** Runs one sweep into DIR/{@code name} and appends its timing line. */
    private void runSweep(SparkSession spark, org.apache.hadoop.fs.Path root, String name, String file, String text, StringBuilder timing)
            throws Exception {
        long t1 = System.nanoTime();
        SweepPlan plan = SweepPlan.of(SweepSpecParser.parse(text, file));
        Path dir = SweepDirs.localPath(root);
        Interrupts.sweepDir(dir == null ? null : dir.resolve(name));
        log.sweepStarted(name);
        SweepRun.Outcome o;
        try {
            o = SweepRun.run(spark, location(root, name), SweepRun.Request.of(plan, text, false, false, engine.splitPolicy()),
                    SweepEngine.Options.forCommand(engine.minTaskCost, System.err),
                    spec.commandLine().getErr()::println);
        } catch (SweepState.SpecChangedException e) {
            throw new ExitCodes.UserError(refusal(spark, root, name, file, plan, text, e));
        }
        var s = o.summary();
        String line = String.format(Locale.ROOT, "%s (%s): %d runs planned, %d already stored, %d run now (%d ok, %d diverged, %d failed), %.1f s",
                name, file, o.planned(), o.skipped(), s.runs(), s.ok(), s.diverged(), s.failed(), (System.nanoTime() - t1) / 1e9);
        Announce.line(spec.commandLine().getOut(), "resweep: " + line);
        timing.append("- ").append(line).append('\n');
        log.sweepDone(name, o.planned(), o.skipped(), s.runs(), (System.nanoTime() - t1) / 1e9);
    }

    /**
     * The one line when DIR/{@code name} holds another sweep than the one this invocation plans (SweepState refused it):
     * what the stored sweep is and the fix that applies to {@code reproduce}, which has no {@code --extend} — quick and
     * full sweeps need different --out; fig5-6 at other rates (its rates come from DIR/fig7, or came from its file) is
     * moved aside; any other change too (or extended with {@code resweep run FILE --extend}).
     */
    private String refusal(SparkSession spark, org.apache.hadoop.fs.Path root, String name, String file, SweepPlan plan, String text,
                           SweepState.SpecChangedException e) throws IOException {
        org.apache.hadoop.fs.Path d = new org.apache.hadoop.fs.Path(root, name);
        SweepFs fs = new SweepFs(d, spark.sparkContext().hadoopConfiguration());
        SweepMeta stored = SweepMeta.read(fs, d);
        if (stored == null || !e.getMessage().startsWith("spec differs")) return e.getMessage();
        String dir = SweepPaths.display(d), aside = "move " + dir + " aside or use another --out";
        String planned = plan.spec().name(), storedName = stored.name();
        String runs = stored.plannedRunIds().size() + " runs";
        if (storedName.contains("-quick") != planned.contains("-quick") && storedName.replace("-quick", "").equals(planned.replace("-quick", ""))) {
            boolean storedQuick = storedName.endsWith("-quick");
            return dir + " holds the " + (storedQuick ? "--quick" : "full") + " sweep " + storedName + " (" + runs + "), and this reproduce"
                    + (quick ? " --quick" : "") + " plans " + planned + ": quick and full reproductions need different --out directories "
                    + "(defaults output/reproduce-quick and output/reproduce); use another --out";
        }
        if (!storedName.equals(planned)) {
            return dir + " holds sweep " + storedName + " (" + runs + "), not " + file + "'s " + planned + "; " + aside;
        }
        Experiment x = Experiment.ofSweepName(planned).orElse(null);
        if (x != null && x.ratesFrom().isPresent()) {
            org.apache.hadoop.fs.Path yaml = new org.apache.hadoop.fs.Path(d, SweepMeta.YAML);
            boolean storedDerived = fs.exists(yaml) && fs.read(yaml).startsWith(DERIVED);
            String from = x.ratesFrom().get().id();
            return dir + " holds a " + x.id() + " sweep (" + storedName + ", " + runs + ") at other learning rates: it ran at "
                    + (storedDerived ? "the best rates of an earlier " + from + " sweep" : "the rates written in its file (no " + from + " sweep was stored)")
                    + ", this run takes them from " + (text.startsWith(DERIVED) ? SweepPaths.display(new org.apache.hadoop.fs.Path(root, from))
                    : "its file") + "; " + aside + " (reproduce has no --extend)";
        }
        return dir + " holds sweep " + storedName + " (" + runs + ") planned from another version of " + file + " (" + e.getMessage()
                .replaceFirst("(?s)^.*: the spec plans ", "this one plans ").replaceFirst("\\. Use --extend.*$", "") + "); " + aside
                + " (reproduce has no --extend; `resweep run FILE --out " + dir + " --extend` adds new points to it)";
    }

    /** How a derived sweep text starts ({@link BestRates#derive}, {@link Refinement}). */
    private static final String DERIVED = "# Derived by `resweep reproduce`";

    private static Path defaultDir() { return Path.of("conf", "sweeps"); }

    private String read(String file) throws IOException {
        Path d = sweeps != null ? sweeps : Files.isDirectory(defaultDir()) ? defaultDir() : null;
        if (d != null) {
            Path f = d.resolve(file);
            String allowed = "a directory holding " + file + " (one file per experiment: " + Experiment.ids() + (quick ? ", each with -quick" : "") + ")";
            if (!Files.isReadable(f) && sweeps == null) { // the default, not something the user typed
                throw new ExitCodes.UserError("--sweeps: not given, and its default conf/sweeps (in the working directory "
                        + Path.of("").toAbsolutePath() + ") has no " + file + "; pass --sweeps DIR, " + allowed
                        + ", or run from a directory without conf/sweeps to use the bundled files");
            }
            if (!Files.isReadable(f)) throw new ExitCodes.UserError("--sweeps: " + f + " not found; allowed: " + allowed);
            return org.resweep.driver.spec.SweepSpecParser.readText(f); // bounded, UTF-8, errors name the file
        }
        try (InputStream in = ReproduceCommand.class.getResourceAsStream(BUNDLED + file)) {
            if (in == null) throw new IllegalStateException("bundled sweep file " + file + " missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
