package org.resweep.jobs.repro;

/**
 * The outcome of checking one claim of the paper against the measured tables; {@link #NOT_EVALUATED} when the sweep
 * is incomplete (an interrupted reproduction, {@link Completeness}) and nothing was checked.
 */
public enum Verdict {
    HOLDS("holds"), DOES_NOT_HOLD("does not hold"), INCONCLUSIVE("inconclusive"), NOT_EVALUATED("not evaluated: sweep incomplete");

    private final String text;

    Verdict(String text) { this.text = text; }

    public String text() { return text; }

    /** HOLDS if {@code ok}, else DOES_NOT_HOLD. */
    public static Verdict of(boolean ok) { return ok ? HOLDS : DOES_NOT_HOLD; }
}
