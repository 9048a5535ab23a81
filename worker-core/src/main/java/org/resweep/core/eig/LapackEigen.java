package org.resweep.core.eig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.netlib.util.intW;

import dev.ludovic.netlib.lapack.LAPACK;
import dev.ludovic.netlib.lapack.NativeLAPACK;

/**
 * Eigenvalues by LAPACK {@code dsyevd} (jobz = "N", uplo = "U": Householder tridiagonalisation, then
 * {@code dsterf}), through {@code dev.ludovic.netlib}. With the native JNI implementation (Debian
 * {@code libopenblas0} or {@code liblapack3}) this is ~8× faster than EJML at n = 2000; without it netlib falls
 * back, silently, to a pure-Java translation no faster than EJML — {@link #name()} says which one ran.
 *
 * <p>Layout: LAPACK reads column-major, our matrices are row-major; for a symmetric matrix the two are the same
 * matrix (uplo "U" of the column-major view is the lower triangle of the row-major one). The input must be
 * symmetric; only one triangle is read, and symmetry is not checked.
 */
public final class LapackEigen implements EigenBackend {
    private final LAPACK lapack;
    private final String name;

    /** The given implementation (native or Java). */
    public LapackEigen(LAPACK lapack) {
        this.lapack = lapack;
        this.name = lapack instanceof NativeLAPACK ? "lapack-native" + NativeLibrary.SUFFIX
                : "lapack-java:" + lapack.getClass().getSimpleName();
    }

    /** Whether {@code LAPACK.getInstance()} is the native (JNI) implementation. */
    public static boolean nativeAvailable() { return LAPACK.getInstance() instanceof NativeLAPACK; }

    /** The native backend, or null when only the pure-Java fallback loaded. */
    public static LapackEigen nativeOrNull() {
        BlasThreads.forceOne();
        LAPACK l = LAPACK.getInstance();
        return l instanceof NativeLAPACK ? new LapackEigen(l) : null;
    }

    /** E.g. {@code lapack-native:openblas-pthread/liblapack.so.3}, or {@code lapack-java:F2jLAPACK}. */
    @Override public String name() { return name; }

    /**
     * @param a symmetric n × n matrix. Modified: LAPACK destroys it.
     * @return all n eigenvalues, ascending (LAPACK's order)
     * @throws IllegalArgumentException if {@code a} is not square or holds a non-finite entry
     * @throws IllegalStateException if dsyevd reports an error or non-convergence
     */
    @Override
    public double[] eigenvalues(DMatrixRMaj a) {
        int n = EigenInput.checkSquareFinite(a);
        if (n == 0) return new double[0];
        double[] w = new double[n];
        intW info = new intW(0);
        // Workspace query (lwork = liwork = -1), then the call. jobz = "N" needs lwork ≥ 2n + 1, liwork ≥ 1.
        double[] wq = new double[1];
        int[] iwq = new int[1];
        lapack.dsyevd("N", "U", n, a.data, Math.max(1, n), w, wq, -1, iwq, -1, info);
        check(info, n, "workspace query");
        int lwork = Math.max(2 * n + 1, (int) wq[0]);
        int liwork = Math.max(1, iwq[0]);
        lapack.dsyevd("N", "U", n, a.data, Math.max(1, n), w, new double[lwork], lwork, new int[liwork], liwork, info);
        check(info, n, "decomposition");
        return w;
    }

    private static void check(intW info, int n, String what) {
        if (info.val < 0) {
            throw new IllegalStateException("lapack dsyevd (" + what + ", n = " + n + "): argument " + (-info.val) + " is illegal");
        }
        if (info.val > 0) {
            throw new IllegalStateException("lapack dsyevd (" + what + ", n = " + n + "): " + info.val
                    + " off-diagonal elements of the tridiagonal form did not converge to zero");
        }
    }

    /** The loaded library cannot change within a JVM: read /proc/self/maps once, not once per run. */
    static final class NativeLibrary {
        static final String SUFFIX = nativeLibrarySuffix();
    }

    /**
     * {@code :<dir>/<file>} of the loaded LAPACK from /proc/self/maps, or "" where that cannot be read: the library
     * named by {@code dev.ludovic.netlib.lapack.nativeLibPath} when that is set (e.g. {@code libopenblas.so.0}), else
     * the mapped {@code liblapack.so*}.
     */
    static String nativeLibrarySuffix() {
        try {
            String configured = System.getProperty("dev.ludovic.netlib.lapack.nativeLibPath");
            Path wanted = configured == null || configured.isBlank() ? null : Path.of(configured).toRealPath();
            List<String> maps = Files.readAllLines(Path.of("/proc/self/maps"));
            for (String line : maps) {
                int at = line.indexOf('/');
                if (at < 0) continue;
                Path p = Path.of(line.substring(at).trim());
                String file = p.getFileName().toString();
                if (wanted == null ? file.startsWith("liblapack.so") : p.equals(wanted)) {
                    Path parent = p.getParent();
                    return ":" + (parent == null ? "" : parent.getFileName() + "/") + file;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc unreadable: the name stays "lapack-native".
        }
        return "";
    }
}
