package org.resweep.driver.aggregate;

import java.util.Map;
import java.util.TreeMap;

/**
 * The best-learning-rate choice for one configuration (docs/results-schema.md): per learning rate a {@link SeedStats}; the best
 * rate has the lowest mean final loss (a diverged seed counts as +∞), ties going to the smaller rate; it sits at the
 * grid's edge when it is the smallest or largest rate of the configuration's grid. Pure and mergeable (grid kept in
 * a sorted map, so results do not depend on the order rows arrive in).
 */
public final class BestLr {
    private final TreeMap<Double, SeedStats> byLr = new TreeMap<>();
    private Double lStar;

    /** Adds one run. {@code lStar} may be null. */
    public BestLr add(double learningRate, String status, double finalLoss, Double lStar) {
        byLr.computeIfAbsent(learningRate, k -> new SeedStats()).add(status, finalLoss);
        if (lStar != null && (this.lStar == null || lStar > this.lStar)) this.lStar = lStar;
        return this;
    }

    public BestLr merge(BestLr other) {
        for (Map.Entry<Double, SeedStats> e : other.byLr.entrySet()) {
            byLr.computeIfAbsent(e.getKey(), k -> new SeedStats()).merge(e.getValue());
        }
        if (other.lStar != null && (lStar == null || other.lStar > lStar)) lStar = other.lStar;
        return this;
    }

    /**
     * The choice.
     *
     * @param bestLr     best learning rate, or null if no rate has a result (every run failed)
     * @param mean       mean final loss there (null when bestLr is null)
     * @param std        sample standard deviation there, or null
     * @param seeds      seeds with a result there
     * @param diverged   seeds diverged there
     * @param failed     seeds failed there
     * @param lrs        grid size
     * @param minLr      smallest rate of the grid
     * @param maxLr      largest rate of the grid
     * @param atEdge     bestLr is minLr or maxLr
     * @param lStar      L* (null if unknown)
     * @param gap        mean − L* (null if either is unknown)
     */
    public record Result(Double bestLr, Double mean, Double std, int seeds, int diverged, int failed, int lrs,
                         double minLr, double maxLr, boolean atEdge, Double lStar, Double gap) {}

    public Result result() {
        if (byLr.isEmpty()) throw new IllegalStateException("no runs");
        Double best = null;
        for (Map.Entry<Double, SeedStats> e : byLr.entrySet()) { // ascending lr: strict < keeps the smaller on ties
            if (e.getValue().seeds() == 0) continue;
            if (best == null || e.getValue().mean() < byLr.get(best).mean()) best = e.getKey();
        }
        double min = byLr.firstKey(), max = byLr.lastKey();
        if (best == null) {
            int failed = byLr.values().stream().mapToInt(SeedStats::failed).sum();
            return new Result(null, null, null, 0, 0, failed, byLr.size(), min, max, false, lStar, null);
        }
        SeedStats s = byLr.get(best);
        double mean = s.mean();
        return new Result(best, mean, s.std(), s.seeds(), s.diverged(), s.failed(), byLr.size(), min, max,
                best == min || best == max, lStar, lStar == null ? null : mean - lStar);
    }
}
