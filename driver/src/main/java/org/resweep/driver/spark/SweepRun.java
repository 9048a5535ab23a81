package org.resweep.driver.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.resweep.core.data.Datasets;
import org.resweep.driver.results.ResultSchema;
import org.resweep.driver.results.SweepProvenance;
import org.resweep.driver.spec.PlannedRun;
import org.resweep.driver.spec.SplitPolicy;
import org.resweep.driver.spec.SweepPlan;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.store.SweepMeta;
import org.resweep.driver.store.SweepState;

/**
 * One sweep into one directory — the code path of {@code resweep run} and {@code resweep reproduce}: resolve the
 * directory ({@link org.resweep.driver.store.SweepPaths}), lock and recover it, reconcile the plan with the stored
 * sweep (new, resume, or {@code --extend}), optionally supersede stored failed runs ({@code --retry-failed}),
 * execute the runs not yet stored longest-first ({@link SweepEngine}), then rebuild {@code best_lr}.
 *
 * <p>The layers: the plan ({@link SweepPlan}, pure), the store ({@link SweepDirectory}), the execution
 * ({@link SweepEngine}); this class only wires them. Runnable without the command line.
 */
public final class SweepRun {
    private SweepRun() {}

    /**
     * @param name        sweep name
     * @param sweepId     id for a new sweep
     * @param specText    the spec file's text (stored as sweep.yaml)
     * @param runs        every planned run with its cost estimate (any order; duplicates by run id are merged)
     * @param extend      accept a changed spec by adding its new points (never removing stored ones)
     * @param retryFailed run stored failed runs again (their rows are superseded)
     * @param split       which runs to split into a training task and checkpoint tasks ({@code run --split})
     */
    public record Request(String name, String sweepId, String specText, List<PlannedRun> runs, boolean extend,
                          boolean retryFailed, SplitPolicy split) {
        public Request {
            if (split == null) split = SplitPolicy.AUTO;
        }

        /** A request with the default split policy ({@link SplitPolicy#AUTO}). */
        public Request(String name, String sweepId, String specText, List<PlannedRun> runs, boolean extend,
                       boolean retryFailed) {
            this(name, sweepId, specText, runs, extend, retryFailed, SplitPolicy.AUTO);
        }

        public static Request of(SweepPlan plan, String specText, boolean extend, boolean retryFailed) {
            return of(plan, specText, extend, retryFailed, SplitPolicy.AUTO);
        }

        public static Request of(SweepPlan plan, String specText, boolean extend, boolean retryFailed, SplitPolicy split) {
            return new Request(plan.spec().name(), plan.spec().sweepId(), specText, plan.tasks(), extend, retryFailed, split);
        }
    }

    /**
     * @param sweepId        the sweep's id
     * @param dir            the sweep directory (qualified)
     * @param planned        runs the spec plans
     * @param skipped        of which already stored before this session (failed ones retried not counted)
     * @param retried        stored failed runs superseded to run again
     * @param summary        what this session ran
     * @param bestLrRows     rows of the rebuilt best_lr table
     * @param storedFailed   runs stored with status failed, after this session
     * @param storedDiverged runs stored with status diverged, after this session
     */
    public record Outcome(String sweepId, Path dir, int planned, int skipped, int retried, SweepEngine.Summary summary,
                          long bestLrRows, long storedFailed, long storedDiverged) {}

    /** {@link #run(SparkSession, String, Request, TaskFunction, Function, SweepEngine.Options, Consumer)} with the
     *  production task ({@link RunnerTask}) and L* ({@link #lStar}). */
    public static Outcome run(SparkSession spark, String location, Request req, SweepEngine.Options opt,
                              Consumer<String> notices) throws IOException {
        return run(spark, location, req, new RunnerTask(), SweepRun::lStar, opt, notices);
    }

