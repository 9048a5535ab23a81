package org.resweep.driver.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.resweep.core.train.RunConfig;
import org.resweep.core.train.RunResult;
import org.resweep.driver.results.ExecutedRun;
import org.resweep.driver.results.ResultRows;
import org.resweep.driver.results.ResultSchema;
import org.resweep.driver.results.SweepProvenance;
import org.resweep.driver.store.ParquetPartWriter;
import org.resweep.driver.store.TaskOutput;

/**
 * Executor side of a sweep task: runs every configuration of the task's groups, turns the results into rows and
 * writes them as Parquet part files (runs, checkpoints) into the sweep's staging area through the Hadoop filesystem
 * API. The names are unique per task attempt ({@code p PARTITION -a ATTEMPT -t TASK_ATTEMPT_ID}), so a failed or
 * speculative attempt never overwrites another's files; only the files the driver commits become table data.
 * Returns a {@link TaskOutput}: file names and counts, never rows.
 */
final class StagingTask implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TaskFunction fn;
    private final SerializableConf conf;
    private final String stagingDir;
    private final SweepProvenance prov;
    private final HashMap<String, Double> lStar;

    StagingTask(TaskFunction fn, SerializableConf conf, Path stagingDir, SweepProvenance prov, Map<String, Double> lStar) {
        this.fn = fn;
        this.conf = conf;
        this.stagingDir = stagingDir.toString();
        this.prov = prov;
        this.lStar = new HashMap<>(lStar);
    }

    TaskOutput run(scala.collection.Iterator<TaskGroup> groups) {
        org.resweep.driver.store.HadoopRemoteFiles.install(conf.get()); // idx: data named by Hadoop URIs
        org.resweep.driver.store.SweepPaths.fs(new org.apache.hadoop.fs.Path(stagingDir), conf.get()); // no .crc files
        List<Object[]> runs = new ArrayList<>(), checkpoints = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        int ok = 0, diverged = 0, failed = 0;
        while (groups.hasNext()) {
            TaskGroup g = groups.next();
            for (int i = 0; i < g.configs().size(); i++) {
                RunConfig c = g.configs().get(i);
                ExecutedRun e = ExecutedRun.here(runSafely(fn, c));
                Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                runs.add(ResultRows.runRow(e, prov, lStar.get(c.dataset()), now, g.attempts()[i]));
                checkpoints.addAll(ResultRows.checkpointRows(e, prov.sweepId()));
                ids.add(c.runId());
                switch (e.result().status()) {
                    case RunResult.DIVERGED -> diverged++;
                    case RunResult.FAILED -> failed++;
                    default -> ok++;
                }
            }
        }
        TaskContext tc = TaskContext.get();
        if (tc != null && tc.isInterrupted()) {
            // the job was cancelled (the driver was interrupted) while this task ran: write nothing, end quietly
            throw new org.apache.spark.TaskKilledException("the sweep was cancelled");
        }
        int partition = tc == null ? 0 : tc.partitionId();
        String name = tc == null ? "driver" : String.format("p%05d-a%d-t%d", partition, tc.attemptNumber(), tc.taskAttemptId());
        try {
            Path r = new Path(stagingDir, "runs-" + name + ".parquet");
            long bytes = ParquetPartWriter.write(conf.get(), r, ResultSchema.RUNS, runs);
            Path cp = null;
            if (!checkpoints.isEmpty()) {
                cp = new Path(stagingDir, "checkpoints-" + name + ".parquet");
                bytes += ParquetPartWriter.write(conf.get(), cp, ResultSchema.CHECKPOINTS, checkpoints);
            }
            return new TaskOutput(partition, r.toString(), cp == null ? null : cp.toString(), ids.toArray(new String[0]),
                    ok, diverged, failed, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the task's results to " + stagingDir, e);
        }
    }

    /**
     * Runs one configuration; anything it throws becomes a {@code failed} result carrying the message, so one bad
     * run never stops the sweep. (Errors of the JVM itself — out of memory — still fail the task.)
     */
    static RunResult runSafely(TaskFunction fn, RunConfig c) {
        long t0 = System.nanoTime();
        try {
            RunResult r = fn.run(c);
            if (r == null) throw new IllegalStateException("the task function returned no result");
            return r;
        } catch (RuntimeException | StackOverflowError | AssertionError | LinkageError e) {
            return failed(c, e.toString(), (System.nanoTime() - t0) / 1e9);
        }
    }

    static RunResult failed(RunConfig c, String message, double seconds) {
        return new RunResult(c, RunResult.FAILED, message, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, -1,
                new double[0], new double[0], List.of(), "", "", "", seconds);
    }
}
