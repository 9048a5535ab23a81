package org.resweep.core.eig;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * One BLAS thread in this JVM, whatever {@code OPENBLAS_NUM_THREADS} says. A multi-threaded OpenBLAS splits LAPACK's
 * blocked updates across threads and sums in another order: with 2 threads, {@code dsyevd} and {@code dsyevd_2stage}
 * return eigenvalues that differ from the 1-thread ones in their last bits (measured at P = 1600: 1588 of 1600
 * values, up to 7.5e-16 of the largest), so a sweep would not give the same bits on every executor, nor
 * {@code inspect} those of a sweep's checkpoint. resweep runs one task per core anyway, so 1 thread per call is also
 * the fast setting on a loaded machine.
 *
 * <p>Done once per JVM, before the first native eigen call, by {@code openblas_set_num_threads(1)} on the library
 * the eigen backends load ({@link LapackTwoStageEigen#defaultLibrary()}; the dynamic loader maps one copy of it per
 * process, so {@code dev.ludovic.netlib}'s {@code dsyevd} is covered too). A LAPACK that is not OpenBLAS has no such
 * routine: nothing is changed, and its own thread setting (e.g. {@code MKL_NUM_THREADS=1}) is the user's to make.
 */
public final class BlasThreads {
    private BlasThreads() { }

    /** The OpenBLAS routine that sets the thread count (C interface: {@code void openblas_set_num_threads(int)}). */
    static final String SET = "openblas_set_num_threads";
    /** The one that reports it ({@code int openblas_get_num_threads(void)}). */
    static final String GET = "openblas_get_num_threads";

    private static final class Once {
        static final int THREADS = force(LapackTwoStageEigen.defaultLibrary());
    }

    /**
     * Sets OpenBLAS to one thread, once per JVM (later calls return at once).
     *
     * @return OpenBLAS's thread count afterwards (1), or 0 when the library is not OpenBLAS or does not load
     */
    public static int forceOne() {
        return Once.THREADS;
    }

    /** {@link #forceOne()} on {@code library}: 0 when it or its OpenBLAS routines cannot be loaded. */
    static int force(String library) {
        try {
            NativeLibrary lib = NativeLibrary.getInstance(library);
            Function set = lib.getFunction(SET);
            set.invokeVoid(new Object[] {1});
            return lib.getFunction(GET).invokeInt(new Object[0]);
        } catch (LinkageError | RuntimeException e) {
            return 0;   // no JNA for this platform, no such library, or not OpenBLAS
        }
    }
}
