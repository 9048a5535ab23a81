package org.resweep.jobs;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.resweep.driver.spec.Skipped;
import org.resweep.driver.spec.SweepPlan;

/** How {@code plan} and {@code run} list the grid points a spec skips, and why (one place, one format). */
final class SkippedPoints {
    /** Skipped points listed by default (all of them on request). */
    static final int MAX_SHOWN = 20;

    private SkippedPoints() {}

    /**
     * Prints {@code skipped: N points (M runs)} and one line per point ({@code  POINT: REASON (K runs)}), the first
     * {@link #MAX_SHOWN} unless {@code all}, then {@code ... and N more (HOW_TO_SEE_ALL)}.
     */
    static void print(SweepPlan plan, PrintWriter out, boolean all, String howToSeeAll) {
        List<Skipped> skipped = plan.skipped();
        out.printf(Locale.ROOT, "skipped: %d points (%d runs)%n", skipped.size(), plan.skippedRuns());
        List<Skipped> shown = all ? skipped : skipped.subList(0, Math.min(MAX_SHOWN, skipped.size()));
        for (Skipped k : shown) out.printf(Locale.ROOT, "  %s: %s (%d runs)%n", k.point(), k.reason(), k.runs());
        if (shown.size() < skipped.size()) {
            out.printf(Locale.ROOT, "  ... and %d more (%s)%n", skipped.size() - shown.size(), howToSeeAll);
        }
    }
}
