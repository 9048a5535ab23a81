package org.resweep.jobs.repro;

/**
 * Comparisons near convergence are made at matched loss, not at the last checkpoint: two runs that end at different
 * losses differ in curvature because one is closer to the minimum. The matched level of two runs is the lower
 * loss both reach, {@code max(min loss of a, min loss of b)}; each run is then read at its first checkpoint whose
 * loss is at or below that level.
 */
final class MatchedLoss {
    private MatchedLoss() {}

    /** The lowest loss both runs reach: the larger of their two minima (NaN if either has none). */
    static double level(double[] lossesA, double[] lossesB) {
        return Math.max(min(lossesA), min(lossesB));
    }

    /** Index of the first checkpoint (ascending epochs) with loss ≤ {@code level}, or -1 if none. */
    static int firstAtOrBelow(double[] checkpointLosses, double level) {
        for (int i = 0; i < checkpointLosses.length; i++) if (checkpointLosses[i] <= level) return i;
        return -1;
    }

    private static double min(double[] v) {
        double m = Double.NaN;
        for (double x : v) if (!Double.isNaN(x) && !(x >= m)) m = x;
        return m;
    }
}
