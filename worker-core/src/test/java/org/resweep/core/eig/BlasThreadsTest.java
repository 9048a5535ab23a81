package org.resweep.core.eig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * A user's {@code OPENBLAS_NUM_THREADS} does not change a spectrum's bits: each JVM forces one OpenBLAS thread before
 * its first native eigen call ({@link BlasThreads}). Checked in fresh JVMs (the setting is per process and read by
 * OpenBLAS when it loads), on a 1600 × 1600 matrix, large enough that 2 threads change the last bits.
 */
class BlasThreadsTest {

    static final int N = 1600;

    @Test
    void spectrumBitsDoNotDependOnOpenblasNumThreads() throws Exception {
        assumeTrue(LapackTwoStageEigen.defaultOrNull() != null || LapackEigen.nativeOrNull() != null,
                "no native LAPACK here: EJML only, single-threaded");
        assumeTrue(BlasThreads.forceOne() == 1, "the native LAPACK is not OpenBLAS");

        String[] one = probe("1", false);
        String[] two = probe("2", false);
        assertEquals("1", one[0], "OpenBLAS threads after forceOne, OPENBLAS_NUM_THREADS=1");
        assertEquals("1", two[0], "OpenBLAS threads after forceOne, OPENBLAS_NUM_THREADS=2");
        assertEquals(one[1], two[1], "backend name");
        assertEquals(one[2], two[2], "spectrum bits with OPENBLAS_NUM_THREADS=2");

        // Why it matters: the same call with 2 threads set back after forceOne gives other bits.
        String[] raw = probe("2", true);
        assumeTrue("2".equals(raw[0]), "OpenBLAS here cannot run 2 threads: nothing to compare");
        assertNotEquals(one[2], raw[2], "2 OpenBLAS threads should change some last bits at n = " + N);
    }

    /** Runs {@link Probe} in a fresh JVM; returns its threads, backend name and spectrum hash. */
    static String[] probe(String threads, boolean twoThreadsAfterForce) throws IOException, InterruptedException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                Probe.class.getName()));
        if (twoThreadsAfterForce) cmd.add("raw2");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OPENBLAS_NUM_THREADS", threads);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "probe hangs");   // a hang guard, not a speed limit
        assertEquals(0, p.exitValue(), out);
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        String[] f = last.split(" ");
        assertEquals(3, f.length, out);
        return f;
    }

    /** Prints "THREADS BACKEND HASH" for the spectrum of a fixed random symmetric matrix. */
    public static final class Probe {
        public static void main(String[] args) {
            EigenBackend b = EigenBackends.best();
            if (args.length > 0 && args[0].equals("raw2")) {
                NativeLibrary.getInstance(LapackTwoStageEigen.defaultLibrary()).getFunction(BlasThreads.SET)
                        .invokeVoid(new Object[] {2});
            }
            int threads = NativeLibrary.getInstance(LapackTwoStageEigen.defaultLibrary()).getFunction(BlasThreads.GET)
                    .invokeInt(new Object[0]);
            SplittableRandom r = new SplittableRandom(20261201L);
            DMatrixRMaj a = new DMatrixRMaj(N, N);
            for (int i = 0; i < N; i++) {
                for (int j = 0; j <= i; j++) {
                    double v = r.nextDouble() - 0.5;
                    a.set(i, j, v);
                    a.set(j, i, v);
                }
            }
            double[] lambda = b.eigenvalues(a);
            long[] bits = new long[lambda.length];
            for (int i = 0; i < lambda.length; i++) bits[i] = Double.doubleToRawLongBits(lambda[i]);
            System.out.println(threads + " " + b.name() + " " + Long.toHexString(Arrays.hashCode(bits)));
        }
    }
}
