package org.resweep.core.data;

/**
 * The sufficient statistics of a linear network's loss: {@code Σxx = E[x xᵀ]}, {@code Σxy = E[x yᵀ]} and
 * {@code E‖y‖²}. With them {@code L(M) = ½ tr(M Σxx Mᵀ) − tr(M Σxy) + ½ E‖y‖²} for the end-to-end map M.
 *
 * @param d   width
 * @param sxx E[x xᵀ], d × d row-major
 * @param sxy E[x yᵀ], d × d row-major ({@code sxy[p·d + q] = E[x_p y_q]})
 * @param eyy E‖y‖²
 */
public record Moments(int d, double[] sxx, double[] sxy, double eyy) {

    /** Computes the moments of a data set with a fixed summation order (bit-reproducible). */
    public static Moments of(Dataset ds) {
        int d = ds.d(), n = ds.n();
        double[] x = ds.x(), y = ds.y();
        double[] sxx = new double[d * d], sxy = new double[d * d];
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                double axx = 0, axy = 0;
                int op = p * n, oq = q * n;
                for (int i = 0; i < n; i++) {
                    axx += x[op + i] * x[oq + i];
                    axy += x[op + i] * y[oq + i];
                }
                sxx[p * d + q] = axx / n;
                sxy[p * d + q] = axy / n;
            }
        }
        double eyy = 0;
        for (double v : y) eyy += v * v;
        return new Moments(d, sxx, sxy, eyy / n);
    }

    /** The best loss any linear map reaches: {@code L* = ½(E‖y‖² − tr(Σyx Σxx⁻¹ Σxy))} (docs/model.md §4). */
    public double lStar() {
        org.ejml.data.DMatrixRMaj a = new org.ejml.data.DMatrixRMaj(d, d, true, sxx);
        org.ejml.data.DMatrixRMaj b = new org.ejml.data.DMatrixRMaj(d, d, true, sxy);
        org.ejml.data.DMatrixRMaj sol = new org.ejml.data.DMatrixRMaj(d, d);
        if (!org.ejml.dense.row.CommonOps_DDRM.solve(a, b, sol)) {
            throw new IllegalStateException("Σxx is singular; L* is undefined");
        }
        double tr = 0; // tr(Σyx Σxx⁻¹ Σxy) = Σ_{pq} Σxy[p,q] · (Σxx⁻¹Σxy)[p,q]
        for (int i = 0; i < d * d; i++) tr += sxy[i] * sol.data[i];
        return 0.5 * (eyy - tr);
    }
}
