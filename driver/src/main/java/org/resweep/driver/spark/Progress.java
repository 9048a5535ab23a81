package org.resweep.driver.spark;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The console progress line: {@code done/total, diverged, failed, elapsed, ETA}. The ETA scales the elapsed time by
 * the estimated cost still to run over the cost done (cost-weighted, since runs differ by orders of magnitude).
 * On a terminal the line is redrawn in place; otherwise a line is printed at most every {@code intervalMillis}.
 * Where the log4j2 configuration logs INFO for logger {@code org.resweep.progress} (Spark's default under
 * {@code spark-submit}: then progress reaches the driver's log, also in cluster deploy mode), the lines are logged
 * there instead of printed.
 */
public final class Progress {
    private static final org.apache.logging.log4j.Logger LOG = org.apache.logging.log4j.LogManager.getLogger("org.resweep.progress");
    private final PrintStream out;
    private final boolean terminal;
    private final long intervalMillis;
    private final int total, skipped;
    private final double totalCost;
    private final long start = System.nanoTime();
    private int done, diverged, failed;
    private double costDone;
    private long lastPrint;

    public Progress(PrintStream out, boolean terminal, long intervalMillis, int total, int skipped, double totalCost) {
        this.out = out;
        this.terminal = terminal;
        this.intervalMillis = intervalMillis;
        this.total = total;
        this.skipped = skipped;
        this.totalCost = totalCost;
    }

    /** Records one finished task: its runs by status and their summed cost. */
    public void record(int ok, int diverged, int failed, double cost) {
        done += ok + diverged + failed;
        costDone += cost;
        this.diverged += diverged;
        this.failed += failed;
    }

    public int done() { return done; }

    public int diverged() { return diverged; }

    public int failed() { return failed; }

    /** Prints if the interval elapsed (or {@code force}). */
    public void maybePrint(boolean force) {
        if (out == null) return;
        long now = System.currentTimeMillis();
        if (!force && now - lastPrint < intervalMillis) return;
        lastPrint = now;
        String line = line();
        if (LOG.isInfoEnabled()) { // the log shows progress (spark-submit's default, a user's INFO configuration): once
            LOG.info(line);
            return;
        }
        if (terminal) out.print("\r" + line + (force ? "\n" : ""));
        else out.println(line);
        out.flush();
    }

    /** The progress text. */
    public String line() {
        double elapsed = (System.nanoTime() - start) / 1e9;
        String eta;
        if (done == total) eta = "0:00";
        else if (costDone > 0 && totalCost > 0) eta = clock(elapsed * (totalCost - costDone) / costDone);
        else if (done > 0) eta = clock(elapsed * (total - done) / done);
        else eta = "?";
        return String.format(Locale.ROOT, "resweep: %d/%d runs%s | diverged %d | failed %d | elapsed %s | ETA %s",
                done, total, skipped > 0 ? " (" + skipped + " already stored)" : "", diverged, failed, clock(elapsed), eta);
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
