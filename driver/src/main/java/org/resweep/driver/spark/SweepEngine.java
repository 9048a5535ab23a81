package org.resweep.driver.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.resweep.core.train.RunConfig;
import org.resweep.driver.results.ExecutedRun;
import org.resweep.driver.results.ResultRows;
import org.resweep.driver.results.SweepProvenance;
import org.resweep.driver.store.SweepDirectory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Runs a list of configurations on Spark and commits their results into a {@link SweepDirectory} as they finish.
 *
 * <p>One job, one partition per task group ({@link TaskGrouping}; one run per task unless runs are very cheap), in
 * the given (longest-first) order — Spark launches partitions in index order. The job is submitted asynchronously
 * ({@code SparkContext.submitJob}); each finished partition's results are handed to the driver, which writes them
 * itself in small batches (every {@code batchRows} runs or {@code batchMillis}, whichever first). Executors never
 * write, so a {@code kill -9} of the driver loses only runs in flight or finished within the last batch interval.
 */
public final class SweepEngine {
    /**
     * @param minTaskCost grouping threshold ({@link TaskGrouping}); 0 = one run per task
     * @param batchRows   commit when this many runs are waiting
     * @param batchMillis commit when the oldest waiting run has waited this long
     * @param progress    where the progress line goes (null = nowhere)
     * @param terminal    redraw the progress line in place
     */
    public record Options(double minTaskCost, int batchRows, long batchMillis, PrintStream progress, boolean terminal) {
        public static Options defaults(PrintStream progress) {
            return new Options(0, 256, 2000, progress, System.console() != null);
        }
    }

    /** What a session did. */
    public record Summary(int runs, int ok, int diverged, int failed, int batches, double seconds) {}

    private final SparkSession spark;
    private final TaskFunction fn;
    private final Options opt;

    public SweepEngine(SparkSession spark, TaskFunction fn, Options opt) {
        this.spark = spark;
        this.fn = fn;
        this.opt = opt;
    }

    /**
     * Runs {@code ordered} (skipping duplicates by run id) and commits every result.
     *
     * @param ordered  runs in submission order, longest first; Not modified.
     * @param cost     cost estimate of a run (for grouping and the ETA)
     * @param lStar    L* per data set name (missing: null in the table)
     * @param skipped  runs already stored (for the progress line only)
     */
    public Summary run(SweepDirectory dir, SweepProvenance prov, List<RunConfig> ordered, ToDoubleFunction<RunConfig> cost,
                       Map<String, Double> lStar, int skipped) throws IOException {
        Map<String, RunConfig> unique = new LinkedHashMap<>();
        for (RunConfig c : ordered) unique.putIfAbsent(c.runId(), c);
        List<RunConfig> todo = new ArrayList<>(unique.values());
        double totalCost = todo.stream().mapToDouble(cost).sum();
        Progress progress = new Progress(opt.progress(), opt.terminal(), opt.terminal() ? 500 : 10_000, todo.size(),
                skipped, totalCost);
        long t0 = System.nanoTime();
        int batches = 0;
        if (!todo.isEmpty()) {
            List<TaskGroup> groups = TaskGrouping.group(todo, cost, opt.minTaskCost());
            batches = execute(dir, prov, groups, cost, lStar, progress);
        }
        progress.maybePrint(true);
        int ok = progress.done() - progress.diverged() - progress.failed();
        return new Summary(progress.done(), ok, progress.diverged(), progress.failed(), batches, (System.nanoTime() - t0) / 1e9);
    }

    private int execute(SweepDirectory dir, SweepProvenance prov, List<TaskGroup> groups, ToDoubleFunction<RunConfig> cost,
                        Map<String, Double> lStar, Progress progress) throws IOException {
        SparkContext sc = spark.sparkContext();
        JavaRDD<TaskGroup> rdd = JavaSparkContext.fromSparkContext(sc).parallelize(groups, groups.size());
        List<Object> partitions = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) partitions.add(i);
        LinkedBlockingQueue<ExecutedRun[]> queue = new LinkedBlockingQueue<>();
        sc.setJobDescription("resweep sweep " + prov.sweepId() + ": " + groups.size() + " tasks");
        SimpleFutureAction<Object> job = sc.submitJob(rdd.rdd(), new ScalaFns.RunPartition(fn),
                CollectionConverters.asScala(partitions).toSeq(), new ScalaFns.Enqueue(queue), new ScalaFns.Nothing());
        Batch batch = new Batch();
        int committed = 0;
        try {
            while (true) {
                boolean finished = job.isCompleted(); // read before polling: every handler call precedes completion
                ExecutedRun[] got = queue.poll(100, TimeUnit.MILLISECONDS);
                if (got != null) {
                    for (ExecutedRun e : got) {
                        batch.add(e, prov, lStar);
                        progress.record(e.result().status(), cost.applyAsDouble(e.result().config()));
                    }
                }
                if (batch.due(opt) || (finished && queue.isEmpty() && batch.size() > 0)) {
                    batch.commit(dir);
                    committed++;
                    batch = new Batch();
                }
                progress.maybePrint(false);
                if (finished && got == null && queue.isEmpty() && batch.size() == 0) break;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.cancel();
            throw new IOException("interrupted", e);
        } finally {
            if (!job.isCompleted()) job.cancel(); // an error on the driver: stop the executors' work too
            if (batch.size() > 0) {
                batch.commit(dir);
                committed++;
            }
        }
        scala.util.Try<Object> outcome = job.value().get();
        if (outcome.isFailure()) {
            throw new IllegalStateException("the Spark job failed (finished runs are stored; rerun to resume): "
                    + outcome.failed().get().getMessage(), outcome.failed().get());
        }
        return committed;
    }

    /** Results waiting for a commit. */
    private static final class Batch {
        private final List<Object[]> runs = new ArrayList<>();
        private final List<Object[]> checkpoints = new ArrayList<>();
        private long firstMillis;

        void add(ExecutedRun e, SweepProvenance prov, Map<String, Double> lStar) {
            if (runs.isEmpty()) firstMillis = System.currentTimeMillis();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            runs.add(ResultRows.runRow(e, prov, lStar.get(e.result().config().dataset()), now));
            checkpoints.addAll(ResultRows.checkpointRows(e, prov.sweepId()));
        }

        int size() { return runs.size(); }

        boolean due(Options o) {
            return !runs.isEmpty() && (runs.size() >= o.batchRows() || System.currentTimeMillis() - firstMillis >= o.batchMillis());
        }

        void commit(SweepDirectory dir) throws IOException { dir.commit(runs, checkpoints); }
    }

    /** L* per data set, computed once on the driver. */
    public static Map<String, Double> lStars(List<RunConfig> runs, java.util.function.Function<String, Double> lStarOf) {
        Map<String, Double> out = new HashMap<>();
        for (RunConfig c : runs) out.computeIfAbsent(c.dataset(), lStarOf);
        return out;
    }
}
