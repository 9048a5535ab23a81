package org.resweep.core.util;

/**
 * A random generator whose stream is fixed by its seed on every JVM and Java version: SplitMix64 for bits
 * (the algorithm of {@link java.util.SplittableRandom}, written out so it cannot change) and Box–Muller with
 * {@link StrictMath} for normal deviates. Used for every random draw in resweep (docs/model.md §4).
 */
public final class DeterministicRandom {
    private long state;
    private double spare;
    private boolean hasSpare;

    public DeterministicRandom(long seed) { this.state = seed; }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() { return (nextLong() >>> 11) * 0x1.0p-53; }

    /** Standard normal deviate. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u1;
        do { u1 = nextDouble(); } while (u1 == 0.0);
        double u2 = nextDouble();
        double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        double t = 2.0 * StrictMath.PI * u2;
        spare = r * StrictMath.sin(t);
        hasSpare = true;
        return r * StrictMath.cos(t);
    }
}
