package org.resweep.jobs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.resweep.core.data.Datasets;
import org.resweep.core.data.Moments;
import org.resweep.core.train.RunConfig;
import org.resweep.driver.spark.SparkSessions;
import org.resweep.driver.spark.SweepEngine;
import org.resweep.driver.spark.SweepRun;
import org.resweep.driver.spec.PlannedRun;
import org.resweep.driver.spec.SweepPlan;
import org.resweep.driver.spec.SweepSpec;
import org.resweep.driver.spec.SweepSpecParser;
import org.resweep.driver.store.SweepLock;
import picocli.CommandLine.Command;
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
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SPEC", description = "the sweep spec (YAML, docs/sweep-spec.md)")
    Path specFile;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*], or spark-submit's)")
    String master;

    @Option(names = "--out", paramLabel = "DIR", description = "the sweep directory (default: output/<name>/)")
    Path out;

    @Option(names = "--extend", description = "accept a spec that differs from the stored one by adding its new points")
    boolean extend;

    @Option(names = "--min-task-cost", paramLabel = "COST", defaultValue = "0",
            description = "pack runs cheaper than COST (cost-model units, see `resweep plan`) into one Spark task; 0 = one run per task")
    double minTaskCost;

    @Override
    public Integer call() throws Exception {
        SweepSpec s = SweepSpecParser.parse(specFile);
        SweepPlan plan = SweepPlan.of(s);
        String text = Files.readString(specFile, StandardCharsets.UTF_8);
        Path dir = out != null ? out : SweepDirs.OUTPUT.resolve(s.name());
        List<RunConfig> ordered = plan.longestFirst().stream().map(PlannedRun::config).toList();
        Map<String, Double> cost = new HashMap<>();
        for (PlannedRun p : plan.tasks()) cost.put(p.config().runId(), p.cost());
        SparkSession spark = SparkSessions.start(master, "resweep run " + s.name());
        try {
            SweepRun.Outcome o = SweepRun.execute(spark, dir,
                    new SweepRun.Request(s.name(), s.sweepId(), text, ordered, c -> cost.getOrDefault(c.runId(), 0.0), extend),
                    new RunnerTask(), RunCommand::lStar,
                    new SweepEngine.Options(minTaskCost, 256, 2000, System.err, System.console() != null));
            var sum = o.summary();
            spec.commandLine().getOut().println(String.format(Locale.ROOT,
                    "resweep: sweep %s in %s: %d runs planned, %d already stored, %d run now (%d ok, %d diverged, %d failed) "
                            + "in %.1f s; best_lr: %d rows", o.sweepId(), dir, o.planned(), o.skipped(), sum.runs(), sum.ok(),
                    sum.diverged(), sum.failed(), sum.seconds(), o.bestLrRows()));
            return ExitCodes.OK;
        } catch (SweepLock.LockedException e) {
            throw new ExitCodes.UserError(e.getMessage());
        } finally {
            spark.stop();
        }
    }

    /** L* of a data set (SPEC §3), computed once per data set on the driver. */
    static Double lStar(String dataset) {
        return Moments.of(Datasets.load(dataset)).lStar();
    }
}
