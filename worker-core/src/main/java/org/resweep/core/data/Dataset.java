package org.resweep.core.data;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A preprocessed (whitened, one-hot) data set, ready for training.
 *
 * <p>Layout: <b>feature-major</b> — {@code x[q·n + i]} is feature {@code q} of sample {@code i}, likewise
 * {@code y}; so a layer's kernel runs over samples contiguously. Immutable by convention: never write to
 * the arrays.
 *
 * @param name    data set name as given by the user ({@code mnist10k}, {@code idx:PREFIX})
 * @param n       number of samples N
 * @param d       input = output width (10)
 * @param x       whitened inputs, d × N feature-major
 * @param y       one-hot targets, d × N feature-major
 * @param rawHash content hash (hex SHA-256) of the raw image and label bytes this set was built from
 */
public record Dataset(String name, int n, int d, double[] x, double[] y, String rawHash) {
    /** Moments per data set instance (identity of its arrays), computed once: every linear run asks for them. */
    private static final Map<Dataset, Moments> MOMENTS = Collections.synchronizedMap(new WeakHashMap<>());

    public Dataset {
        if (x.length != (long) n * d || y.length != (long) n * d) {
            throw new IllegalArgumentException("dataset " + name + ": arrays do not match n=" + n + ", d=" + d);
        }
    }

    /** Second moments of this data set, computed on first use and cached while the data set is reachable. */
    public Moments moments() { return MOMENTS.computeIfAbsent(this, Moments::of); }
}