    /**
     * @param location the sweep directory as the user wrote it (local path or Hadoop URI)
     * @param fn       what an executor does with one configuration
     * @param lStarOf  L* of a data set (computed once per data set on the driver)
     * @param notices  one-line messages of the store (recovery, quarantine, stale lock)
     */
    public static Outcome run(SparkSession spark, String location, Request req, TaskFunction fn,
                              Function<String, Double> lStarOf, SweepEngine.Options opt, Consumer<String> notices)
            throws IOException {
        Path out = SweepTables.resolve(spark, location);
        org.resweep.driver.store.HadoopRemoteFiles.install(spark.sparkContext().hadoopConfiguration());
        try (SweepDirectory dir = SweepDirectory.open(out, spark.sparkContext().hadoopConfiguration(),
                SweepDirectory.Mode.CREATE, notices)) {
            Map<String, PlannedRun> byId = new LinkedHashMap<>();
            for (PlannedRun p : req.runs()) byId.putIfAbsent(p.config().runId(), p);
            SweepMeta meta = SweepState.reconcile(dir, req.name(), req.sweepId(), req.specText(), List.copyOf(byId.keySet()),
                    req.extend());
            int retried = 0;
            if (req.retryFailed()) {
                Map<String, Integer> failed = storedFailed(spark, dir, byId.keySet());
                dir.supersede(failed);
                retried = failed.size();
            }
            Set<String> done = dir.committedRunIds();
            List<PlannedRun> todo = byId.values().stream().filter(p -> !done.contains(p.config().runId()))
                    .sorted(Comparator.comparingDouble(PlannedRun::cost).reversed().thenComparing(p -> p.config().runId()))
                    .toList();
            Map<String, Double> lStar = new HashMap<>();
            for (PlannedRun p : todo) lStar.computeIfAbsent(p.config().dataset(), lStarOf);
            SweepProvenance prov = new SweepProvenance(meta.sweepId(), SweepProvenance.currentCodeVersion(), spark.version());
            int skipped = byId.size() - todo.size();
            SweepEngine.Summary s = new SweepEngine(spark, fn, opt, req.split()).run(dir, prov, todo, lStar, skipped);
            long best = BestLrJob.rebuild(spark, dir);
            long[] bad = statusCounts(spark, dir);
            return new Outcome(meta.sweepId(), out, byId.size(), skipped, retried, s, best, bad[0], bad[1]);
        }
    }

    /** Stored failed runs among {@code planned}: run id → attempt number. */
    private static Map<String, Integer> storedFailed(SparkSession spark, SweepDirectory dir, Set<String> planned) throws IOException {
        Map<String, Integer> out = new LinkedHashMap<>();
        List<Row> rows = SweepTables.read(spark, dir.path(), ResultSchema.RUNS)
                .filter(functions.col("status").equalTo("failed")).select("run_id", "attempt").collectAsList();
        for (Row r : rows) {
            String id = r.getString(0);
            if (planned.contains(id)) out.merge(id, r.isNullAt(1) ? 1 : r.getInt(1), Math::max);
        }
        return out;
    }

    /** {failed, diverged} counts of the stored runs (a small sweep's on the driver: {@link BestLrJob#readOnDriver}). */
    private static long[] statusCounts(SparkSession spark, SweepDirectory dir) throws IOException {
        long[] out = new long[2];
        List<Object[]> small = BestLrJob.readOnDriver(dir, List.of("status"));
        if (small != null) {
            for (Object[] r : small) {
                if ("failed".equals(r[0])) out[0]++;
                if ("diverged".equals(r[0])) out[1]++;
            }
            return out;
        }
        spark.sparkContext().setJobDescription("resweep: stored runs by status in " + dir.path());
        Dataset<Row> runs = SweepTables.read(spark, dir.path(), ResultSchema.RUNS);
        for (Row r : runs.groupBy("status").count().collectAsList()) {
            if ("failed".equals(r.getString(0))) out[0] = r.getLong(1);
            if ("diverged".equals(r.getString(0))) out[1] = r.getLong(1);
        }
        return out;
    }

    /** Rebuilds best_lr of an existing sweep directory (taking its lock). Returns the row count. */
    public static long aggregate(SparkSession spark, String location, Consumer<String> notices) throws IOException {
        Path out = SweepTables.resolve(spark, location);
        try (SweepDirectory dir = SweepDirectory.open(out, spark.sparkContext().hadoopConfiguration(),
                SweepDirectory.Mode.EXISTING, notices)) {
            return BestLrJob.rebuild(spark, dir);
        }
    }

    /** L* of a data set (the best loss of any linear map on it), computed on the driver from its cached moments. */
    public static Double lStar(String dataset) {
        return Datasets.load(dataset).moments().lStar();
    }

    /** The planned runs of a list of configurations with a cost function (tests, benchmarks). */
    public static List<PlannedRun> planned(List<org.resweep.core.train.RunConfig> configs,
                                           java.util.function.ToDoubleFunction<org.resweep.core.train.RunConfig> cost) {
        List<PlannedRun> out = new ArrayList<>();
        for (var c : configs) out.add(new PlannedRun(c, cost.applyAsDouble(c)));
        return out;
    }
}
