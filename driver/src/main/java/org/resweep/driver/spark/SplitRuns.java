package org.resweep.driver.spark;

import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.ToIntFunction;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.resweep.core.train.Checkpoint;
import org.resweep.core.train.RunResult;
import org.resweep.core.train.SplitRun;
import org.resweep.driver.results.ExecutedRun;
import org.resweep.driver.results.ResultRows;
import org.resweep.driver.results.ResultSchema;
import org.resweep.driver.results.SweepProvenance;
import org.resweep.driver.spec.PlannedRun;
import org.resweep.driver.store.ParquetPartWriter;
import org.resweep.driver.store.TaskOutput;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Driver side of the runs a sweep splits ({@link org.resweep.driver.spec.SplitPolicy}): per run, a Spark job of one
 * training task ({@link SplitStages#train}); when it is done, a job of its checkpoint tasks (consecutive checkpoints
 * packed up to the sweep's minimum task cost, one per task otherwise); when they are all done, the run's rows —
 * built by the same code as a one-task run's ({@link SplitRun#assemble}, {@link ResultRows}) — are written into the
 * staging area as one runs file and one checkpoints file and handed to the engine's commit queue as an ordinary
 * {@link TaskOutput}. So a split run becomes visible in one commit batch, run row and checkpoint rows together,
 * exactly like a one-task run: until then nothing of it is in the tables, a {@code kill -9} loses it (the staging
 * area is emptied on the next open) and the resumed sweep runs it again from the start.
 *
 * <p>Scheduling: the first training jobs are submitted before the sweep's main job, so Spark's FIFO scheduler starts
 * them first (they are on the split runs' critical path); checkpoint jobs are submitted as trainings finish and get
 * free cores once the jobs submitted before them have no task waiting. At most twice the default parallelism of split
 * runs are in flight at once (trained, not yet handed over), which bounds the driver's memory and the weight files
 * in the staging area; the next training is submitted as one finishes. A failed Spark job of a split run (a task failed
 * more than {@code spark.task.maxFailures} times) leaves the run unstored and is reported by {@link #failure()};
 * a checkpoint that throws inside the numerics is not a task failure but makes the run {@code failed}, as in one task.
 *
 * <p>The coordination runs on one daemon thread that wakes when one of its jobs completes (and once a second in any
 * case); results of checkpoint tasks (their statistics, and spectra or weights where the run stores them) come back to
 * it as task results. When the last split run is handed over it wakes the engine's committing loop
 * ({@link SweepEngine.Arrival#WAKE}).
 */
final class SplitRuns implements AutoCloseable {
    private enum Stage { PENDING, TRAIN, CHECKPOINTS, DONE }

    private static final class State {
        final PlannedRun run;
        final int attempt;
        final int partition;
        final Path runDir;
        Stage stage = Stage.PENDING;
        volatile SimpleFutureAction<Object> job;
        final AtomicReference<SplitStages.TrainOutput> trained = new AtomicReference<>();
        AtomicReferenceArray<SplitStages.CheckpointOutput> outputs;

        State(PlannedRun run, int attempt, int partition, Path runDir) {
            this.run = run;
            this.attempt = attempt;
            this.partition = partition;
            this.runDir = runDir;
        }
    }

    private final SparkContext sc;
    private final SerializableConf conf;
    private final SplitStages stages;
    private final Broadcast<SerializableConf> confBroadcast;
    private final Path stagingDir;
    private final SweepProvenance prov;
    private final Map<String, Double> lStar;
    private final double minTaskCost;
    private final BlockingQueue<SweepEngine.Arrival> sink;
    private final List<State> states = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Split runs between the submission of their training and their hand-over: bounds the driver's memory (each
     *  holds its curves and checkpoint results) and the staging area (each holds C weight files). */
    private final int window;
    /** Released when a job of a split run completes: wakes the coordinating thread. */
    private final java.util.concurrent.Semaphore completions = new java.util.concurrent.Semaphore(0);
    private volatile boolean done;
    private volatile boolean cancelled;
    private Thread thread;

    /**
     * @param runs           the runs to split, in submission order; Not modified.
     * @param attempt        the attempt number of a run's row
     * @param firstPartition partition number of the first run's {@link TaskOutput} (the next runs count up)
     * @param minTaskCost    pack consecutive checkpoints of a run into tasks of at least this estimated cost
     * @param sink           where finished runs' outputs go (the engine's commit queue)
     */
    SplitRuns(SparkContext sc, SerializableConf conf, Path stagingDir, SweepProvenance prov, Map<String, Double> lStar,
              List<PlannedRun> runs, ToIntFunction<String> attempt, int firstPartition, double minTaskCost,
              BlockingQueue<SweepEngine.Arrival> sink) {
        this.sc = sc;
        this.conf = conf;
        this.confBroadcast = runs.isEmpty() ? null : JavaSparkContext.fromSparkContext(sc).broadcast(conf);
        this.stages = new SplitStages(confBroadcast);
        this.stagingDir = stagingDir;
        this.prov = prov;
        this.lStar = new HashMap<>(lStar);
        this.minTaskCost = minTaskCost;
        this.sink = sink;
        this.window = Math.max(2, 2 * sc.defaultParallelism());
        for (PlannedRun p : runs) {
            String id = p.config().runId();
            states.add(new State(p, attempt.applyAsInt(id), firstPartition + states.size(), new Path(stagingDir, "split-" + id)));
        }
        done = states.isEmpty();
    }

    /**
     * Submits the first training jobs — up to twice the default parallelism; the next ones as split runs finish —
     * (call before the sweep's main job) and starts the coordinating thread.
     */
    void start() {
        if (states.isEmpty()) return;
        for (int i = 0; i < Math.min(window, states.size()); i++) submitTraining(states.get(i));
        thread = new Thread(this::loop, "resweep-split");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether every split run was handed to the sink or failed (vacuously true without split runs). */
    boolean isDone() { return done; }

    /** The first Spark job failure of a split run (its run is not stored), or null. */
    Throwable failure() { return failure.get(); }

    /** Cancels the split runs' jobs and stops the coordinating thread (outputs already handed over stay). */
    void cancel() {
        cancelled = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (State s : states) {
            SimpleFutureAction<Object> j = s.job;
            if (j != null && !j.isCompleted()) j.cancel();
        }
        if (confBroadcast != null) {
            try {
                confBroadcast.destroy(); // frees the executors' copies; a late task of a cancelled job just fails
            } catch (RuntimeException ignored) {
                // already destroyed, or the context stopped
            }
        }
    }

    @Override
    public void close() { cancel(); }

    // ------------------------------------------------------------------------------------------ coordination

    private void loop() {
        try {
            while (!cancelled) {
                for (State s : states) {
                    if ((s.stage != Stage.TRAIN && s.stage != Stage.CHECKPOINTS) || !s.job.isCompleted()) continue;
                    scala.util.Try<Object> outcome = s.job.value().get();
                    try {
                        if (outcome.isFailure()) {
                            failed(s, outcome.failed().get());
                        } else if (s.stage == Stage.TRAIN) {
                            afterTraining(s);
                        } else {
                            finish(s);
                        }
                    } catch (IOException | RuntimeException e) {
                        failed(s, e);
                    }
                }
                int inFlight = 0;
                boolean active = false;
                for (State s : states) {
                    if (s.stage == Stage.TRAIN || s.stage == Stage.CHECKPOINTS) inFlight++;
                    active |= s.stage != Stage.DONE;
                }
                for (State s : states) {
                    if (s.stage == Stage.PENDING && inFlight < window) {
                        submitTraining(s);
                        inFlight++;
                    }
                }
                if (!active) break;
                // until a job completes (one second at most: a safety net, a completion is never missed)
                if (completions.tryAcquire(1, java.util.concurrent.TimeUnit.SECONDS)) completions.drainPermits();
            }
        } catch (InterruptedException e) {
            // cancelled
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        } finally {
            done = true;
            sink.add(SweepEngine.Arrival.WAKE);
        }
    }

    private void failed(State s, Throwable e) {
        s.stage = Stage.DONE;
        failure.compareAndSet(null, new IllegalStateException("split run " + s.run.config().runId() + ": " + e.getMessage(), e));
        deleteQuietly(s.runDir);
    }

    private void submitTraining(State s) {
        SplitStages.TrainTask t = new SplitStages.TrainTask(s.run.config(), s.runDir.toString());
        sc.setJobDescription("resweep sweep " + prov.sweepId() + ": training of split run " + s.run.config().runId());
        s.job = submit(List.of(t), new TrainFn(stages), (i, out) -> s.trained.set(out));
        s.stage = Stage.TRAIN;
    }

    private void afterTraining(State s) throws IOException {
        SplitStages.TrainOutput o = s.trained.get();
        List<Checkpoint> marks = RunResult.FAILED.equals(o.trained().partial().status()) ? List.of() : o.trained().checkpoints();
        s.outputs = new AtomicReferenceArray<>(marks.size());
        if (marks.isEmpty()) {
            finish(s);
            return;
        }
        int per = perTask(s.run, marks.size());
        List<SplitStages.CheckpointGroup> groups = new ArrayList<>();
        for (int from = 0; from < marks.size(); from += per) {
            List<SplitStages.CheckpointTask> g = new ArrayList<>();
            for (int i = from; i < Math.min(marks.size(), from + per); i++) {
                Checkpoint m = marks.get(i);
                g.add(new SplitStages.CheckpointTask(s.run.config(), i, m,
                        SplitStages.weightsFile(new Path(o.weightsDir()), m.epoch()).toString()));
            }
            groups.add(new SplitStages.CheckpointGroup(g));
        }
        sc.setJobDescription("resweep sweep " + prov.sweepId() + ": " + marks.size() + " Hessian checkpoints of split run "
                + s.run.config().runId() + " (" + groups.size() + " tasks)");
        s.stage = Stage.CHECKPOINTS;
        s.job = submit(groups, new CheckpointFn(stages), (i, batch) -> {
            for (SplitStages.CheckpointOutput c : batch.outputs()) s.outputs.set(c.index(), c);
        });
    }

    /** Checkpoints per task: enough that a task's estimated cost reaches {@code minTaskCost} (1 without estimates). */
    private int perTask(PlannedRun p, int count) {
        double each = p.hessianCost() / Math.max(1, p.config().hessian().count(p.config().epochs()));
        if (minTaskCost <= 0 || each <= 0) return 1;
        return (int) Math.max(1, Math.min(count, Math.ceil(minTaskCost / each)));
    }

    /** Assembles the run's rows, stages them as one runs and one checkpoints file, and hands them to the sink. */
    private void finish(State s) throws IOException {
        SplitStages.TrainOutput o = s.trained.get();
        int n = s.outputs.length();
        Checkpoint[] cps = new Checkpoint[n];
        String[] failures = new String[n];
        TreeSet<String> backends = new TreeSet<>();
        double seconds = o.seconds();
        for (int i = 0; i < n; i++) {
            SplitStages.CheckpointOutput c = s.outputs.get(i);
            if (c == null) throw new IllegalStateException("split run " + s.run.config().runId() + ": no result for checkpoint " + i);
            cps[i] = c.checkpoint();
            failures[i] = c.failure();
            backends.add(c.eigenBackend());
            seconds += c.seconds();
        }
        RunResult r = SplitRun.assemble(o.trained(), Arrays.asList(cps), Arrays.asList(failures), String.join(",", backends),
                seconds);
        ExecutedRun e = new ExecutedRun(r, o.host(), o.javaVersion(), o.ejmlVersion(), o.osArch());
        String id = r.config().runId();
        Object[] row = ResultRows.runRow(e, prov, lStar.get(r.config().dataset()), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                s.attempt);
        List<Object[]> cpRows = ResultRows.checkpointRows(e, prov.sweepId());
        Path runs = new Path(stagingDir, "runs-split-" + id + ".parquet");
        long bytes = ParquetPartWriter.write(conf.get(), runs, ResultSchema.RUNS, List.<Object[]>of(row));
        Path cpFile = null;
        if (!cpRows.isEmpty()) {
            cpFile = new Path(stagingDir, "checkpoints-split-" + id + ".parquet");
            bytes += ParquetPartWriter.write(conf.get(), cpFile, ResultSchema.CHECKPOINTS, cpRows);
        }
        String status = r.status();
        sink.add(new SweepEngine.Arrival(new TaskOutput(s.partition, runs.toString(), cpFile == null ? null : cpFile.toString(), new String[] {id},
                RunResult.OK.equals(status) ? 1 : 0, RunResult.DIVERGED.equals(status) ? 1 : 0,
                RunResult.FAILED.equals(status) ? 1 : 0, bytes), System.nanoTime()));
        s.stage = Stage.DONE;
        deleteQuietly(s.runDir);
    }

    private void deleteQuietly(Path p) {
        try {
            p.getFileSystem(conf.get()).delete(p, true); // resweep's own staging files (the weights)
        } catch (IOException | RuntimeException ignored) {
            // the staging area is emptied when the sweep directory is closed or opened again
        }
    }

    private <T, U> SimpleFutureAction<Object> submit(List<T> items, AbstractFunction1<Iterator<T>, U> fn, Handler<U> handler) {
        JavaRDD<T> rdd = JavaSparkContext.fromSparkContext(sc).parallelize(items, items.size());
        List<Object> partitions = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) partitions.add(i);
        SimpleFutureAction<Object> job = sc.submitJob(rdd.rdd(), fn, CollectionConverters.asScala(partitions).toSeq(),
                new Collect<>(handler), new ScalaFns.Nothing());
        ScalaFns.onComplete(job, completions::release);
        return job;
    }

    @FunctionalInterface
    private interface Handler<U> {
        void accept(int partition, U result);
    }

    /** Driver side: hands each finished partition's result to the run's state (runs on Spark's scheduler thread). */
    private static final class Collect<U> extends AbstractFunction2<Object, U, BoxedUnit> {
        private final Handler<U> handler;

        Collect(Handler<U> handler) { this.handler = handler; }

        @Override
        public BoxedUnit apply(Object partition, U result) {
            handler.accept((Integer) partition, result);
            return BoxedUnit.UNIT;
        }
    }

    private static final class TrainFn extends AbstractFunction1<Iterator<SplitStages.TrainTask>, SplitStages.TrainOutput>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final SplitStages stages;

        TrainFn(SplitStages stages) { this.stages = stages; }

        @Override
        public SplitStages.TrainOutput apply(Iterator<SplitStages.TrainTask> it) { return stages.train(it); }
    }

    private static final class CheckpointFn
            extends AbstractFunction1<Iterator<SplitStages.CheckpointGroup>, SplitStages.CheckpointBatch> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final SplitStages stages;

        CheckpointFn(SplitStages stages) { this.stages = stages; }

        @Override
        public SplitStages.CheckpointBatch apply(Iterator<SplitStages.CheckpointGroup> it) { return stages.checkpoints(it); }
    }
}
