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
 * <ul>
 *   <li>(c) {@code 100k}: 100,000 cheap linear runs (depth 1–2, moment path, 1,000-epoch curves, no Hessian; 7.4 min
 *       of one core by the cost model) through the whole
 *       {@code resweep run} path ({@link SweepRun}) with the default packing: every run exactly once; per-run
 *       overhead as in (a), goal ≤ 1 ms; the driver JVM's peak heap (sampled every 0.5 s, and after GC) and peak RSS;
 *       the best_lr aggregation ({@code resweep aggregate}), goal ≤ 30 s; {@code resweep sql} over the result
 *       (DuckDB), goal: seconds.</li>
 * </ul>
 * Arguments: {@code MASTER [CASES]}, CASES a subset of {@code abc} (default {@code abc}).
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

    static final String HUNDRED_K = """
            name: bench-100k
            seeds: 200
            epochs: 1000
            hessian: none
            axes:
              activation: linear
              depth: [1, 2]
              shortcut: 0
              init: [xavier, orthogonal]
              learning_rate: {from: 0.001, to: 0.1, per_decade: 62}
            """;

    /** Second pass: resweep run's default grouping threshold (estimated seconds). */
    static final double PACK = Double.parseDouble(org.resweep.driver.spark.TaskGrouping.DEFAULT_MIN_TASK_COST);

    /** One measured sweep. */
    record Measured(String name, int runs, int tasks, double wall, double sumRun, double maxRun) {}

    public static void main(String[] args) throws Exception {
        String master = args.length > 0 ? args[0] : "local[2]";
        String cases = args.length > 1 ? args[1] : "abc";
        SparkSession spark = SparkSessions.start(master, "resweep sweep-bench");
        int cores = spark.sparkContext().defaultParallelism();
        run(spark, WARMUP, 0);
        System.out.println(String.format(Locale.ROOT, "master=%s cores=%d java=%s", master, cores, System.getProperty("java.version")));
        if (cases.contains("a") || cases.contains("b")) {
            for (double pack : new double[] {0, PACK}) {
                Measured a = run(spark, CHEAP, pack), b = run(spark, MIXED, pack);
                String how = pack == 0 ? "one run per task (--min-task-cost 0)"
                        : String.format(Locale.ROOT, "resweep run's default: --min-task-cost %s s", pack);
                System.out.println("== " + how + "; load average " + loadAverage());
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
        }
        if (cases.contains("c")) hundredK(spark, cores);
        spark.stop();
    }

    /** The load average (1, 5, 15 min) of the machine, from /proc/loadavg (the machine may be shared). */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Peak resident set size of this JVM in MiB (VmHWM), or -1. */
    static long peakRssMib() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /**
     * Samples the heap in use every 0.5 s, and takes the old generation's occupancy after every collection from the
     * collectors' notifications. (The old pool's {@code getCollectionUsage()} is no use here: G1 updates it only after a
     * concurrent cycle or a full collection, which a sweep with a small live set never triggers, so it read 0.)
     */
    static final class HeapWatch implements AutoCloseable {
        private final Thread thread;
        private final java.util.List<Runnable> unsubscribe = new java.util.ArrayList<>();
        private volatile boolean stop;
        private volatile long maxUsed, maxAfterGc;
        private volatile int collections;

        /** The old generation's pool: G1 ("G1 Old Gen"), Parallel ("PS Old Gen"), Serial ("Tenured Gen"). */
        static boolean oldPool(String name) {
            return name.contains("Old Gen") || name.contains("Tenured");
        }

        HeapWatch() {
            for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
                if (!(gc instanceof javax.management.NotificationEmitter em)) continue;
                javax.management.NotificationListener l = (n, hb) -> {
                    if (!n.getType().equals(com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) return;
                    var info = com.sun.management.GarbageCollectionNotificationInfo.from((javax.management.openmbean.CompositeData) n.getUserData());
                    info.getGcInfo().getMemoryUsageAfterGc().forEach((pool, u) -> {
                        if (oldPool(pool)) {
                            synchronized (this) {
                                maxAfterGc = Math.max(maxAfterGc, u.getUsed());
                                collections++;
                            }
                        }
                    });
                };
                em.addNotificationListener(l, null, null);
                unsubscribe.add(() -> {
                    try {
                        em.removeNotificationListener(l);
                    } catch (javax.management.ListenerNotFoundException e) {
                        // already gone
                    }
                });
            }
            thread = new Thread(() -> {
                while (!stop) {
                    maxUsed = Math.max(maxUsed, java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-watch");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.interrupt();
            thread.join();
            unsubscribe.forEach(Runnable::run);
            unsubscribe.clear();
        }
    }

    /** (c): 100,000 cheap runs through {@code resweep run}'s path, then aggregate and sql over the result. */
    static void hundredK(SparkSession spark, int cores) throws Exception {
        System.out.println("== (c) 100,000 cheap linear runs, 1,000-epoch curves, resweep run's default packing (--min-task-cost "
                + PACK + " s); load average before " + loadAverage());
        long t0 = System.nanoTime();
        String text = HUNDRED_K.replace("seeds: 200", "seeds: " + Integer.getInteger("resweep.bench.seeds", 200)); // fewer: a smoke test
        SweepPlan plan = SweepPlan.of(SweepSpecParser.parse(text, "bench-100k"));
        double planSeconds = (System.nanoTime() - t0) / 1e9;
        Path out = Files.createTempDirectory("sweep-bench-100k");
        Runtime rt = Runtime.getRuntime();
        try {
            SweepRun.Outcome o;
            long heapMax, heapAfterGc;
            int collections;
            try (HeapWatch w = new HeapWatch()) {
                o = SweepRun.run(spark, out.toString(), SweepRun.Request.of(plan, text, false, false),
                        new SweepEngine.Options(PACK, 256, 2000, null, false), s -> System.out.println("notice: " + s));
                w.close();
                heapMax = w.maxUsed;
                heapAfterGc = w.maxAfterGc;
                collections = w.collections;
            }
            SweepEngine.Summary s = o.summary();
            System.out.println(String.format(Locale.ROOT, "plan: %d runs in %.1f s; load average after the sweep %s", plan.tasks().size(),
                    planSeconds, loadAverage()));
            long t1 = System.nanoTime();
            long bestRows = SweepRun.aggregate(spark, out.toString(), n -> { });
            double aggSeconds = (System.nanoTime() - t1) / 1e9;
            Row r = SweepTables.readColumns(spark, new org.apache.hadoop.fs.Path(out.toUri()), ResultSchema.RUNS, List.of("run_id", "wall_seconds"))
                    .agg(functions.count("run_id"), functions.countDistinct("run_id"), functions.sum("wall_seconds"), functions.max("wall_seconds"))
                    .first();
            long files = Files.list(out.resolve("runs")).filter(f -> f.toString().endsWith(".parquet")).count();
            long bytes = 0;
            try (var st = Files.walk(out.resolve("runs"))) {
                bytes = st.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
            }
            System.out.println(String.format(Locale.ROOT, "runs stored %d, distinct run ids %d (planned %d): %s; %d runs files, %.0f MiB",
                    r.getLong(0), r.getLong(1), plan.tasks().size(), r.getLong(0) == plan.tasks().size() && r.getLong(1) == r.getLong(0)
                            ? "every run exactly once" : "MISMATCH", files, bytes / 1048576.0));
            double sumRun = r.getDouble(2);
            System.out.println(String.format(Locale.ROOT, "engine: wall %.1f s, %d commits (%.1f s committing, longest wait of a "
                            + "result for its commit %.2f s), sum_run %.1f s, longest_run %.3f s",
                    s.seconds(), s.batches(), s.commitSeconds(), s.maxWaitSeconds(), sumRun, r.getDouble(3)));
            System.out.println(String.format(Locale.ROOT, "(c) per-run overhead = (%.1f - %.1f/%d) / %d = %.3f ms (goal <= 1 ms)",
                    s.seconds(), sumRun, cores, s.runs(), 1000 * (s.seconds() - sumRun / cores) / s.runs()));
            System.out.println(String.format(Locale.ROOT, "(c) driver JVM (-Xmx%d MiB; local mode: executors share the heap): heap used "
                            + "max %d MiB (sampled every 0.5 s), old generation after GC max %d MiB (over %d collections), peak RSS %d MiB",
                    rt.maxMemory() >> 20, heapMax >> 20, heapAfterGc >> 20, collections, peakRssMib()));
            System.out.println(String.format(Locale.ROOT, "(c) best_lr aggregation (resweep aggregate's path): %.1f s, %d rows (goal <= 30 s)",
                    aggSeconds, bestRows));
            for (String q : List.of("select count(*) as runs, count(distinct run_id) as ids, avg(final_loss) as mean_final_loss from runs",
                    "select depth, init, min(final_loss) as best from runs group by depth, init order by depth, init",
                    "select run_id, loss_curve[1000] as loss_999 from runs order by final_loss limit 3")) {
                java.io.StringWriter so = new java.io.StringWriter(), se = new java.io.StringWriter();
                var cl = Main.commandLine();
                cl.setOut(new java.io.PrintWriter(so, true));
                cl.setErr(new java.io.PrintWriter(se, true));
                long t2 = System.nanoTime();
                int code = cl.execute("sql", "--out", out.toString(), q);
                double sqlSeconds = (System.nanoTime() - t2) / 1e9;
                System.out.println(String.format(Locale.ROOT, "(c) resweep sql (DuckDB) %.2f s, exit %d: %s%n%s", sqlSeconds, code, q,
                        (so.toString() + se.toString()).strip()));
            }
        } finally {
            FileUtils.deleteDirectory(out.toFile());
        }
    }

    /**
     * Runs a spec's runs (longest first, as {@code resweep run}) into a fresh directory and measures it; runs cheaper
     * than {@code pack} estimated seconds are packed into tasks ({@link org.resweep.driver.spark.TaskGrouping}).
     */
    static Measured run(SparkSession spark, String yaml, double pack) throws Exception {
        SweepPlan plan = SweepPlan.of(SweepSpecParser.parse(yaml, "bench"));
        List<PlannedRun> ordered = plan.longestFirst();
        double minTaskCost = pack;
        SweepEngine.Options opts = new SweepEngine.Options(minTaskCost, 256, 2000, null, false);
        int tasks = TaskGrouping.group(ordered, minTaskCost, opts.maxTaskCost(), spark.sparkContext().defaultParallelism(), id -> 1,
                new java.util.ArrayList<>()).size();
        Path out = Files.createTempDirectory("sweep-bench");
        try {
            SweepEngine.Summary s;
            try (SweepDirectory dir = SweepDirectory.open(out)) {
                Map<String, Double> lStar = new HashMap<>();
                for (PlannedRun p : ordered) lStar.computeIfAbsent(p.config().dataset(), SweepRun::lStar);
                s = new SweepEngine(spark, new RunnerTask(), opts)
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
