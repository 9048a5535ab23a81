package org.resweep.jobs;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.resweep.core.train.Checkpoint;
import org.resweep.core.train.CheckpointWorker;
import org.resweep.core.train.RunConfig;
import org.resweep.core.train.SplitRun;
import org.resweep.driver.results.ResultSchema;
import org.resweep.driver.results.SweepProvenance;
import org.resweep.driver.spark.RunnerTask;
import org.resweep.driver.spark.SparkSessions;
import org.resweep.driver.spark.SweepEngine;
import org.resweep.driver.spark.SweepRun;
import org.resweep.driver.spark.SweepTables;
import org.resweep.driver.spec.PlannedRun;
import org.resweep.driver.spec.SplitPolicy;
import org.resweep.driver.spec.SweepPlan;
import org.resweep.driver.spec.SweepSpecParser;
import org.resweep.driver.store.SweepDirectory;

/**
 * Two-stage split benchmark (not a test; run by benchmarks/split-bench.sh): one Hessian-dominated run — a linear
 * 2-shortcut network of depth {@code DEPTH} (P = 100·DEPTH) with a Hessian checkpoint at every one of {@code EPOCHS}
 * epochs — through {@link SweepEngine} on {@code MASTER} (default {@code local[2]}), as one task ({@code --split
 * never}) and split ({@code --split auto}, which must choose to split it), alternating {@code REPS} times, each into
 * a fresh directory. Wall = the engine's time from submission to the commit of the run. Also checks that both
 * stored the same rows (every column but wall_seconds and completed_at). Prints Spark's task metrics of each
 * measurement, and at the end the ceiling: the same checkpoints on 1 and on {@code cores} plain threads without Spark.
 *
 * <p>Usage: {@code SplitBenchMain [MASTER] [DEPTH] [EPOCHS] [REPS]} (defaults local[2] 20 100 2).
 */
public final class SplitBenchMain {
    public static void main(String[] args) throws Exception {
        String master = args.length > 0 ? args[0] : "local[2]";
        int depth = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int reps = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        String yaml = "name: split-bench\nseeds: 1\nepochs: " + epochs + "\nhessian: {every: 1}\naxes:\n  activation: linear\n"
                + "  depth: " + depth + "\n  shortcut: 2\n  init: small\n  init_scale: 0.01\n  learning_rate: 0.05\n";
        SweepPlan plan = SweepPlan.of(SweepSpecParser.parse(yaml, "bench"));
        PlannedRun run = plan.tasks().get(0);
        if (!SplitPolicy.AUTO.splits(run)) throw new IllegalStateException("--split auto would not split " + run);
        SparkSession spark = SparkSessions.start(master, "resweep split-bench");
        System.out.println(String.format(Locale.ROOT, "master=%s cores=%d java=%s depth=%d P=%d epochs=%d checkpoints=%d "
                        + "estimate: run %.1f s of which checkpoints %.1f s", master, spark.sparkContext().defaultParallelism(),
                System.getProperty("java.version"), depth, run.config().net().numParams(), epochs,
                run.config().hessian().count(epochs), run.cost(), run.hessianCost()));
        TaskTimes tasks = new TaskTimes();
        spark.sparkContext().addSparkListener(tasks);
        measure(spark, plan, SplitPolicy.AUTO, 0); // warm-up: data, JIT, first jobs
        List<Double> one = new ArrayList<>(), split = new ArrayList<>();
        List<Row> reference = null;
        for (int i = 0; i < reps; i++) {
            for (SplitPolicy p : List.of(SplitPolicy.NEVER, SplitPolicy.AUTO)) {
                double[] wall = new double[1];
                List<Row> rows = measure(spark, plan, p, wall);
                (p == SplitPolicy.NEVER ? one : split).add(wall[0]);
                if (reference == null) reference = rows;
                else if (!reference.equals(rows)) throw new IllegalStateException("split and one-task rows differ");
                System.out.println(String.format(Locale.ROOT, "rep %d %-5s wall=%.2f s (load %s)", i + 1,
                        p == SplitPolicy.NEVER ? "one" : "split", wall[0], Files.readString(Path.of("/proc/loadavg")).trim()));
                System.out.println("      " + tasks.report(wall[0], spark.sparkContext().defaultParallelism()));
            }
        }
        double a = median(one), b = median(split);
        System.out.println(String.format(Locale.ROOT, "median: one task %.2f s, split %.2f s, ratio %.2f (goal >= 1.8 on local[2])",
                a, b, a / b));
        int cores = spark.sparkContext().defaultParallelism();
        spark.stop();
        ceiling(run.config(), cores);
    }

