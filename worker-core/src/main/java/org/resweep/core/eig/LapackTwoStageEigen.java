package org.resweep.core.eig;

import org.ejml.data.DMatrixRMaj;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.ptr.IntByReference;

/**
 * Eigenvalues by LAPACK {@code dsyevd_2stage} (jobz = "N", uplo = "U"), called through JNA on the {@code liblapack.so.3}
 * that {@code dev.ludovic.netlib} loads (which does not bind the two-stage routines). The two-stage tridiagonal
 * reduction ({@code dsytrd_2stage}: dense → band of width kd by level-3 BLAS, {@code dsytrd_sy2sb}; band →
 * tridiagonal by bulge chasing on the small band, {@code dsytrd_sb2st}), then {@code dsterf}, as {@code dsyevd} does
 * after its one-stage {@code dsytrd}. The one-stage reduction does half its flops as level-2 BLAS ({@code dsymv}, one
 * pass over the whole trailing matrix per column): at P ≥ 2000 it is bound by memory bandwidth, and two concurrent
 * calls sharing one L3 cache slow each other down. The two-stage reduction reads the matrix in cache-sized blocks.
 * Measured on one core of the reference machine (AVX-512, OpenBLAS 0.3.21, {@code benchmarks/eig/}): see
 * docs/model.md §5 and {@code benchmarks/results/2026-12-01-vm-eig2.md}.
 *
 * <p>Results: the same spectrum as {@link LapackEigen} up to rounding (a different, equally backward-stable
 * reduction; the last bits differ); deterministic: the same matrix gives the same bits on every call, with
 * {@code OPENBLAS_NUM_THREADS=1} as executors run.
 *
 * <p>Memory: LAPACK needs the matrix in native memory, and JNA cannot pin a Java array, so each call copies it into
 * one native buffer of 8n² bytes (328 MB at n = 6400), freed when the call returns; the workspace adds
 * O(n·kd) bytes (a few MB). The Java array is not modified and no JNI critical region is held during the computation
 * (the garbage collector is never held up by it, unlike {@link LapackEigen}). Stateless: one instance may be shared
 * between threads.
 *
 * <p>Layout: LAPACK reads column-major, our matrices are row-major; for a symmetric matrix the two are the same
 * matrix. Only one triangle is read; symmetry is not checked.
 */
public final class LapackTwoStageEigen implements EigenBackend {
    /** The routine, with gfortran's trailing underscore. */
    public static final String SYMBOL = "dsyevd_2stage_";

    /**
     * Test hook: when not 0, every decomposition reports this {@code info} instead of LAPACK's (after LAPACK ran), as a
     * run-time failure of the routine would ({@link FallbackEigen}'s tests). Package-private; 0 in production.
     */
    static volatile int forcedInfo = 0;

    private final Function dsyevd2stage;
    private final String name;

    private LapackTwoStageEigen(Function f, String name) {
        this.dsyevd2stage = f;
        this.name = name;
    }

    /**
     * The library {@code dev.ludovic.netlib} loads: the system property {@code dev.ludovic.netlib.lapack.nativeLibPath}
     * when set, else {@code dev.ludovic.netlib.lapack.nativeLib}, else {@code liblapack.so.3} (found by the system's
     * dynamic loader, e.g. Debian's alternative for OpenBLAS).
     */
    public static String defaultLibrary() {
        String path = System.getProperty("dev.ludovic.netlib.lapack.nativeLibPath");
        if (path != null && !path.isEmpty()) return path;
        return System.getProperty("dev.ludovic.netlib.lapack.nativeLib", "liblapack.so.3");
    }

    /** The backend on {@link #defaultLibrary()}, loaded once per JVM; null when the library or the routine is absent. */
    public static LapackTwoStageEigen defaultOrNull() { return Default.INSTANCE; }

    private static final class Default {
        static final LapackTwoStageEigen INSTANCE = load(defaultLibrary(), SYMBOL);
    }

