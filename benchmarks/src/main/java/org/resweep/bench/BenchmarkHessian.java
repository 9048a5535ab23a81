package org.resweep.bench;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.ejml.data.DMatrixRMaj;
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
import org.resweep.core.hessian.DataHessian;
import org.resweep.core.hessian.HessianMethod;
import org.resweep.core.hessian.MomentHessian;
import org.resweep.core.net.Activation;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.Initializer;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.net.Position;

/**
 * The exact P × P Hessian of a 2-shortcut network on the embedded MNIST at Xavier-scale weights: the work of
 * {@code hessian_*} in {@code benchmarks/python/torch_baseline.py} ({@code torch.autograd.functional.hessian}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class BenchmarkHessian {
    @Param({"10", "20"})
    public int depth;

    @Param({"moment", "data-linear", "data-relu"})
    public String path;

    private HessianMethod method;
    private double[] w;
    private DMatrixRMaj out;

    @Setup
    public void setup() {
        Dataset ds = Datasets.load("mnist10k");
        boolean relu = path.equals("data-relu");
        NetworkSpec net = new NetworkSpec(depth, 2, ds.d(), relu ? Activation.RELU : Activation.LINEAR, Set.of(Position.MID));
        method = path.equals("moment") ? new MomentHessian(net, ds.moments()) : new DataHessian(net, ds);
        w = Initializer.init(net, InitKind.SMALL, 0.5, 7L);
        out = new DMatrixRMaj(net.numParams(), net.numParams());
    }

    @Benchmark
    public DMatrixRMaj hessian() {
        return method.hessian(w, out);
    }
}
