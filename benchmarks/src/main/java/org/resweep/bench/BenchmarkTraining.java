package org.resweep.bench;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.resweep.core.data.Dataset;
import org.resweep.core.data.Datasets;
import org.resweep.core.loss.DataPath;
import org.resweep.core.loss.LossModel;
import org.resweep.core.loss.MomentPath;
import org.resweep.core.net.Activation;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.Initializer;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.net.Position;
import org.resweep.core.train.HessianSchedule;
import org.resweep.core.train.Trainer;

/**
 * 1000 full-batch gradient-descent epochs of a 2-shortcut network on the embedded MNIST (N = 10,000, d = 10):
 * the work of {@code gd1000_*} in {@code benchmarks/python/torch_baseline.py}. {@code path}: {@code moment} (linear,
 * moment path), {@code data-linear} (linear, data path), {@code data-relu} / {@code data-tanh} (ReLU / tanh at mid, data
 * path).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class BenchmarkTraining {
    @Param({"10", "100"})
    public int depth;

    @Param({"moment", "data-linear", "data-relu", "data-tanh"})
    public String path;

    private LossModel model;
    private double[] w0;

    @Setup
    public void setup() {
        Dataset ds = Datasets.load("mnist10k");
        Activation act = path.equals("data-relu") ? Activation.RELU : path.equals("data-tanh") ? Activation.TANH : Activation.LINEAR;
        NetworkSpec net = new NetworkSpec(depth, 2, ds.d(), act, Set.of(Position.MID));
        model = path.equals("moment") ? new MomentPath(net, ds.moments()) : new DataPath(net, ds);
        w0 = Initializer.init(net, InitKind.SMALL, 0.01, 42L);
    }

    @Benchmark
    public double gd1000() {
        return new Trainer(model, null, null).train(w0, 0.01, 1000, HessianSchedule.NONE, false).finalLoss();
    }
}
