package org.resweep.bench;

import java.util.concurrent.TimeUnit;

import org.ejml.data.DMatrixRMaj;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.resweep.core.eig.EigenBackend;
import org.resweep.core.eig.EigenBackends;
import org.resweep.core.util.DeterministicRandom;

/**
 * All eigenvalues of a random symmetric n × n matrix — the work of {@code eigvalsh_4000} in
 * {@code benchmarks/python/torch_baseline.py} ({@code numpy.linalg.eigvalsh}). {@code backend}: {@code lapack}
 * (native {@code dsyevd}), {@code lapack-2stage} (native {@code dsyevd_2stage}, resweep's default where present;
 * both skipped with an error when absent) or {@code ejml}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class BenchmarkEigen {
    @Param({"4000"})
    public int n;

    @Param({"lapack", "lapack-2stage"})
    public String backend;

    private EigenBackend eigen;
    private double[] source;
    private DMatrixRMaj a;

    @Setup
    public void setup() {
        eigen = EigenBackends.byName(backend);
        DeterministicRandom r = new DeterministicRandom(0);
        source = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) {
                double v = r.nextGaussian();
                source[i * n + j] = v;
                source[j * n + i] = v;
            }
        a = new DMatrixRMaj(n, n);
    }

    @Setup(Level.Invocation)
    public void fresh() {
        System.arraycopy(source, 0, a.data, 0, source.length); // backends may destroy their input
    }

    @Benchmark
    public double[] eigenvalues() {
        return eigen.eigenvalues(a);
    }
}
