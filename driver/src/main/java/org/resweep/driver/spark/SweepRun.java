package org.resweep.driver.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.apache.spark.sql.SparkSession;
import org.resweep.core.train.RunConfig;
import org.resweep.driver.results.SweepProvenance;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.store.SweepMeta;
import org.resweep.driver.store.SweepState;

/**
 * One {@code resweep run}: lock the sweep directory, reconcile the spec with the stored sweep (new, resume, or
 * {@code --extend}), run the runs not yet in {@code runs} longest-first, then rebuild {@code best_lr}.
 */
public final class SweepRun {
    private SweepRun() {}

    /**
     * @param name         sweep name
     * @param sweepId      id for a new sweep
     * @param specText     the spec file's text (stored as sweep.yaml)
     * @param longestFirst every planned run, in submission order
     * @param cost         cost estimate of a run
     * @param extend       accept a changed spec by adding its new points
     */
    public record Request(String name, String sweepId, String specText, List<RunConfig> longestFirst,
                          ToDoubleFunction<RunConfig> cost, boolean extend) {}

    /**
     * @param sweepId    the sweep's id
     * @param planned    runs the spec plans
     * @param skipped    of which already stored before this session
     * @param summary    what this session ran
     * @param bestLrRows rows of the rebuilt best_lr table
     */
    public record Outcome(String sweepId, int planned, int skipped, SweepEngine.Summary summary, long bestLrRows) {}

    public static Outcome execute(SparkSession spark, Path out, Request req, TaskFunction fn,
                                  Function<String, Double> lStarOf, SweepEngine.Options opt) throws IOException {
        try (SweepDirectory dir = SweepDirectory.open(out)) {
            List<String> ids = req.longestFirst().stream().map(RunConfig::runId).toList();
            SweepMeta meta = SweepState.reconcile(dir, req.name(), req.sweepId(), req.specText(), ids, req.extend());
            Set<String> done = dir.committedRunIds();
            List<RunConfig> todo = req.longestFirst().stream().filter(c -> !done.contains(c.runId())).toList();
            Map<String, Double> lStar = SweepEngine.lStars(todo, lStarOf);
            SweepProvenance prov = new SweepProvenance(meta.sweepId(), SweepProvenance.currentCodeVersion(), spark.version());
            SweepEngine.Summary s = new SweepEngine(spark, fn, opt).run(dir, prov, todo, req.cost(), lStar,
                    req.longestFirst().size() - todo.size());
            long best = BestLrJob.rebuild(spark, dir.path());
            return new Outcome(meta.sweepId(), req.longestFirst().size(), req.longestFirst().size() - todo.size(), s, best);
        }
    }

    /** Rebuilds best_lr of an existing sweep directory (taking its lock). Returns the row count. */
    public static long aggregate(SparkSession spark, Path out) throws IOException {
        if (!java.nio.file.Files.isDirectory(out.resolve(SweepDirectory.RUNS))) {
            throw new IllegalArgumentException("DIR: " + out + " is not a sweep directory (no runs/ table); give the "
                    + "directory a `resweep run` wrote (default output/<name>/)");
        }
        try (SweepDirectory dir = SweepDirectory.open(out)) {
            return BestLrJob.rebuild(spark, dir.path());
        }
    }
}
