package org.resweep.jobs;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.resweep.core.data.Datasets;
import org.resweep.core.train.RunConfig;
import org.resweep.driver.spark.SweepEngine;
import org.resweep.driver.spark.SweepRun;
import org.resweep.driver.spec.PlannedRun;
import org.resweep.driver.spec.SweepPlan;
import org.resweep.driver.spec.SweepSpec;
import org.resweep.driver.spec.SweepSpecParser;
import org.resweep.driver.store.SweepLock;

/**
 * Runs one sweep spec into a directory on a given Spark session: the code path of {@code resweep run}, shared by
 * {@code resweep reproduce} so that both resume the same way (runs already in {@code DIR/runs} are skipped).
 */
final class SweepExecution {
    private SweepExecution() {}

    /**
     * @param spark       an active session (not stopped here)
     * @param specText    the YAML text (stored as DIR/sweep.yaml)
     * @param source      where the text came from, for error messages
     * @param dir         the sweep directory, or null for output/&lt;name&gt;/
     * @param extend      accept a changed spec by adding its new points
     * @param minTaskCost pack runs cheaper than this into one Spark task (0: one run per task)
     * @param progress    where progress lines go
     */
    static Result run(SparkSession spark, String specText, String source, Path dir, boolean extend, double minTaskCost,
                      PrintStream progress, boolean interactive) throws Exception {
        SweepSpec s = SweepSpecParser.parse(specText, source);
        SweepPlan plan = SweepPlan.of(s);
        Path d = dir != null ? dir : SweepDirs.OUTPUT.resolve(s.name());
        Interrupts.sweepDir(d);
        List<RunConfig> ordered = plan.longestFirst().stream().map(PlannedRun::config).toList();
        Map<String, Double> cost = new HashMap<>();
        for (PlannedRun p : plan.tasks()) cost.put(p.config().runId(), p.cost());
        try {
            SweepRun.Outcome o = SweepRun.execute(spark, d,
                    new SweepRun.Request(s.name(), s.sweepId(), specText, ordered, c -> cost.getOrDefault(c.runId(), 0.0), extend),
                    new RunnerTask(), SweepExecution::lStar,
                    new SweepEngine.Options(minTaskCost, 256, 2000, progress, interactive));
            return new Result(s, d, o);
        } catch (SweepLock.LockedException e) {
            throw new ExitCodes.UserError(e.getMessage());
        }
    }

    /** What one sweep produced: its spec, directory and outcome. */
    record Result(SweepSpec spec, Path dir, SweepRun.Outcome outcome) {}

    /** L* of a data set (docs/model.md §4), computed once per data set on the driver. */
    static Double lStar(String dataset) {
        return Datasets.load(dataset).moments().lStar();
    }
}
