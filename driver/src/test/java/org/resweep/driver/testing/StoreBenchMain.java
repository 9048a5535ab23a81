package org.resweep.driver.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.SparkSession;
import org.resweep.core.net.Activation;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.net.Position;
import org.resweep.core.train.HessianSchedule;
import org.resweep.core.train.RunConfig;
import org.resweep.driver.spark.SparkSessions;
import org.resweep.driver.spark.SweepEngine;
import org.resweep.driver.spark.SweepRun;

/**
 * Store benchmark (not a test; {@code benchmarks/store-bench.sh}): {@code StoreBenchMain hdfs|local RUNS EPOCHS
 * MIN_TASK_COST} sweeps RUNS cheap {@link FakeRuns} (curves of EPOCHS+1 doubles, two Hessian checkpoints) into a
 * MiniDFSCluster in this JVM (or a local directory) through {@link SweepRun}, and prints the commit throughput
 * (runs/s end to end: the runs themselves take microseconds) and the driver JVM's heap: peak sampled every 100 ms,
 * and after a full GC at the end.
 */
public final class StoreBenchMain {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int n = Integer.parseInt(args[1]), epochs = Integer.parseInt(args[2]);
        double minCost = Double.parseDouble(args[3]);
        List<RunConfig> grid = new ArrayList<>();
        double[] lrs = {0.5, 0.25, 0.0625, 0.03125, 0.015625};
        for (int s = 0; grid.size() < n; s++) {
            for (int d : new int[] {2, 4, 6, 8}) {
                for (int sc : new int[] {0, 1, 2}) {
                    for (double lr : lrs) {
                        if (grid.size() < n) {
                            grid.add(new RunConfig("mnist10k", new NetworkSpec(d, sc, 10, Activation.RELU, Set.of(Position.MID)),
                                    InitKind.SMALL, 0.01, lr, epochs, s, HessianSchedule.INIT_AND_END, false));
                        }
                    }
                }
            }
        }
        Path tmp = Files.createTempDirectory("store-bench");
        MiniHdfs hdfs = mode.equals("hdfs") ? new MiniHdfs(tmp.resolve("hdfs")) : null;
        String out = hdfs != null ? hdfs.uri() + "/bench" : tmp.resolve("bench").toString();
        SparkSession spark = SparkSessions.start("local[2]", "store-bench");
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        long base = mem.getHeapMemoryUsage().getUsed();
        long[] peak = {base};
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak[0] = Math.max(peak[0], mem.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        SweepRun.Outcome o = SweepRun.run(spark, out, new SweepRun.Request("bench", "bench-1", "name: bench\n",
                        SweepRun.planned(grid, FakeRuns::cost), false, false), new FakeRuns(), ds -> 0.05,
                new SweepEngine.Options(minCost, 256, 2000, null, false), s -> { });
        sampler.interrupt();
        System.gc();
        long after = mem.getHeapMemoryUsage().getUsed();
        System.out.println(String.format(Locale.ROOT,
                "store=%s runs=%d epochs=%d minTaskCost=%s tasks-batches=%d sweep=%.1f s => %.1f runs/s; heap MiB: before %.0f, "
                        + "peak %.0f, after GC %.0f (max %.0f); curves %.0f MiB",
                mode, o.summary().runs(), epochs, args[3], o.summary().batches(), o.summary().seconds(),
                o.summary().runs() / o.summary().seconds(), base / 1048576.0, peak[0] / 1048576.0, after / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0, n * 2.0 * (epochs + 1) * 8 / 1048576.0));
        spark.stop();
        if (hdfs != null) hdfs.close();
        FileUtils.deleteDirectory(tmp.toFile());
    }
}