    /**
     * The same checkpoints without Spark: computed by 1 thread, then by {@code threads} plain threads taking the next
     * checkpoint as they free up (each keeping its {@link CheckpointWorker}, as executor task threads do) — the ratio
     * is the most any scheduler can get from splitting on this machine; thread CPU time per checkpoint shows what two
     * concurrent computations cost each other (shared cache and memory bandwidth).
     */
    private static void ceiling(RunConfig cfg, int threads) throws Exception {
        List<double[]> weights = new ArrayList<>();
        SplitRun.Trained trained = SplitRun.train(cfg, (e, w) -> weights.add(w.clone()));
        List<Checkpoint> marks = trained.checkpoints();
        double seq = 0;
        for (int t : new int[] {1, threads}) {
            AtomicInteger next = new AtomicInteger();
            double[] cpu = new double[t];
            Thread[] th = new Thread[t];
            long t0 = System.nanoTime();
            for (int k = 0; k < t; k++) {
                int kk = k;
                th[k] = new Thread(() -> {
                    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                    long c0 = mx.getCurrentThreadCpuTime();
                    for (int i; (i = next.getAndIncrement()) < marks.size(); ) {
                        CheckpointWorker.forThisThread(cfg).checkpoint(cfg, marks.get(i), weights.get(i));
                    }
                    cpu[kk] = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
                    CheckpointWorker.releaseThisThread();
                });
                th[k].start();
            }
            for (Thread x : th) x.join();
            double wall = (System.nanoTime() - t0) / 1e9, sum = 0;
            for (double c : cpu) sum += c;
            if (t == 1) seq = wall;
            System.out.println(String.format(Locale.ROOT, "no Spark, %d thread(s): wall=%.2f s, thread CPU %.3f s per checkpoint%s "
                            + "(load %s)", t, wall, sum / marks.size(), t == 1 ? "" : String.format(Locale.ROOT, ", ratio %.2f", seq / wall),
                    Files.readString(Path.of("/proc/loadavg")).trim()));
        }
    }

    private static List<Row> measure(SparkSession spark, SweepPlan plan, SplitPolicy p, Object wallOut) throws Exception {
        Path out = Files.createTempDirectory("split-bench");
        spark.sparkContext().listenerBus().waitUntilEmpty();
        TaskTimes.reset();
        SweepEngine.Summary s;
        try (SweepDirectory dir = SweepDirectory.open(out)) {
            Map<String, Double> lStar = new HashMap<>();
            for (PlannedRun r : plan.tasks()) lStar.computeIfAbsent(r.config().dataset(), SweepRun::lStar);
            s = new SweepEngine(spark, new RunnerTask(), new SweepEngine.Options(0.05, 256, 2000, null, false), p)
                    .run(dir, new SweepProvenance("bench", SweepProvenance.currentCodeVersion(), spark.version()),
                            plan.longestFirst(), lStar, 0);
        }
        spark.sparkContext().listenerBus().waitUntilEmpty();
        TaskTimes.freeze();
        if (wallOut instanceof double[] w) w[0] = s.seconds();
        List<Row> rows = new ArrayList<>();
        for (var t : List.of(ResultSchema.RUNS, ResultSchema.CHECKPOINTS)) {
            var d = SweepTables.read(spark, out, t);
            List<Column> keep = new ArrayList<>();
            for (String c : d.columns()) if (!List.of("wall_seconds", "completed_at").contains(c)) keep.add(functions.col(c));
            rows.addAll(d.select(keep.toArray(new Column[0])).orderBy(t == ResultSchema.RUNS ? "run_id" : "epoch").collectAsList());
        }
        return rows;
    }

    /**
     * Spark's task metrics of one measurement (a listener): per Spark task its launch and finish time, run time,
     * thread CPU time, GC time, deserialisation and result serialisation; the report says how busy the cores were
     * between the first task's launch and the last task's end, and where the rest of the wall time went.
     */
    static final class TaskTimes extends org.apache.spark.scheduler.SparkListener {
        private record Task(int stage, long launch, long finish, long runMs, long cpuNs, long gcMs, long deserMs, long serMs) {}

        private final List<Task> all = java.util.Collections.synchronizedList(new ArrayList<>());
        private volatile boolean frozen;

        private static volatile TaskTimes current;

        static void reset() {
            TaskTimes t = current;
            if (t != null) {
                t.all.clear();
                t.frozen = false;
            }
        }

        static void freeze() {
            TaskTimes t = current;
            if (t != null) t.frozen = true;
        }

        TaskTimes() { current = this; }

        @Override
        public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd e) {
            if (frozen || e.taskInfo() == null || e.taskMetrics() == null) return;
            var m = e.taskMetrics();
            all.add(new Task(e.stageId(), e.taskInfo().launchTime(), e.taskInfo().finishTime(), m.executorRunTime(),
                    m.executorCpuTime(), m.jvmGCTime(), m.executorDeserializeTime(), m.resultSerializationTime()));
        }

        /** One line: tasks, their span, summed run/CPU/GC time, core occupancy in the span, wall outside the span. */
        String report(double wall, int cores) {
            List<Task> ts;
            synchronized (all) { ts = new ArrayList<>(all); }
            if (ts.isEmpty()) return "no tasks";
            long first = Long.MAX_VALUE, last = 0, run = 0, cpu = 0, gc = 0, deser = 0, ser = 0, busy = 0;
            for (Task t : ts) {
                first = Math.min(first, t.launch());
                last = Math.max(last, t.finish());
                run += t.runMs();
                cpu += t.cpuNs();
                gc += t.gcMs();
                deser += t.deserMs();
                ser += t.serMs();
                busy += t.finish() - t.launch();
            }
            double span = (last - first) / 1e3;
            return String.format(Locale.ROOT, "tasks=%d span=%.2f s (wall outside it %.2f s) task time=%.2f s run=%.2f s "
                            + "cpu=%.2f s gc=%.2f s deser=%.3f s ser=%.3f s; cores busy %.1f%% of span, run-cpu=%.2f s",
                    ts.size(), span, wall - span, busy / 1e3, run / 1e3, cpu / 1e9, gc / 1e3, deser / 1e3, ser / 1e3,
                    100.0 * busy / 1e3 / (cores * Math.max(1e-9, span)), run / 1e3 - cpu / 1e9);
        }
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
