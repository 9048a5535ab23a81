package org.resweep.core.hessian;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/** Test-local spectrum helpers: EJML symmetric eigenvalues, sorted here, and the docs/model.md §5 statistics. */
final class TestSpectra {
    private TestSpectra() {}

    /** All eigenvalues of a symmetric matrix, ascending. {@code a} is not modified. */
    static double[] sortedEigenvalues(DMatrixRMaj a) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(a.numRows, false, true);
        if (!eig.decompose(a.copy())) throw new IllegalStateException("eigendecomposition failed");
        double[] ev = new double[a.numRows];
        for (int i = 0; i < ev.length; i++) ev[i] = eig.getEigenvalue(i).getReal();
        Arrays.sort(ev);
        return ev;
    }

    /** NumPy's default {@code percentile} (linear interpolation between order statistics) of sorted values. */
    static double percentile(double[] sorted, double pct) {
        double pos = pct / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double frac = pos - lo;
        return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
    }

    static double[] sortedAbs(double[] eigs) {
        double[] a = new double[eigs.length];
        for (int i = 0; i < a.length; i++) a[i] = Math.abs(eigs[i]);
        Arrays.sort(a);
        return a;
    }

    /** docs/model.md §5: max|λ| / p10(|λ|). */
    static double cond(double[] eigs) {
        double[] a = sortedAbs(eigs);
        return a[a.length - 1] / percentile(a, 10);
    }

    /** docs/model.md §5: fraction of eigenvalues below −τ, τ = P·2⁻⁵²·max|λ|. */
    static double index(double[] eigs) {
        double[] a = sortedAbs(eigs);
        double tau = eigs.length * Math.ulp(1.0) * a[a.length - 1];
        int neg = 0;
        for (double v : eigs) if (v < -tau) neg++;
        return (double) neg / eigs.length;
    }
}
