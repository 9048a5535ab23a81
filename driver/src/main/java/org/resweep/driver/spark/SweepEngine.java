package org.resweep.driver.spark;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.resweep.driver.results.SweepProvenance;
import org.resweep.driver.spec.PlannedRun;
import org.resweep.driver.spec.SplitPolicy;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.store.TaskOutput;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Executes planned runs on Spark and commits their results into a {@link SweepDirectory} as they finish.
 *
 * <p>One job, one partition per task group ({@link TaskGrouping}; one run per task unless runs are very cheap), in
 * the given (longest-first) order — Spark launches partitions in index order. Each task writes its rows as Parquet
 * part files into the directory's staging area ({@link StagingTask}) and returns only a {@link TaskOutput} (file
 * names, run ids, counts), so neither {@code spark.driver.maxResultSize} nor the driver's heap bounds a sweep. The
 * driver commits finished tasks' files in batches (every {@code batchTasks} tasks or {@code batchMillis},
 * whichever first): a {@code kill -9} of the driver loses only runs in flight or finished within the last batch
 * interval.
 *
 * <p>Runs the {@link SplitPolicy} selects (Hessian-dominated ones) are split into a training task and checkpoint tasks
 * ({@link SplitRuns}); their rows reach the same commit queue as one task's, complete, so they are committed the same
 * way.
 *
 * <p>Interrupting the thread running {@link #run} cancels the Spark job, commits every task already finished and
 * throws {@link InterruptedIOException} (the caller's {@code close} of the directory releases its lock).
 */
public final class SweepEngine {
    private static final org.apache.logging.log4j.Logger LOG = org.apache.logging.log4j.LogManager.getLogger("org.resweep.commit");
    /**
     * @param minTaskCost smallest task of packed cheap runs, in cost-model seconds ({@link TaskGrouping}); 0 = one run
     *                    per task
     * @param batchTasks  commit when this many finished tasks are waiting
     * @param batchMillis commit when the oldest waiting task has waited this long; also the largest task of packed
     *                    cheap runs ({@link #maxTaskCost}), so that a kill loses about one interval of work per core
     * @param progress    where the progress line goes (null = nowhere)
     * @param terminal    redraw the progress line in place
     */
    public record Options(double minTaskCost, int batchTasks, long batchMillis, PrintStream progress, boolean terminal) {
        public static Options defaults(PrintStream progress) {
            return new Options(0, 256, defaultBatchMillis(), progress, System.console() != null);
        }

        /**
         * The options of {@code resweep run} and {@code reproduce}: {@code --min-task-cost}, commits every
         * {@link #defaultBatchMillis()} or 256 tasks, the progress line on {@code progress}, redrawn in place on a
         * terminal.
         */
        public static Options forCommand(double minTaskCost, PrintStream progress) {
            return new Options(minTaskCost, 256, defaultBatchMillis(), progress, System.console() != null);
        }

        /**
         * The commit interval in milliseconds: 2000, or the system property {@code resweep.commitMillis} (the crash
         * tests commit more often, so that a kill after a commit still finds runs to lose on a fast machine).
         */
        public static long defaultBatchMillis() {
            return Math.max(1, Long.getLong("resweep.commitMillis", 2000));
        }

        /** The largest task of packed cheap runs, in cost-model seconds: one commit interval (at least minTaskCost). */
        public double maxTaskCost() {
            return Math.max(minTaskCost, batchMillis / 1000.0);
        }
    }

    /**
     * What a session did.
     *
     * @param batches         commits of finished tasks
     * @param seconds         wall time from the job's submission to the last commit
     * @param commitSeconds   time spent committing, summed over the batches
     * @param maxWaitSeconds  longest time a finished task's result waited on the driver (from its arrival to the end of
     *                        the commit that stored it): about the commit interval plus one commit's duration
     */
    public record Summary(int runs, int ok, int diverged, int failed, int batches, double seconds, double commitSeconds,
                          double maxWaitSeconds) {}

    /** A finished task's summary and when it reached the driver ({@link System#nanoTime()}). */
    record Arrival(TaskOutput output, long nanos) {
        /**
         * Not a task's output: put on the queue when the main job or the split runs are done, so that the committing
         * loop notices at once instead of at its next timeout (which a finished sweep waited for twice: ≈ 0.2 s).
         */
        static final Arrival WAKE = new Arrival(null, 0L);
    }

    private final SparkSession spark;
    private final TaskFunction fn;
    private final Options opt;
    private final SplitPolicy split;

    public SweepEngine(SparkSession spark, TaskFunction fn, Options opt) {
        this(spark, fn, opt, SplitPolicy.AUTO);
    }

    /**
     * @param split which runs to split into a training task and checkpoint tasks ({@link SplitRuns}); applies only to
     *              the production task function ({@link RunnerTask}), whose stages it reproduces bit for bit
     */
    public SweepEngine(SparkSession spark, TaskFunction fn, Options opt, SplitPolicy split) {
        this.spark = spark;
        this.fn = fn;
        this.opt = opt;
        this.split = split;
    }

    /**
     * Runs {@code ordered} (skipping duplicates by run id) and commits every result.
     *
     * @param ordered runs in submission order, longest first, with their cost estimates; Not modified.
     * @param lStar   L* per data set name (missing: null in the table)
     * @param skipped runs already stored (for the progress line only)
     */
    public Summary run(SweepDirectory dir, SweepProvenance prov, List<PlannedRun> ordered, Map<String, Double> lStar,
                       int skipped) throws IOException {
        Map<String, PlannedRun> unique = new LinkedHashMap<>();
        for (PlannedRun p : ordered) unique.putIfAbsent(p.config().runId(), p);
        List<PlannedRun> todo = new ArrayList<>(unique.values());
        double totalCost = todo.stream().mapToDouble(PlannedRun::cost).sum();
        Progress progress = new Progress(opt.progress(), opt.terminal(), opt.terminal() ? 500 : 10_000, todo.size(),
                skipped, totalCost);
        long t0 = System.nanoTime();
        int batches = 0;
        Committer.Stats stats = new Committer.Stats();
        if (!todo.isEmpty()) {
            List<PlannedRun> whole = new ArrayList<>(), splitRuns = new ArrayList<>();
            for (PlannedRun p : todo) (fn instanceof RunnerTask && split.splits(p) ? splitRuns : whole).add(p);
            List<Double> groupCost = new ArrayList<>();
            int slots = Math.max(1, spark.sparkContext().defaultParallelism());
            List<TaskGroup> groups = TaskGrouping.group(whole, opt.minTaskCost(), opt.maxTaskCost(), slots, dir::nextAttempt, groupCost);
            for (PlannedRun p : splitRuns) groupCost.add(p.cost()); // partitions groups.size()… of the split runs' outputs
            batches = execute(dir, prov, groups, groupCost, splitRuns, lStar, progress, stats);
        }
        progress.maybePrint(true);
        int ok = progress.done() - progress.diverged() - progress.failed();
        return new Summary(progress.done(), ok, progress.diverged(), progress.failed(), batches, (System.nanoTime() - t0) / 1e9,
                stats.commitNanos / 1e9, stats.maxWaitNanos / 1e9);
    }

    /**
     * Runs commits on their own thread, so that an interrupt of the sweep's thread never lands inside a filesystem
     * call (an interrupted HDFS or NIO call aborts): the commit always completes, then the interrupt is acted on.
     */
    private static final class Committer implements AutoCloseable {
        /** Time spent committing and the longest wait of a task's result (nanoseconds). */
        static final class Stats {
            long commitNanos, maxWaitNanos;
        }

        private final SweepDirectory dir;
        private final Stats stats;
        private final java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "resweep-commit");
            t.setDaemon(true);
            return t;
        });

        Committer(SweepDirectory dir, Stats stats) {
            this.dir = dir;
            this.stats = stats;
        }

        /** Commits {@code batch}, waiting for it even when interrupted; returns whether the caller was interrupted. */
        boolean commit(List<Arrival> batch) throws IOException {
            List<TaskOutput> copy = batch.stream().map(Arrival::output).toList();
            long oldest = batch.stream().mapToLong(Arrival::nanos).min().orElse(System.nanoTime());
            batch.clear();
            java.util.concurrent.Future<?> f = thread.submit(() -> {
                long c0 = System.nanoTime();
                dir.commitTasks(copy);
                long c1 = System.nanoTime();
                stats.commitNanos += c1 - c0;
                stats.maxWaitNanos = Math.max(stats.maxWaitNanos, c1 - oldest);
                if (LOG.isDebugEnabled()) {
                    LOG.debug(String.format(java.util.Locale.ROOT, "committed %d tasks (%d runs) in %.1f ms; the oldest waited %.1f ms",
                            copy.size(), copy.stream().mapToInt(t -> t.runIds().length).sum(), (c1 - c0) / 1e6, (c1 - oldest) / 1e6));
                }
                return null;
            });
            boolean interrupted = false;
            while (true) {
                try {
                    f.get();
                    return interrupted;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof IOException io) throw io;
                    if (e.getCause() instanceof RuntimeException re) throw re;
                    throw new IOException(e.getCause());
                }
            }
        }

        @Override
        public void close() { thread.shutdown(); }
    }

    private int execute(SweepDirectory dir, SweepProvenance prov, List<TaskGroup> groups, List<Double> groupCost,
                        List<PlannedRun> splitRuns, Map<String, Double> lStar, Progress progress, Committer.Stats stats)
            throws IOException {
        SparkContext sc = spark.sparkContext();
        dir.fs().mkdirs(dir.stagingDir());
        SerializableConf conf = new SerializableConf(sc.hadoopConfiguration());
        StagingTask task = new StagingTask(fn, conf, dir.stagingDir(), prov, lStar);
        LinkedBlockingQueue<Arrival> queue = new LinkedBlockingQueue<>();
        // split runs first: their training tasks are submitted before the main job, so they start first
        SplitRuns splits = new SplitRuns(sc, conf, dir.stagingDir(), prov, lStar, splitRuns, dir::nextAttempt, groups.size(),
                opt.minTaskCost(), queue);
        splits.start();
        SimpleFutureAction<Object> job = null;
        if (!groups.isEmpty()) {
            JavaRDD<TaskGroup> rdd = JavaSparkContext.fromSparkContext(sc).parallelize(groups, groups.size());
            List<Object> partitions = new ArrayList<>();
            for (int i = 0; i < groups.size(); i++) partitions.add(i);
            sc.setJobDescription("resweep sweep " + prov.sweepId() + ": " + groups.size() + " tasks");
            job = sc.submitJob(rdd.rdd(), new ScalaFns.RunPartition(task),
                    CollectionConverters.asScala(partitions).toSeq(), new ScalaFns.Enqueue(queue), new ScalaFns.Nothing());
            ScalaFns.onComplete(job, () -> queue.add(Arrival.WAKE));
        }
        List<Arrival> batch = new ArrayList<>();
        long batchMillis = TimeUnit.MILLISECONDS.toNanos(opt.batchMillis());
        int committed = 0;
        boolean interrupted = false;
        Committer committer = new Committer(dir, stats);
        try {
            while (true) {
                // read before polling: every handler call (and every split run's output) precedes completion
                boolean finished = (job == null || job.isCompleted()) && splits.isDone();
                // wait at most until the oldest waiting result is due (its arrival + the interval), 100 ms at most, or
                // not at all when everything has arrived; a finishing job or split runs wake the wait (Arrival.WAKE)
                long wait = finished ? 0 : batch.isEmpty() ? 100 : Math.min(100, Math.max(0,
                        TimeUnit.NANOSECONDS.toMillis(batch.get(0).nanos() + batchMillis - System.nanoTime())));
                Arrival got = queue.poll(wait, TimeUnit.MILLISECONDS);
                if (got == Arrival.WAKE) continue; // read `finished` again
                if (got != null) {
                    batch.add(got);
                    TaskOutput t = got.output();
                    progress.record(t.ok(), t.diverged(), t.failed(), groupCost.get(t.partition()));
                }
                boolean due = !batch.isEmpty() && (batch.size() >= opt.batchTasks()
                        || System.nanoTime() - batch.get(0).nanos() >= batchMillis || (finished && queue.isEmpty()));
                if (due) {
                    interrupted |= committer.commit(batch);
                    committed++;
                    if (interrupted) break;
                }
                progress.maybePrint(false);
                if (finished && got == null && queue.isEmpty() && batch.isEmpty()) break;
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (job != null && !job.isCompleted()) job.cancel(); // interrupted, or an error on the driver: stop the executors' work too
            splits.cancel();
            interrupted |= Thread.interrupted(); // commit with a clear flag: filesystem clients fail on an interrupted thread
            queue.drainTo(batch);
            batch.removeIf(a -> a == Arrival.WAKE);
            if (!batch.isEmpty()) {
                interrupted |= committer.commit(batch);
                committed++;
            }
            committer.close();
        }
        if (interrupted) {
            progress.maybePrint(true);
            throw new InterruptedIOException("interrupted: the Spark job was cancelled; " + progress.done()
                    + " runs of this session are stored");
        }
        scala.util.Try<Object> outcome = job == null ? null : job.value().get();
        if (outcome != null && outcome.isFailure()) {
            throw new IllegalStateException("the Spark job failed (finished runs are stored; rerun to resume): "
                    + outcome.failed().get().getMessage(), outcome.failed().get());
        }
        if (splits.failure() != null) {
            throw new IllegalStateException("a Spark job of a split run failed (finished runs are stored; rerun to resume): "
                    + splits.failure().getMessage(), splits.failure());
        }
        return committed;
    }
}