    /**
     * Binds {@code symbol} (a routine with {@code dsyevd_2stage}'s Fortran interface) in {@code library}.
     *
     * @param library a library name for the dynamic loader ({@code liblapack.so.3}) or a path
     * @return the backend, or null when JNA, the library or the symbol cannot be loaded (the caller falls back)
     */
    public static LapackTwoStageEigen load(String library, String symbol) {
        try {
            NativeLibrary lib = NativeLibrary.getInstance(library);
            BlasThreads.forceOne();
            Function f = lib.getFunction(symbol);
            String suffix = LapackEigen.nativeLibrarySuffix();
            return new LapackTwoStageEigen(f, "lapack-native-2stage" + suffix);
        } catch (LinkageError | RuntimeException e) {
            return null; // no JNA dispatch library for this platform, no liblapack.so.3, or an older LAPACK (< 3.7)
        }
    }

    /** E.g. {@code lapack-native-2stage:openblas-pthread/liblapack.so.3}. */
    @Override public String name() { return name; }

    /**
     * @param a symmetric n × n matrix. Not modified (LAPACK works on a native copy).
     * @return all n eigenvalues, ascending (LAPACK's order)
     * @throws IllegalArgumentException if {@code a} is not square or holds a non-finite entry
     * @throws IllegalStateException if dsyevd_2stage reports an error or non-convergence
     * @throws OutOfMemoryError if the 8n² bytes of native memory cannot be allocated
     */
    @Override
    public double[] eigenvalues(DMatrixRMaj a) {
        int n = EigenInput.checkSquareFinite(a);
        if (n == 0) return new double[0];
        IntByReference nRef = new IntByReference(n), info = new IntByReference(0);
        try (Memory m = new Memory(8L * n * n); Memory w = new Memory(8L * n); Memory wq = new Memory(8)) {
            m.write(0, a.data, 0, n * n);
            // Workspace query (lwork = liwork = -1), then the call; LAPACK's minimum depends on kd (ilaenv2stage).
            IntByReference iwq = new IntByReference(0);
            call(nRef, m, w, wq, new IntByReference(-1), iwq, new IntByReference(-1), info);
            check(info, n, "workspace query");
            int lwork = Math.max(2 * n + 1, (int) Math.ceil(wq.getDouble(0)));
            int liwork = Math.max(1, iwq.getValue());
            try (Memory work = new Memory(8L * lwork); Memory iwork = new Memory(4L * liwork)) {
                call(nRef, m, w, work, new IntByReference(lwork), iwork, new IntByReference(liwork), info);
            }
            if (forcedInfo != 0) info.setValue(forcedInfo);
            check(info, n, "decomposition");
            double[] out = new double[n];
            w.read(0, out, 0, n);
            return out;
        }
    }

    /**
     * {@code dsyevd_2stage(jobz, uplo, n, a, lda, w, work, lwork, iwork, liwork, info)}, gfortran's ABI.
     *
     * @param work  a {@link Memory} of lwork doubles (or one, for the query)
     * @param iwork a {@link Memory} of liwork ints, or an {@link IntByReference} for the query
     */
    private void call(IntByReference n, Memory a, Memory w, Object work, IntByReference lwork,
                      Object iwork, IntByReference liwork, IntByReference info) {
        // Every argument by reference; then the hidden lengths (size_t) of the two character arguments.
        dsyevd2stage.invokeVoid(new Object[] {"N", "U", n, a, n, w, work, lwork, iwork, liwork, info, 1L, 1L});
    }

    private static void check(IntByReference info, int n, String what) {
        int v = info.getValue();
        if (v < 0) {
            throw new IllegalStateException("lapack dsyevd_2stage (" + what + ", n = " + n + "): argument " + (-v) + " is illegal");
        }
        if (v > 0) {
            throw new IllegalStateException("lapack dsyevd_2stage (" + what + ", n = " + n + "): " + v
                    + " off-diagonal elements of the tridiagonal form did not converge to zero");
        }
    }
}
