package org.resweep.core.eig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.resweep.core.data.Datasets;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.train.HessianSchedule;
import org.resweep.core.train.RunConfig;
import org.resweep.core.train.RunResult;
import org.resweep.core.train.Runner;

/**
 * A run-time failure of {@code dsyevd_2stage} (forced through {@link LapackTwoStageEigen#forcedInfo}: the routine runs,
 * then reports {@code info ≠ 0}) sends the matrix to {@code dsyevd}, then EJML, and the run records the backend that
 * computed its spectra. Skipped where the two-stage routine or native {@code dsyevd} is absent.
 */
class FallbackEigenTest {
    private static final LapackTwoStageEigen TWO = LapackTwoStageEigen.defaultOrNull();
    private static final LapackEigen ONE = LapackEigen.nativeOrNull();

    private static void assumeNative() {
        Assumptions.assumeTrue(TWO != null && ONE != null, "dsyevd_2stage or native dsyevd not loadable here");
    }

    @AfterEach
    void unforce() { LapackTwoStageEigen.forcedInfo = 0; }

    private static void assertSameBits(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]), what + ", eigenvalue " + i);
        }
    }

    @Test
    void aFailedTwoStageCallIsRetriedWithDsyevd() {
        assumeNative();
        DMatrixRMaj a = EigenTestMatrices.randomSymmetric(200, 7);
        EigenBackend best = EigenBackends.best();
        assertEquals(TWO.name(), best.name(), "before any call: the two-stage routine");
        double[] two = best.eigenvalues(a.copy());
        assertSameBits(TWO.eigenvalues(a.copy()), two, "the usual path is the two-stage routine's");
        assertEquals(TWO.name(), best.name());

        LapackTwoStageEigen.forcedInfo = 3;
        assertThrows(IllegalStateException.class, () -> TWO.eigenvalues(a.copy()), "the hook fails the routine itself");
        double[] retried = best.eigenvalues(a.copy());
        assertSameBits(ONE.eigenvalues(a.copy()), retried, "dsyevd's result");
        assertEquals(ONE.name(), best.lastUsed());
        assertEquals(TWO.name() + "," + ONE.name(), best.name(), "both recorded: sorted, comma-separated");
        assertEquals(TWO.name() + "," + ONE.name(), String.join(",", new java.util.TreeSet<>(List.of(ONE.name(), TWO.name()))),
                "the same string a split run joins from its checkpoints' names");
    }

    /** A run whose every two-stage call fails is ok, with dsyevd's spectra, and records dsyevd as its backend. */
    @Test
    void aRunRecordsTheBackendThatComputedItsSpectra() {
        assumeNative();
        RunConfig cfg = new RunConfig(Datasets.EMBEDDED, NetworkSpec.linear(3, 0, 10), InitKind.XAVIER, 1.0, 0.01, 5, 0,
                HessianSchedule.INIT_AND_END, true);
        RunResult dsyevd = Runner.run(cfg, EigenBackends.byName("lapack"));
        LapackTwoStageEigen.forcedInfo = 1;
        RunResult r = Runner.run(cfg);
        assertEquals(RunResult.OK, r.status(), r.message());
        assertEquals(ONE.name(), r.eigenBackend());
        assertEquals(2, r.checkpoints().size());
        for (int i = 0; i < 2; i++) assertSameBits(dsyevd.checkpoints().get(i).spectrum(), r.checkpoints().get(i).spectrum(), "checkpoint " + i);
        RunResult named = Runner.run(cfg, EigenBackends.byName("lapack-2stage"));
        assertEquals(RunResult.FAILED, named.status(), "a backend asked for by name has no fallback");
    }

    /**
     * After the first backend, a backend that destroys its input gets a copy: here a native failure (JNA reports one as
     * {@link Error}) after overwriting the matrix, and EJML still computes the right spectrum. Every backend failing is
     * one error naming each.
     */
    @Test
    void thenEjmlOnAnIntactMatrixAndOneErrorWhenEveryBackendFails() {
        EigenBackend destroysThenFails = new EigenBackend() {
            @Override public String name() { return "native-stand-in"; }

            @Override public double[] eigenvalues(DMatrixRMaj a) {
                java.util.Arrays.fill(a.data, Double.NaN);
                throw new Error("Invalid memory access");
            }
        };
        EigenBackend failsCleanly = new EigenBackend() {
            @Override public String name() { return "first-stand-in"; }

            @Override public double[] eigenvalues(DMatrixRMaj a) { throw new IllegalStateException("info = 2"); }
        };
        DMatrixRMaj a = new DMatrixRMaj(3, 3, true, 2, 0, 0, 0, 3, 1, 0, 1, 3); // eigenvalues 2, 2, 4
        FallbackEigen f = new FallbackEigen(List.of(failsCleanly, destroysThenFails, new EjmlEigen()));
        assertArrayEquals(new double[] {2, 2, 4}, f.eigenvalues(a), 1e-14);
        assertEquals(EjmlEigen.NAME, f.name());

        EigenBackend ejmlFails = new EigenBackend() {
            @Override public String name() { return "last-stand-in"; }

            @Override public double[] eigenvalues(DMatrixRMaj m) { throw new IllegalStateException("no convergence"); }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new FallbackEigen(List.of(failsCleanly, destroysThenFails, ejmlFails)).eigenvalues(a.copy()));
        assertTrue(e.getMessage().contains("first-stand-in: IllegalStateException info = 2") && e.getMessage().contains("native-stand-in: Error "
                + "Invalid memory access") && e.getMessage().contains("last-stand-in"), e.getMessage());
        DMatrixRMaj nan = a.copy();
        nan.set(1, 2, Double.NaN);
        assertThrows(IllegalArgumentException.class, () -> new FallbackEigen(List.of(new EjmlEigen(), ejmlFails)).eigenvalues(nan),
                "a non-finite matrix is the input's fault: not retried");
    }
}
