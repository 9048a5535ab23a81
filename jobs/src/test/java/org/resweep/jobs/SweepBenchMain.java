package org.resweep.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.resweep.core.train.RunConfig;
import org.resweep.driver.results.ResultSchema;
import org.resweep.driver.results.SweepProvenance;
import org.resweep.driver.spark.SparkSessions;
import org.resweep.driver.spark.RunnerTask;
import org.resweep.driver.spark.SweepEngine;
import org.resweep.driver.spark.SweepRun;
import org.resweep.driver.spark.SweepTables;
import org.resweep.driver.spark.TaskGrouping;
import org.resweep.driver.spec.PlannedRun;
import org.resweep.driver.spec.SweepPlan;
import org.resweep.driver.spec.SweepSpecParser;
import org.resweep.driver.store.SweepDirectory;

/**
 * End-to-end sweep benchmark (not a test; run by benchmarks/sweep-bench.sh): real runs ({@link RunnerTask}) through
 * {@link SweepEngine} on {@code MASTER} (default {@code local[2]}), committed to Parquet as {@code resweep run} does,
 * after a warm-up sweep (data load, JIT, first Spark job).
 *
 * <ul>
 *   <li>(a) {@code cheap}: 2,000 cheap linear runs (moment path, 20 epochs, no Hessian). Per-run overhead
 *       = (wall − Σ run wall / cores) / runs; goal ≤ 10 ms.</li>
 *   <li>(b) {@code mixed}: 5 long ReLU data-path runs (depth 6, 1000 epochs) among 270 short linear ones. Efficiency
 *       = makespan / max(Σ run wall / cores, longest run); goal ≤ 1.10.</li>
 * </ul>
 * Both are measured with one run per task ({@code --min-task-cost 0}) and with cheap runs packed
 * ({@code --min-task-cost} = {@link #PACK}, resweep run's default).
 * Wall = the engine's time from submission to the last commit; run wall times are the {@code wall_seconds} the
 * executors measured around {@code Runner.run}.
 */
public final class SweepBenchMain {
    static final String CHEAP = """
            name: bench-cheap
            seeds: 10
            epochs: 20
            hessian: none
            axes:
              activation: linear
              depth: [2, 3, 4, 5]
              shortcut: 0
              init: [xavier, orthogonal]
              learning_rate: {from: 0.001, to: 0.1, per_decade: 12}
            """;

    static final String MIXED = """
            name: bench-mixed
            seeds: 5
            epochs: 1000
            hessian: none
            axes:
              activation: linear
              depth: [2, 4, 6]
              learning_rate: {from: 0.001, to: 0.1, per_decade: 4}
            variants:
              - {shortcut: 0, init: xavier}
              - {shortcut: 2, init: small, init_scale: 0.01}
              - {activation: relu, positions: mid, shortcut: 2, depth: 6, init: small, init_scale: 0.01, learning_rate: 0.01}
            """;

    static final String WARMUP = """
            name: bench-warmup
            seeds: 2
            epochs: 200
            hessian: none
            axes:
              activation: [linear, relu]
              positions: mid
              depth: [2, 4]
              shortcut: 2
              init: small
              init_scale: 0.01
              learning_rate: {from: 0.001, to: 0.1, per_decade: 12}
            """;

    /** Second pass: resweep run's default grouping threshold (estimated seconds). */
    static final double PACK = Double.parseDouble(org.resweep.driver.spark.TaskGrouping.DEFAULT_MIN_TASK_COST);

    /** One measured sweep. */
    record Measured(String name, int runs, int tasks, double wall, double sumRun, double maxRun) {}

    public static void main(String[] args) throws Exception {
        String master = args.length > 0 ? args[0] : "local[2]";
        SparkSession spark = SparkSessions.start(master, "resweep sweep-bench");
        int cores = spark.sparkContext().defaultParallelism();
        run(spark, WARMUP, 0);
        System.out.println(String.format(Locale.ROOT, "master=%s cores=%d java=%s", master, cores, System.getProperty("java.version")));
        for (double pack : new double[] {0, PACK}) {
            Measured a = run(spark, CHEAP, pack), b = run(spark, MIXED, pack);
            String how = pack == 0 ? "one run per task (--min-task-cost 0)"
                    : String.format(Locale.ROOT, "resweep run's default: --min-task-cost %s s", pack);
            System.out.println("== " + how);
            for (Measured m : List.of(a, b)) {
                System.out.println(String.format(Locale.ROOT, "%s: runs=%d tasks=%d wall=%.3f s sum_run=%.3f s longest_run=%.3f s",
                        m.name(), m.runs(), m.tasks(), m.wall(), m.sumRun(), m.maxRun()));
            }
            System.out.println(String.format(Locale.ROOT, "(a) per-run overhead = (%.3f - %.3f/%d) / %d = %.2f ms (goal <= 10 ms)",
                    a.wall(), a.sumRun(), cores, a.runs(), 1000 * (a.wall() - a.sumRun() / cores) / a.runs()));
            double bound = Math.max(b.sumRun() / cores, b.maxRun());
            System.out.println(String.format(Locale.ROOT, "(b) makespan / max(sum/cores, longest) = %.3f / %.3f = %.3f (goal <= 1.10)",
                    b.wall(), bound, b.wall() / bound));
        }
        spark.stop();
    }

    /**
     * Runs a spec's runs (longest first, as {@code resweep run}) into a fresh directory and measures it; runs cheaper
     * than {@code pack} estimated seconds are packed into tasks ({@link org.resweep.driver.spark.TaskGrouping}).
     */
    static Measured run(SparkSession spark, String yaml, double pack) throws Exception {
        SweepPlan plan = SweepPlan.of(SweepSpecParser.parse(yaml, "bench"));
        List<PlannedRun> ordered = plan.longestFirst();
        double minTaskCost = pack;
        int tasks = TaskGrouping.group(ordered, minTaskCost, id -> 1, new java.util.ArrayList<>()).size();
        Path out = Files.createTempDirectory("sweep-bench");
        try {
            SweepEngine.Summary s;
            try (SweepDirectory dir = SweepDirectory.open(out)) {
                Map<String, Double> lStar = new HashMap<>();
                for (PlannedRun p : ordered) lStar.computeIfAbsent(p.config().dataset(), SweepRun::lStar);
                s = new SweepEngine(spark, new RunnerTask(), new SweepEngine.Options(minTaskCost, 256, 2000, null, false))
                        .run(dir, new SweepProvenance("bench", SweepProvenance.currentCodeVersion(), spark.version()), ordered,
                                lStar, 0);
            }
            Row r = SweepTables.read(spark, out, ResultSchema.RUNS)
                    .agg(functions.count("run_id"), functions.sum("wall_seconds"), functions.max("wall_seconds")).first();
            if (r.getLong(0) != ordered.size()) throw new IllegalStateException("stored " + r.getLong(0) + " of " + ordered.size());
            return new Measured(yaml.lines().findFirst().orElse("").replace("name: ", ""),
                    ordered.size(), tasks, s.seconds(), r.getDouble(1), r.getDouble(2));
        } finally {
            FileUtils.deleteDirectory(out.toFile());
        }
    }
}
