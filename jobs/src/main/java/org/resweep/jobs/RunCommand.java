package org.resweep.jobs;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.resweep.driver.spark.SweepEngine;
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
 * {@code resweep run SPEC [--master URL] [--out DIR] [--extend] [--retry-failed]}: expand the spec, run every run
 * not yet stored in the sweep directory on Spark (longest first), commit results as they finish, then rebuild
 * best_lr and report how many stored runs failed or diverged.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a sweep on Spark (resuming if its directory holds runs already), then aggregate best_lr.",
                "Results: DIR/runs, DIR/checkpoints, DIR/best_lr (Parquet; docs/results-schema.md). DIR may be a local path",
                "or a Hadoop filesystem URI (hdfs://, s3a://, file://; docs/storage.md)."})
public final class RunCommand implements Callable<Integer>, ErrorMapping.SweepDirCommand {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SPEC", description = "the sweep spec (YAML, docs/sweep-spec.md)")
    Path specFile;

    @Option(names = "--out", paramLabel = "DIR", description = "the sweep directory, a path or URI (default: output/<name>/, "
            + "resolved like any Spark path: against fs.defaultFS)")
    String out;

    @Option(names = "--extend", description = "accept a spec that adds points to the stored one (it may not leave any out)")
    boolean extend;

    @Option(names = "--retry-failed", description = "run the stored failed runs again (their rows are replaced; column attempt counts)")
    boolean retryFailed;

    @Mixin
    EngineOptions engine;

    /** The spec's text and its plan (the only one: the engine runs this plan, nothing parses or plans again). */
    private record Checked(String text, SweepPlan plan) {}

    /**
     * Everything a user can get wrong, checked before Spark starts: the spec (read as `plan` reads it), a grid with
     * no run (the skipped points are listed as `plan` lists them), the options and a local output directory (a
     * Hadoop URI is checked by its filesystem when the sweep directory is opened).
     */
    private Checked preflight() throws java.io.IOException {
        engine.check();
        String text = SweepSpecParser.readText(specFile);
        SweepSpec s = SweepSpecParser.parse(text, specFile.toString());
        for (String w : s.warnings()) Announce.line(spec.commandLine().getErr(), "resweep: warning: " + specFile + ": " + w);
        SweepPlan plan = SweepPlan.of(s);
        if (!plan.skipped().isEmpty()) {
            SkippedPoints.print(plan, spec.commandLine().getOut(), false, "resweep plan --json lists all");
            spec.commandLine().getOut().flush();
        }
        plan.requireTasks(specFile.toString());
        String location = out != null ? out : SweepDirs.defaultFor(s.name());
        resolved = SweepDirs.resolveEarly(engine.spark, location, "--out");
        dir = SweepDirs.localPath(resolved);
        if (dir != null) OutDir.requireWritable(dir, out != null ? "--out" : "--out (default " + dir + ")");
        if (dir != null) org.resweep.driver.store.SweepDirectory.checkLayout(dir); // runs/, _resweep/ … of the right kind
        return new Checked(text, plan);
    }

    /** The sweep directory if it is local, once known (for the error log of {@link ErrorMapping}). */
    private Path dir;
    /** The sweep directory, resolved once (against fs.defaultFS) before Spark starts; Spark's reads use the same. */
    private org.apache.hadoop.fs.Path resolved;

    @Override
    public Path sweepDirectory() { return dir; }

    @Override
    public Integer call() throws Exception {
        Interrupts.install();
        EngineOptions.requireOutInClusterMode(out, "--out");
        Checked c = preflight();
        String text = c.text();
        SweepSpec s = c.plan().spec();
        SweepPlan plan = c.plan();
        String where = resolved.toString();
        SweepDirs.probe(resolved, engine.spark::hadoopConf, "--out " + where);
        Interrupts.sweepDir(dir);
        SparkSession spark = engine.spark.start("resweep run " + s.name());
        try {
            var err = spec.commandLine().getErr();
            SweepRun.Outcome o;
            try {
                o = SweepRun.run(spark, where, SweepRun.Request.of(plan, text, extend, retryFailed, engine.splitPolicy()),
                        SweepEngine.Options.forCommand(engine.minTaskCost, System.err), err::println);
            } catch (java.io.IOException | RuntimeException e) {
                ExitCodes.EnvironmentFailure down = ExitCodes.unreachable(e, "--out " + where);
                if (down != null) throw down; // e.g. an HDFS namenode that is down: one line, exit 1
                throw e;
            }
            var sum = o.summary();
            var pw = spec.commandLine().getOut();
            Announce.line(pw, String.format(Locale.ROOT,
                    "resweep: sweep %s in %s: %d runs planned, %d already stored, %d run now (%d ok, %d diverged, %d failed) "
                            + "in %.1f s; best_lr: %d rows", o.sweepId(), org.resweep.driver.store.SweepPaths.display(o.dir()), o.planned(), o.skipped(), sum.runs(), sum.ok(),
                    sum.diverged(), sum.failed(), sum.seconds(), o.bestLrRows()));
            pw.println(storedLine(o));
            GridEdge.warning(spark, o.dir()).ifPresent(pw::println);
            return ExitCodes.OK;
        } finally {
            spark.stop();
        }
    }

    /** The end-of-run line on stored failures and divergences. */
    static String storedLine(SweepRun.Outcome o) {
        String s = String.format(Locale.ROOT, "resweep: stored runs: %d failed, %d diverged%s", o.storedFailed(), o.storedDiverged(),
                o.retried() > 0 ? " (" + o.retried() + " failed runs retried now)" : "");
        if (o.storedFailed() > 0) s += "; see runs.message (resweep sql), rerun with --retry-failed to run the failed ones again";
        return s;
    }
}
