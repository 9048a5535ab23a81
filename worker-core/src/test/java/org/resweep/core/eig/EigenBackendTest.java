package org.resweep.core.eig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.ludovic.netlib.lapack.JavaLAPACK;

/**
 * Every backend against known spectra and against each other. The pure-Java LAPACK ({@code lapack-java}) runs
 * the very {@code dsyevd} call path of {@link LapackEigen} on machines without native LAPACK; native tests are
 * skipped there.
 */
class EigenBackendTest {
    private static final boolean NATIVE = LapackEigen.nativeAvailable();

    private static List<EigenBackend> backends() {
        List<EigenBackend> all = new ArrayList<>(List.of(new EjmlEigen(), new LapackEigen(JavaLAPACK.getInstance())));
        if (NATIVE) all.add(LapackEigen.nativeOrNull());
        if (LapackTwoStageEigen.defaultOrNull() != null) all.add(LapackTwoStageEigen.defaultOrNull());
        return all;
    }

    @Test
    void diagonalSpectrumSortedAscending() {
        double[] diag = {3.5, -2.0, 0.0, 7.25, -2.0, 1e-3, -11.0};
        for (EigenBackend b : backends()) {
            DMatrixRMaj a = new DMatrixRMaj(diag.length, diag.length);
            for (int i = 0; i < diag.length; i++) a.set(i, i, diag[i]);
            double[] expect = diag.clone();
            Arrays.sort(expect);
            double tol = EigenTolerances.EIG_REL * EigenTestMatrices.frobenius(a);
            assertArrayEquals(expect, b.eigenvalues(a), tol, b.name());
        }
    }

    @Test
    void rotatedDiagonalWithRepeatedValues() {
        int n = 60; // ±σ_j repeated, as docs/model.md §6 n = 2, plus exact zeros
        double[] eigs = new double[n];
        for (int i = 0; i < n; i++) eigs[i] = (i % 3 == 0 ? 0.0 : (i % 2 == 0 ? 1 : -1) * (1 + i % 5));
        double[] expect = eigs.clone();
        Arrays.sort(expect);
        for (EigenBackend b : backends()) {
            DMatrixRMaj a = EigenTestMatrices.rotatedDiagonal(eigs, 42);
            double tol = EigenTolerances.EIG_REL * EigenTestMatrices.frobenius(a);
            assertArrayEquals(expect, b.eigenvalues(a), tol, b.name());
        }
    }

    @Test
    void backendsAgreeOnRandomSymmetric() {
        for (int n : new int[] {50, 300}) {
            DMatrixRMaj a = EigenTestMatrices.randomSymmetric(n, 7 + n);
            double tol = EigenTolerances.EIG_REL * EigenTestMatrices.frobenius(a);
            double trace = 0;
            for (int i = 0; i < n; i++) trace += a.get(i, i);
            double[] ref = new EjmlEigen().eigenvalues(a.copy());
            assertSorted(ref);
            assertEquals(trace, sum(ref), tol, "trace = Σλ");
            for (EigenBackend b : backends()) {
                double[] got = b.eigenvalues(a.copy());
                assertSorted(got);
                assertArrayEquals(ref, got, tol, b.name() + " n=" + n);
            }
        }
    }

    @Test
    void nativeIsChosenWhenPresent() {
        Assumptions.assumeTrue(NATIVE, "native LAPACK not loadable here");
        assertTrue(EigenBackends.best().name().startsWith("lapack-native"), EigenBackends.best().name());
        String lapack = EigenBackends.byName("lapack").name(); // dsyevd, the one-stage routine
        assertTrue(lapack.startsWith("lapack-native") && !lapack.startsWith("lapack-native-2stage"), lapack);
    }

    @Test
    void byNameAndNames() {
        assertEquals("ejml", EigenBackends.ejml().name());
        assertEquals("ejml", EigenBackends.byName(" EJML ").name());
        assertEquals(EigenBackends.best().name(), EigenBackends.byName("auto").name());
        String best = LapackTwoStageEigen.defaultOrNull() != null ? "lapack-native-2stage" : NATIVE ? "lapack-native" : "ejml";
        assertEquals(best, EigenBackends.best().name().replaceAll(":.*", ""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EigenBackends.byName("magma"));
        assertTrue(e.getMessage().contains("magma") && e.getMessage().contains("allowed"), e.getMessage());
        if (!NATIVE) assertThrows(IllegalArgumentException.class, () -> EigenBackends.byName("lapack"));
        assertTrue(new LapackEigen(JavaLAPACK.getInstance()).name().startsWith("lapack-java"));
    }

    @Test
    void emptyAndOneByOne() {
        for (EigenBackend b : backends()) {
            assertEquals(0, b.eigenvalues(new DMatrixRMaj(0, 0)).length, b.name());
            assertArrayEquals(new double[] {-4.5}, b.eigenvalues(new DMatrixRMaj(1, 1, true, -4.5)), 0.0, b.name());
        }
    }

    @Test
    void nonFiniteOrNonSquareInputIsRejected() {
        for (EigenBackend b : backends()) {
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
                DMatrixRMaj a = EigenTestMatrices.randomSymmetric(5, 1);
                a.set(2, 3, bad);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.eigenvalues(a));
                assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("finite"), e.getMessage());
            }
            assertThrows(IllegalArgumentException.class, () -> b.eigenvalues(new DMatrixRMaj(2, 3)));
        }
    }

    private static void assertSorted(double[] v) {
        for (int i = 1; i < v.length; i++) assertTrue(v[i - 1] <= v[i], "not ascending at " + i);
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s;
    }
}
