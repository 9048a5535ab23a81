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
import org.resweep.jobs.testing.LocalCluster;
import org.resweep.jobs.testing.Processes;

/**
 * Two-stage split benchmark (not a test; run by benchmarks/split-bench.sh): one Hessian-dominated run — a linear
 * 2-shortcut network of depth {@code DEPTH} (P = 100·DEPTH) with a Hessian checkpoint at every one of {@code EPOCHS}
 * epochs — through {@link SweepEngine} on {@code MASTER} (default {@code local[2]}), as one task ({@code --split
 * never}) and split ({@code --split auto}, which must choose to split it), alternating {@code REPS} times, each into
 * a fresh directory. Wall = the engine's time from submission to the commit of the run. Also checks that both
 * stored the same rows (every column but wall_seconds and completed_at). Prints Spark's task metrics of each
 * measurement, and at the end the ceiling: the same checkpoints on 1 and on {@code cores} plain threads without Spark.
 *
 * <p>Usage: {@code SplitBenchMain [MASTER] [DEPTH] [EPOCHS] [REPS]} (defaults local[2] 20 100 2). MASTER may also be
 * {@code standalone:N}: a real standalone cluster on 127.0.0.1 started here ({@link LocalCluster}: a master and N
 * workers of 1 core and 1 GiB, one executor each), or {@code spark://HOST:PORT} of a running cluster on this machine;
 * executors get resweep's classes from this JVM's classpath ({@code spark.executor.extraClassPath}).
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
        LocalCluster cluster = null;
        Map<String, String> extra = new HashMap<>();
        String shown = master;
        if (master.startsWith("standalone:")) {
            int workers = Integer.parseInt(master.substring("standalone:".length()));
            cluster = LocalCluster.start(Files.createTempDirectory("split-bench-cluster"), workers);
            master = cluster.masterUrl();
            shown += " (" + master + ", " + workers + " worker(s) x 1 core, 1 GiB)";
        }
        if (master.startsWith("spark://")) {
            // executors on this machine: resweep's classes and its non-Spark dependencies from this JVM's classpath
            List<String> spark = Processes.sparkClasspath();
            List<String> app = Processes.testClasspath().stream().filter(e -> !spark.contains(e)).toList();
            extra.put("spark.executor.extraClassPath", String.join(java.io.File.pathSeparator, app));
            extra.put("spark.scheduler.minRegisteredResourcesRatio", "1.0"); // every executor up before the first task
            extra.put("spark.scheduler.maxRegisteredResourcesWaitingTime", "600s");
        }
        SparkSession spark = SparkSessions.start(master, "resweep split-bench", extra);
        int cores = cores(spark, master, cluster == null ? 1 : Integer.parseInt(shown.substring("standalone:".length(), shown.indexOf(' '))));
        legend();
        System.out.println(String.format(Locale.ROOT, "master=%s cores=%d java=%s depth=%d P=%d epochs=%d checkpoints=%d "
                        + "estimate: run %.1f s of which checkpoints %.1f s", shown, cores,
                System.getProperty("java.version"), depth, run.config().net().numParams(), epochs,
                run.config().hessian().count(epochs), run.cost(), run.hessianCost()));
        TaskTimes tasks = new TaskTimes();
        spark.sparkContext().addSparkListener(tasks);
        measure(spark, plan, SplitPolicy.AUTO, 0); // warm-up: data, JIT, first jobs
        List<Double> one = new ArrayList<>(), split = new ArrayList<>();
        List<Path> outs = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            for (SplitPolicy p : List.of(SplitPolicy.NEVER, SplitPolicy.AUTO)) {
                double[] wall = new double[1];
                outs.add(measure(spark, plan, p, wall));
                (p == SplitPolicy.NEVER ? one : split).add(wall[0]);
                System.out.println(String.format(Locale.ROOT, "rep %d %-5s wall=%.2f s (load %s)", i + 1,
                        p == SplitPolicy.NEVER ? "one" : "split", wall[0], Files.readString(Path.of("/proc/loadavg")).trim()));
                System.out.println("      " + tasks.report(wall[0], cores));
            }
        }
        // the rows are read and compared after all measurements: the queries' code generation and JIT compilation
        // would otherwise spill into the next measurement
        List<Row> reference = null;
        for (Path out : outs) {
            List<Row> rows = rows(spark, out);
            if (reference == null) reference = rows;
            else if (!reference.equals(rows)) throw new IllegalStateException("split and one-task rows differ: " + outs);
            org.apache.commons.io.FileUtils.deleteQuietly(out.toFile());
        }
        System.out.println("rows: the " + outs.size() + " measurements stored the same rows (all columns but wall_seconds, completed_at)");
        double a = median(one), b = median(split);
        System.out.println(String.format(Locale.ROOT, "median of %d: one task %.2f s, split %.2f s, ratio one/split %.2f on %d core(s)%s",
                reps, a, b, a / b, cores, master.startsWith("local") ? " (goal >= 1.8 on local[2])" : ""));
        spark.stop();
        if (cluster != null) cluster.close();
        ceiling(run.config(), cores);
    }

    /**
     * Task slots: local[N]'s N; on a cluster the executors' cores (its default parallelism is at least 2 even with
     * one executor of one core); the session starts once every executor has registered
     * ({@code spark.scheduler.minRegisteredResourcesRatio=1.0}).
     */
    private static int cores(SparkSession spark, String master, int executorsExpected) throws InterruptedException {
        if (master.startsWith("local")) return spark.sparkContext().defaultParallelism();
        var tracker = spark.sparkContext().statusTracker();
        // the driver is one of them; wait for the executors expected (standalone:N: N, else at least one)
        for (int i = 0; i < 600 && tracker.getExecutorInfos().length < executorsExpected + 1; i++) Thread.sleep(100);
        int executors = Math.max(1, tracker.getExecutorInfos().length - 1);
        return executors * Integer.parseInt(spark.sparkContext().getConf().get("spark.executor.cores", "1"));
    }

    /** How to read the output (printed first, so that a results file explains itself). */
    private static void legend() {
        System.out.println("""
                How to read this: one Hessian-dominated run, measured as one Spark task (`one`) and split into a training
                task and one task per checkpoint (`split`), alternating; wall = the sweep engine's time from submission to
                the commit of the run (the rows are checked equal). Per measurement, Spark's task metrics: span = first
                task launch to last task end; task time = sum of task durations (launch to end, as the scheduler sees
                them); run/cpu = executor run time / thread CPU time summed over tasks (run-cpu: time a task was not on
                a CPU: preempted or waiting); cores busy = task time / (cores x span); JVM cpu outside tasks = the
                driver JVM's CPU time not in tasks (local mode: GC, JIT compilers, Spark's and resweep's driver threads;
                it competes with the tasks for the same cores), by thread kind from /proc (tasks = Spark's task threads
                in total). Stages: the training (1 task) and the checkpoint tasks. The no-Spark lines compute the same
                checkpoints on plain threads: their ratio is the most splitting can give on this machine. Each
                measurement starts once the JIT compilers are idle; the rows are compared after all measurements. On a
                cluster (standalone:N, spark://) the tasks run in executor JVMs and the line gives the driver JVM's CPU;
                the no-Spark lines then use as many threads as the cluster has cores. The load average is the
                machine's: other processes take cores from both modes, more from the split one (it uses every core).""");
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
        for (int t : threads == 1 ? new int[] {1} : new int[] {1, threads}) {
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

    /** Runs the plan into a fresh directory (returned) with policy {@code p}; its wall time goes to {@code wallOut[0]}. */
    private static Path measure(SparkSession spark, SweepPlan plan, SplitPolicy p, Object wallOut) throws Exception {
        Path out = Files.createTempDirectory("split-bench");
        settleJit();
        spark.sparkContext().listenerBus().waitUntilEmpty();
        TaskTimes.reset();
        TaskTimes.processCpu0 = processCpuNs();
        TaskTimes.threads0 = ThreadCpu.snapshot();
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
        TaskTimes.processCpu1 = processCpuNs();
        TaskTimes.threads1 = ThreadCpu.snapshot();
        if (wallOut instanceof double[] w) w[0] = s.seconds();
        return out;
    }

    /**
     * Waits (at most 60 s) until the JIT compilers have been idle for a second, so that compilations queued by the
     * previous measurement do not take the cores of the next one.
     */
    private static void settleJit() throws InterruptedException {
        var jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) return;
        long last = jit.getTotalCompilationTime();
        for (int i = 0; i < 60; i++) {
            Thread.sleep(1000);
            long now = jit.getTotalCompilationTime();
            if (now == last) return;
            last = now;
        }
    }

    /** The stored runs and checkpoints rows of a measurement, without the columns that differ between runs. */
    private static List<Row> rows(SparkSession spark, Path out) throws java.io.IOException {
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
        static volatile long processCpu0, processCpu1;
        static volatile Map<String, Long> threads0 = Map.of(), threads1 = Map.of();

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
            String line = String.format(Locale.ROOT, "tasks=%d span=%.2f s (wall outside it %.2f s) task time=%.2f s run=%.2f s "
                            + "cpu=%.2f s gc=%.2f s deser=%.3f s ser=%.3f s; cores busy %.1f%% of span, run-cpu=%.2f s; "
                            + "JVM cpu outside tasks=%.2f s",
                    ts.size(), span, wall - span, busy / 1e3, run / 1e3, cpu / 1e9, gc / 1e3, deser / 1e3, ser / 1e3,
                    100.0 * busy / 1e3 / (cores * Math.max(1e-9, span)), run / 1e3 - cpu / 1e9,
                    (processCpu1 - processCpu0 - cpu) / 1e9) + " (" + ThreadCpu.outsideTasks(threads0, threads1) + ")";
            if (!ThreadCpu.runsTasks(threads1)) { // executors in their own JVMs: this JVM is the driver only
                line = line.replaceFirst("JVM cpu outside tasks=.*", String.format(Locale.ROOT, "driver JVM cpu=%.2f s",
                        (processCpu1 - processCpu0) / 1e9));
            }
            java.util.TreeMap<Integer, long[]> stages = new java.util.TreeMap<>();
            for (Task t : ts) {
                long[] a = stages.computeIfAbsent(t.stage(), k -> new long[] {Long.MAX_VALUE, 0, 0, 0, 0});
                a[0] = Math.min(a[0], t.launch());
                a[1] = Math.max(a[1], t.finish());
                a[2]++;
                a[3] += t.finish() - t.launch();
                a[4] += t.runMs();
            }
            if (stages.size() > 1) {
                StringBuilder b = new StringBuilder();
                for (var e : stages.entrySet()) {
                    long[] a = e.getValue();
                    b.append(String.format(Locale.ROOT, "%n      stage %d: %d task(s) from %.3f s to %.3f s, task time %.2f s, run %.2f s",
                            e.getKey(), a[2], (a[0] - first) / 1e3, (a[1] - first) / 1e3, a[3] / 1e3, a[4] / 1e3));
                }
                line += b;
            }
            return line;
        }
    }

    /**
     * CPU time of this JVM's threads by kind, from {@code /proc/self/task/TID/stat} (utime + stime, clock ticks of
     * 10 ms; Linux only, empty elsewhere): shows where the JVM's CPU time outside Spark tasks goes (GC, JIT compilers,
     * Spark's driver threads, resweep's coordination) — on local[2] that time is taken from the cores the tasks run on.
     */
    static final class ThreadCpu {
        /** Thread id → "kind|ticks"-keyed map: key = tid + " " + kind, value = ticks. */
        static Map<String, Long> snapshot() {
            Map<String, Long> m = new HashMap<>();
            java.io.File[] ts = new java.io.File("/proc/self/task").listFiles();
            if (ts == null) return m;
            for (java.io.File t : ts) {
                try {
                    String st = Files.readString(t.toPath().resolve("stat"));
                    int a = st.indexOf('('), b = st.lastIndexOf(')');
                    String[] f = st.substring(b + 2).split(" ");
                    m.put(t.getName() + " " + kind(st.substring(a + 1, b)), Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (Exception ignored) {
                    // the thread ended
                }
            }
            return m;
        }

        /** Whether Spark task threads ran in this JVM (local mode). */
        static boolean runsTasks(Map<String, Long> snapshot) {
            return snapshot.keySet().stream().anyMatch(k -> k.endsWith(" tasks"));
        }

        static String kind(String comm) {
            if (comm.startsWith("Executor task")) return "tasks";
            if (comm.startsWith("GC") || comm.startsWith("G1")) return "gc";
            if (comm.startsWith("C1") || comm.startsWith("C2")) return "jit";
            if (comm.startsWith("resweep")) return "resweep";
            return "other";
        }

        /** "gc 0.12 s, jit 0.30 s, ..." of the threads other than Spark's task threads, between two snapshots. */
        static String outsideTasks(Map<String, Long> before, Map<String, Long> after) {
            java.util.TreeMap<String, Long> by = new java.util.TreeMap<>();
            for (var e : after.entrySet()) {
                String kind = e.getKey().substring(e.getKey().indexOf(' ') + 1);
                by.merge(kind, e.getValue() - before.getOrDefault(e.getKey(), 0L), Long::sum);
            }
            StringBuilder b = new StringBuilder("by thread: ");
            for (var e : by.entrySet()) b.append(String.format(Locale.ROOT, "%s %.2f s, ", e.getKey(), e.getValue() / 100.0));
            return b.substring(0, b.length() - 2);
        }
    }

    /** CPU time of this JVM (all threads: tasks, driver, GC, JIT), ns. */
    static long processCpuNs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
