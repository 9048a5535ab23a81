package org.resweep.jobs;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.resweep.driver.spark.SparkSessions;
import org.resweep.driver.spark.SweepRun;
import org.resweep.driver.spec.SweepPlan;
import org.resweep.driver.spec.SweepSpec;
import org.resweep.driver.spec.SweepSpecParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code resweep run SPEC [--master URL] [--out DIR] [--extend]}: expand the spec, run every run not yet stored in
 * the sweep directory on Spark (longest first), commit results as they finish, then rebuild best_lr.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a sweep on Spark (resuming if its directory holds runs already), then aggregate best_lr.",
                "Results: DIR/runs, DIR/checkpoints, DIR/best_lr (Parquet; docs/results-schema.md)."})
public final class RunCommand implements Callable<Integer>, ErrorMapping.SweepDirCommand {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SPEC", description = "the sweep spec (YAML, docs/sweep-spec.md)")
    Path specFile;

    @Option(names = "--out", paramLabel = "DIR", description = "the sweep directory (default: output/<name>/)")
    Path out;

    @Option(names = "--extend", description = "accept a spec that differs from the stored one by adding its new points")
    boolean extend;

    @Mixin
    EngineOptions engine;

    /** The spec's text and its validated form. */
    private record Checked(String text, SweepSpec spec) {}

    /**
     * Everything a user can get wrong, checked before Spark starts: the spec (read as `plan` reads it), a grid with
     * no run (the skipped points are listed as `plan` lists them), the options and the output directory. The plan
     * built here is dropped on return (the engine plans again), so it never doubles the memory of a large sweep.
     */
    private Checked preflight() {
        engine.check();
        String text = SweepSpecParser.readText(specFile);
        SweepSpec s = SweepSpecParser.parse(text, specFile.toString());
        SweepPlan plan = SweepPlan.of(s);
        if (!plan.skipped().isEmpty()) {
            SkippedPoints.print(plan, spec.commandLine().getOut(), false, "resweep plan --json lists all");
            spec.commandLine().getOut().flush();
        }
        plan.requireTasks(specFile.toString());
        dir = out != null ? out : SweepDirs.OUTPUT.resolve(s.name());
        OutDir.requireWritable(dir, out != null ? "--out" : "--out (default " + dir + ")");
        return new Checked(text, s);
    }

    /** The sweep directory, once known (for the error log of {@link ErrorMapping}). */
    private Path dir;

    @Override
    public Path sweepDirectory() { return dir; }

    @Override
    public Integer call() throws Exception {
        Checked c = preflight();
        String text = c.text();
        SweepSpec s = c.spec();
        SparkSession spark = SparkSessions.start(engine.master, "resweep run " + s.name());
        try {
            SweepExecution.Result r = SweepExecution.run(spark, text, specFile.toString(), out, extend, engine.minTaskCost, System.err,
                    System.console() != null);
            SweepRun.Outcome o = r.outcome();
            var sum = o.summary();
            spec.commandLine().getOut().println(String.format(Locale.ROOT,
                    "resweep: sweep %s in %s: %d runs planned, %d already stored, %d run now (%d ok, %d diverged, %d failed) "
                            + "in %.1f s; best_lr: %d rows", o.sweepId(), r.dir(), o.planned(), o.skipped(), sum.runs(), sum.ok(),
                    sum.diverged(), sum.failed(), sum.seconds(), o.bestLrRows()));
            GridEdge.warning(spark, r.dir()).ifPresent(spec.commandLine().getOut()::println);
            return ExitCodes.OK;
        } finally {
            spark.stop();
        }
    }
}
