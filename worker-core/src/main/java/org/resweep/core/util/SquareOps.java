package org.resweep.core.util;

import java.util.Arrays;

/**
 * Allocation-free kernels on small square d × d matrices stored <b>row-major</b> inside larger {@code double[]}
 * arrays at an offset ({@code A[i,j] = a[ao + i·d + j]}). Summation order is fixed (the inner index runs
 * ascending), so results are bit-reproducible. Outputs must not alias inputs.
 *
 * <p>For d = 10 these loops beat a general library call because there is no allocation, no dispatch and the
 * innermost loop runs over a contiguous row.
 */
public final class SquareOps {
    private SquareOps() {}

    /**
     * {@code C = A B}.
     *
     * @param a input. Not modified.
     * @param b input. Not modified.
     * @param c output. Modified (rows {@code co .. co+d²}).
     */
    public static void mult(int d, double[] a, int ao, double[] b, int bo, double[] c, int co) {
        Arrays.fill(c, co, co + d * d, 0.0);
        multAdd(d, a, ao, b, bo, c, co);
    }

    /**
     * {@code C = C + A B}.
     *
     * @param a input. Not modified.
     * @param b input. Not modified.
     * @param c accumulator. Modified.
     */
    public static void multAdd(int d, double[] a, int ao, double[] b, int bo, double[] c, int co) {
        for (int i = 0; i < d; i++) {
            int ci = co + i * d;
            for (int k = 0; k < d; k++) {
                double aik = a[ao + i * d + k];
                int bk = bo + k * d;
                for (int j = 0; j < d; j++) c[ci + j] += aik * b[bk + j];
            }
        }
    }

    /**
     * {@code C = Aᵀ B}, i.e. {@code C[i,j] = Σ_m A[m,i] B[m,j]}.
     *
     * @param a input. Not modified.
     * @param b input. Not modified.
     * @param c output. Modified.
     */
    public static void multTransA(int d, double[] a, int ao, double[] b, int bo, double[] c, int co) {
        Arrays.fill(c, co, co + d * d, 0.0);
        for (int m = 0; m < d; m++) {
            int am = ao + m * d, bm = bo + m * d;
            for (int i = 0; i < d; i++) {
                double ami = a[am + i];
                int ci = co + i * d;
                for (int j = 0; j < d; j++) c[ci + j] += ami * b[bm + j];
            }
        }
    }

    /**
     * {@code C = A Bᵀ}, i.e. {@code C[i,j] = Σ_m A[i,m] B[j,m]}.
     *
     * @param a input. Not modified.
     * @param b input. Not modified.
     * @param c output. Modified.
     */
    public static void multTransB(int d, double[] a, int ao, double[] b, int bo, double[] c, int co) {
        for (int i = 0; i < d; i++) {
            int ai = ao + i * d;
            for (int j = 0; j < d; j++) {
                int bj = bo + j * d;
                double s = 0;
                for (int m = 0; m < d; m++) s += a[ai + m] * b[bj + m];
                c[co + i * d + j] = s;
            }
        }
    }

    /**
     * Writes the identity into {@code c}.
     *
     * @param c output. Modified.
     */
    public static void setIdentity(int d, double[] c, int co) {
        Arrays.fill(c, co, co + d * d, 0.0);
        for (int i = 0; i < d; i++) c[co + i * d + i] = 1.0;
    }

    /**
     * {@code B = Aᵀ}.
     *
     * @param a input. Not modified.
     * @param b output. Modified.
     */
    public static void transpose(int d, double[] a, int ao, double[] b, int bo) {
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) b[bo + j * d + i] = a[ao + i * d + j];
        }
    }

    /**
     * Replaces {@code A} by {@code (A + Aᵀ)/2}, so that it is exactly symmetric.
     *
     * @param a matrix. Modified.
     */
    public static void symmetrize(int d, double[] a, int ao) {
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double s = 0.5 * (a[ao + i * d + j] + a[ao + j * d + i]);
                a[ao + i * d + j] = s;
                a[ao + j * d + i] = s;
            }
        }
    }
}
