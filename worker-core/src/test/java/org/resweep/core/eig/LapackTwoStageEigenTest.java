package org.resweep.core.eig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.resweep.core.data.Datasets;
import org.resweep.core.hessian.MomentHessian;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.Initializer;
import org.resweep.core.net.NetworkSpec;

/**
 * The two-stage backend ({@code dsyevd_2stage} through JNA) against the one-stage {@code dsyevd} and EJML, its
 * determinism, and the fallback chain of {@link EigenBackends#best()} when the routine or the library is missing.
 * Skipped where the native library lacks the routine (the fallback tests still run).
 */
class LapackTwoStageEigenTest {
    private static final LapackTwoStageEigen TWO = LapackTwoStageEigen.defaultOrNull();

    private static LapackTwoStageEigen twoStage() {
        Assumptions.assumeTrue(TWO != null, LapackTwoStageEigen.SYMBOL + " not loadable here");
        return TWO;
    }

    /** A real Hessian: linear plain net, depth 6, width 10 (P = 600), Xavier init, on the embedded MNIST sample. */
    private static DMatrixRMaj realHessian() {
        NetworkSpec net = NetworkSpec.linear(6, 0, 10);
        double[] w = Initializer.init(net, InitKind.XAVIER, 1.0, 3);
        int p = net.numParams();
        return new MomentHessian(net, Datasets.load(Datasets.EMBEDDED).moments()).hessian(w, new DMatrixRMaj(p, p));
    }

    @Test
    void agreesWithDsyevdAndEjml() {
        LapackTwoStageEigen two = twoStage();
        // n = 600 exceeds the band width kd (≤ 64 for dsytrd_2stage), so both stages run; n = 300 random, and the
        // rotated diagonal with repeated and zero eigenvalues of EigenBackendTest at a size past kd.
        double[] eigs = new double[200];
        for (int i = 0; i < eigs.length; i++) eigs[i] = (i % 3 == 0 ? 0.0 : (i % 2 == 0 ? 1 : -1) * (1 + i % 5));
        DMatrixRMaj[] cases = {realHessian(), EigenTestMatrices.randomSymmetric(300, 11),
            EigenTestMatrices.rotatedDiagonal(eigs, 5)};
        for (DMatrixRMaj a : cases) {
            double tol = EigenTolerances.EIG_REL * EigenTestMatrices.frobenius(a);
            double[] ejml = new EjmlEigen().eigenvalues(a.copy());
            DMatrixRMaj input = a.copy();
            double[] got = two.eigenvalues(input);
            assertArrayEquals(a.data, input.data, 0.0, "input not modified");
            for (int i = 1; i < got.length; i++) assertTrue(got[i - 1] <= got[i], "ascending at " + i);
            assertArrayEquals(ejml, got, tol, "two-stage vs EJML, n = " + a.numRows);
            LapackEigen one = LapackEigen.nativeOrNull();
            if (one != null) assertArrayEquals(one.eigenvalues(a.copy()), got, tol, "two-stage vs dsyevd, n = " + a.numRows);
        }
    }

    @Test
    void sameInputSameBits() {
        LapackTwoStageEigen two = twoStage();
        DMatrixRMaj a = realHessian();
        double[] first = two.eigenvalues(a);
        double[] again = two.eigenvalues(a.copy());
        for (int i = 0; i < first.length; i++) {
            assertEquals(Double.doubleToRawLongBits(first[i]), Double.doubleToRawLongBits(again[i]), "eigenvalue " + i);
        }
    }

    @Test
    void bestIsTwoStageWhenPresent() {
        LapackTwoStageEigen two = twoStage();
        assertTrue(two.name().startsWith("lapack-native-2stage"), two.name());
        assertEquals(two.name(), EigenBackends.best().name());
        assertSame(two, EigenBackends.byName("lapack-2stage"));
    }

    @Test
    void missingSymbolOrLibraryFallsBackToDsyevdThenEjml() {
        assertNull(LapackTwoStageEigen.load(LapackTwoStageEigen.defaultLibrary(), "dsyevd_2stage_not_exported_"));
        assertNull(LapackTwoStageEigen.load("liblapack-not-installed.so.3", LapackTwoStageEigen.SYMBOL));
        LapackEigen one = LapackEigen.nativeOrNull();
        EigenBackend fallback = EigenBackends.pick(LapackTwoStageEigen.load(LapackTwoStageEigen.defaultLibrary(),
                "dsyevd_2stage_not_exported_"), one);
        if (one != null) {
            assertSame(one, fallback);
            assertTrue(fallback.name().startsWith("lapack-native") && !fallback.name().startsWith("lapack-native-2stage"),
                    fallback.name());
        } else {
            assertEquals(EjmlEigen.NAME, fallback.name());
        }
        EigenBackend none = EigenBackends.pick(null, null);
        assertEquals(EjmlEigen.NAME, none.name());
        // The fallback computes: a 3 × 3 with eigenvalues 2 and 3 ± 1.
        DMatrixRMaj a = new DMatrixRMaj(3, 3, true, 2, 0, 0, 0, 3, 1, 0, 1, 3);
        assertArrayEquals(new double[] {2, 2, 4}, fallback.eigenvalues(a), 1e-14);
    }

    @Test
    void namedTwoStageMissingIsAnErrorNamingTheAlternatives() {
        Assumptions.assumeTrue(TWO == null, "two-stage present here");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EigenBackends.byName("lapack-2stage"));
        assertTrue(e.getMessage().contains("lapack-2stage") && e.getMessage().contains("ejml"), e.getMessage());
    }

    @Test
    void loadedFromTheLibraryNetlibUses() {
        assertNotNull(LapackTwoStageEigen.defaultLibrary());
        String saved = System.getProperty("dev.ludovic.netlib.lapack.nativeLibPath");
        try {
            System.setProperty("dev.ludovic.netlib.lapack.nativeLibPath", "/opt/lapack/liblapack.so.3");
            assertEquals("/opt/lapack/liblapack.so.3", LapackTwoStageEigen.defaultLibrary());
        } finally {
            if (saved == null) System.clearProperty("dev.ludovic.netlib.lapack.nativeLibPath");
            else System.setProperty("dev.ludovic.netlib.lapack.nativeLibPath", saved);
        }
    }
}
