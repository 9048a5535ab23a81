package org.resweep.core.train;

/**
 * The convergence rule of a run (sweep key {@code stop}, docs/sweep-spec.md): gradient descent stops at epoch t, status
 * {@code ok}, when the run has left the initial plateau and its loss has stopped moving:
 * <pre>
 *   t ≥ W,   L(w_t) &lt; {@value #PLATEAU} · L(w_0)   and   L(w_{t−W}) − L(w_t) &lt; rel_tol · L(w_{t−W})
 * </pre>
 * (the relative decrease over the last W epochs is below {@code rel_tol}). A run still at the saddle near its initial
 * loss (W ≈ 0 from small init, n ≥ 3: a long plateau the paper predicts) is never stopped by this rule: it runs its
 * full epochs. The rule reads only the loss curve already computed, so a stopped run is bit-identical to the full run
 * up to its stop epoch, and the same configuration stops at the same epoch on every executor.
 *
 * @param window  W, epochs, ≥ 1; 0 together with relTol 0 is {@link #NONE} (no rule)
 * @param relTol  relative decrease threshold, finite, ≥ 0 (dimensionless)
 */
public record StopRule(int window, double relTol) implements java.io.Serializable {
    /** A loss below this fraction of the initial loss has left the initial plateau (as the escape detector's 0.9). */
    public static final double PLATEAU = 0.9;

    /** No convergence rule: every run takes its full epochs (unless it diverges). */
    public static final StopRule NONE = new StopRule(0, 0);

    public StopRule {
        if (window < 0 || (window == 0 && relTol != 0)) {
            throw new IllegalArgumentException("stop.window: " + window + " is not allowed; must be an integer ≥ 1");
        }
        if (!(relTol >= 0) || !Double.isFinite(relTol)) {
            throw new IllegalArgumentException("stop.rel_tol: " + relTol + " is not allowed; must be a finite number ≥ 0");
        }
    }

    /** Whether a rule is set. */
    public boolean enabled() { return window > 0; }

    /**
     * Whether the run stops at epoch {@code t}, given the losses {@code loss[0..t]} (finite; divergence is checked first).
     */
    public boolean stopsAt(double[] loss, int t) {
        if (!enabled() || t < window) return false;
        double now = loss[t], before = loss[t - window];
        return now < PLATEAU * loss[0] && before - now < relTol * before;
    }

    /** Canonical text ({@code W:rel_tol}, doubles in Java's shortest round-trip form); "" when none. */
    public String canonical() { return enabled() ? window + ":" + relTol : ""; }
}
