package org.resweep.core.eig;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.ejml.data.DMatrixRMaj;

/**
 * The default backend where {@code dsyevd_2stage} is present ({@link EigenBackends#best()}): each matrix goes to the
 * first backend of the chain (two-stage, then native {@code dsyevd} when it loads, then EJML); when one fails at run
 * time — LAPACK's {@code info ≠ 0} (an {@link IllegalStateException}) or a native failure that JNA reports as an
 * exception or error —, the same matrix goes to the next. Per matrix, with no memory of earlier failures: a matrix's
 * eigenvalues depend on that matrix only, so the checkpoint tasks of a split run and the one-task run agree bit for bit.
 * An input the backends reject ({@link IllegalArgumentException}: not square, a non-finite entry) and a
 * {@link VirtualMachineError} (out of memory) are not retried.
 *
 * <p>Names: {@link #name()} is what a run records as {@code eigen_backend}: the distinct names of the backends that
 * computed eigenvalues through this instance, sorted, comma-separated (as a split run joins the names of its checkpoints);
 * the first backend's name before any call. {@link #lastUsed()} names the backend of the last call. One instance per
 * run ({@link EigenBackends#best()} makes a new one each time); not thread-safe.
 *
 * <p>Memory: nothing extra on the usual path (the two-stage backend works on a native copy and leaves the matrix as it
 * was); after a failure, a backend that destroys its input ({@code dsyevd}) gets a copy of 8n² bytes when another one
 * may still need the matrix.
 */
final class FallbackEigen implements EigenBackend {
    private final List<EigenBackend> chain;
    private final TreeSet<String> used = new TreeSet<>();
    private String last;

    /** @param chain backends in the order they are tried (at least one); the first must leave its input unmodified when it fails. */
    FallbackEigen(List<EigenBackend> chain) {
        if (chain.isEmpty()) throw new IllegalArgumentException("fallback eigen backend: empty chain");
        this.chain = List.copyOf(chain);
        this.last = chain.get(0).name();
    }

    @Override public String name() { return used.isEmpty() ? chain.get(0).name() : String.join(",", used); }

    @Override public String lastUsed() { return last; }

    /**
     * @param a symmetric n × n matrix. May be destroyed (by {@code dsyevd} or EJML after the first backend failed).
     * @return all n eigenvalues, ascending
     * @throws IllegalArgumentException if {@code a} is not square or holds a non-finite entry
     * @throws IllegalStateException naming every backend's failure when all of them failed
     */
    @Override
    public double[] eigenvalues(DMatrixRMaj a) {
        List<String> failures = new ArrayList<>();
        Throwable firstFailure = null;
        for (int i = 0; i < chain.size(); i++) {
            EigenBackend b = chain.get(i);
            boolean more = i + 1 < chain.size();
            DMatrixRMaj in = i == 0 || !more ? a : a.copy(); // the first leaves it intact; a later one may destroy it
            try {
                double[] v = b.eigenvalues(in);
                used.add(b.name());
                last = b.name();
                return v;
            } catch (IllegalArgumentException | VirtualMachineError e) {
                throw e;
            } catch (RuntimeException | Error e) {
                failures.add(b.name() + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
                if (firstFailure == null) firstFailure = e;
            }
        }
        throw new IllegalStateException("every eigen backend failed (" + String.join("; ", failures) + ")", firstFailure);
    }
}
