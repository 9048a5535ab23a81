package org.resweep.driver.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.resweep.core.eig.EigenBackends;
import org.resweep.core.train.Checkpoint;
import org.resweep.core.train.CheckpointWorker;
import org.resweep.core.train.RunConfig;
import org.resweep.core.train.SplitRun;
import org.resweep.driver.results.ExecutedRun;
import org.resweep.driver.store.HadoopRemoteFiles;

/**
 * Executor side of a split run ({@link SplitRuns}): the training task, which writes the weights at every checkpoint
 * epoch into the sweep's staging area, and the checkpoint tasks, which read them back and compute the Hessians. The
 * weights travel through the sweep's filesystem (a P-vector of big-endian doubles per checkpoint: ≤ 80 kB at
 * P = 10⁴), never through the driver. Every training attempt writes its own folder, so a retried or speculative
 * attempt never mixes its files with another's.
 */
final class SplitStages implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Input of a training task: the run and the staging folder of its weights. */
    record TrainTask(RunConfig config, String runDir) implements Serializable {}

    /**
     * What a training task returns (no weights): the training stage, where its weights are, and the platform it ran on.
     *
     * @param weightsDir the attempt's folder of weight files
     * @param seconds    wall time of the task
     */
    record TrainOutput(SplitRun.Trained trained, String weightsDir, String host, String javaVersion, String ejmlVersion,
                       String osArch, double seconds) implements Serializable {}

    /** One checkpoint to compute: index among the run's checkpoints, its placeholder, its weights file. */
    record CheckpointTask(RunConfig config, int index, Checkpoint placeholder, String weightsFile) implements Serializable {}

    /** The checkpoints of one Spark task (consecutive ones of one run). */
    record CheckpointGroup(List<CheckpointTask> tasks) implements Serializable {}

    /**
     * One computed checkpoint, or its failure.
     *
     * @param checkpoint   the checkpoint (null if it failed)
     * @param failure      {@code ""}, or the failure message (as the one-task run reports it)
     * @param eigenBackend the backend that computed it
     * @param seconds      wall time
     */
    record CheckpointOutput(int index, Checkpoint checkpoint, String failure, String eigenBackend, double seconds)
            implements Serializable {}

    /** What a checkpoint task returns. */
    record CheckpointBatch(List<CheckpointOutput> outputs) implements Serializable {}

    /**
     * The driver's Hadoop configuration as a Spark broadcast: a task's closure carries only the handle, and an executor
     * deserialises the configuration once (the driver never) instead of once per task — several MB of short-lived
     * garbage per checkpoint task otherwise, and every collection it causes while the other core is inside LAPACK
     * waits for that call to end (see {@link CheckpointWorker}).
     */
    private final Broadcast<SerializableConf> conf;

    SplitStages(Broadcast<SerializableConf> conf) { this.conf = conf; }

    TrainOutput train(scala.collection.Iterator<TrainTask> it) {
        HadoopRemoteFiles.install(conf.value().get());
        TrainTask t = it.next();
        long t0 = System.nanoTime();
        TaskContext tc = TaskContext.get();
        Path dir = new Path(t.runDir(), tc == null ? "driver" : "a" + tc.attemptNumber() + "-t" + tc.taskAttemptId());
        try {
            FileSystem fs = org.resweep.driver.store.SweepPaths.fs(dir, conf.value().get()); // no .crc side files
            fs.mkdirs(dir);
            SplitRun.Trained trained = SplitRun.train(t.config(), (epoch, w) -> write(fs, weightsFile(dir, epoch), w));
            ExecutedRun here = ExecutedRun.here(null);
            return new TrainOutput(trained, dir.toString(), here.host(), here.javaVersion(), here.ejmlVersion(), here.osArch(),
                    (System.nanoTime() - t0) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the weights of run " + t.config().runId() + " to " + dir, e);
        }
    }

    CheckpointBatch checkpoints(scala.collection.Iterator<CheckpointGroup> it) {
        HadoopRemoteFiles.install(conf.value().get());
        List<CheckpointOutput> out = new ArrayList<>();
        while (it.hasNext()) {
            for (CheckpointTask c : it.next().tasks()) {
                long t0 = System.nanoTime();
                injectFault(c.placeholder().epoch());
                double[] w = read(new Path(c.weightsFile()), c.config().net().numParams());
                Checkpoint cp = null;
                String failure = "";
                String eigenName;
                try {
                    // the task thread's worker: its Hessian buffer is reused by the next checkpoint task on this thread
                    CheckpointWorker k = CheckpointWorker.forThisThread(c.config());
                    cp = k.checkpoint(c.config(), c.placeholder(), w);
                    eigenName = k.eigenName(); // the backend that computed it (a fallback when the first one failed)
                } catch (RuntimeException | OutOfMemoryError e) {
                    failure = SplitRun.failureMessage(e);
                    eigenName = EigenBackends.best().name();
                }
                out.add(new CheckpointOutput(c.index(), cp, failure, eigenName, (System.nanoTime() - t0) / 1e9));
            }
        }
        return new CheckpointBatch(out);
    }

    /**
     * Fault injection for the crash and failure tests: with the system property {@code resweep.split.faultEpoch=E}
     * the checkpoint task of epoch E fails (a Spark task failure, which Spark retries up to
     * {@code spark.task.maxFailures}; not a failed run); with {@code E:once}, only its first attempt fails.
     */
    private static void injectFault(int epoch) {
        String f = System.getProperty("resweep.split.faultEpoch");
        if (f == null || f.isEmpty()) return;
        boolean once = f.endsWith(":once");
        int at = Integer.parseInt(once ? f.substring(0, f.length() - ":once".length()) : f);
        TaskContext tc = TaskContext.get();
        if (epoch == at && (!once || tc == null || tc.attemptNumber() == 0)) {
            throw new IllegalStateException("injected fault (resweep.split.faultEpoch=" + f + ") at checkpoint epoch " + epoch);
        }
    }

    static Path weightsFile(Path dir, int epoch) { return new Path(dir, "w-" + epoch + ".bin"); }

    /**
     * Writes {@code w} without overwriting: P (int), then P doubles (big-endian: bit-exact), then the CRC-32 of
     * everything before it (long), so that a file damaged in place is refused by {@link #read} rather than read as
     * other weights (the sweep's filesystem keeps no checksum files of its own: {@code SweepPaths.noChecksums}).
     */
    static void write(FileSystem fs, Path file, double[] w) {
        CRC32 crc = new CRC32();
        try (DataOutputStream d = new DataOutputStream(new BufferedOutputStream(fs.create(file, false), 1 << 16))) {
            DataOutputStream c = new DataOutputStream(new CheckedOutputStream(d, crc));
            c.writeInt(w.length);
            for (double v : w) c.writeDouble(v);
            c.flush();
            d.writeLong(crc.getValue());
        } catch (IOException e) {
            throw new SplitRun.SinkException("cannot write the weights file " + file + ": " + e.getMessage(), e);
        }
    }

    private double[] read(Path file, int p) {
        return read(org.resweep.driver.store.SweepPaths.fs(file, conf.value().get()), file, p);
    }

    /**
     * Reads what {@link #write} wrote. Errors: {@link UncheckedIOException} if the file is missing, short, holds
     * another P, or its CRC-32 does not match (damaged in place).
     */
    static double[] read(FileSystem fs, Path file, int p) {
        CRC32 crc = new CRC32();
        try (DataInputStream raw = new DataInputStream(new BufferedInputStream(fs.open(file), 1 << 16))) {
            DataInputStream d = new DataInputStream(new CheckedInputStream(raw, crc));
            int n = d.readInt();
            if (n != p) throw new IOException("holds " + n + " weights, the network has P = " + p);
            double[] w = new double[n];
            for (int i = 0; i < n; i++) w[i] = d.readDouble();
            long expected = crc.getValue();
            if (raw.readLong() != expected) throw new IOException("its CRC-32 does not match its contents (damaged)");
            if (raw.read() != -1) throw new IOException("it is longer than P = " + p + " weights and their CRC-32");
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the weights file " + file + " (written by the run's training task): "
                    + e.getMessage(), e);
        }
    }
}
