package org.resweep.driver.spec;

import java.util.Locale;
import org.resweep.core.util.BadInputException;

/**
 * Which runs a sweep splits into a training task and one task per group of Hessian checkpoints ({@code run --split}).
 * A split run's rows are bit-identical to the one-task run's (except {@code wall_seconds}, {@code completed_at} and
 * {@code eigen_backend} when executors differ) and committed together, exactly once: splitting only changes where
 * and when the work runs.
 *
 * <ul>
 * <li>{@code auto} (default): split a run with at least 2 checkpoints whose checkpoints are at least
 *     {@link #MIN_SHARE} of its estimated cost and at least {@link #MIN_SECONDS} cost-model seconds
 *     ({@link CostModel#checkpoints}, {@link CostModel#run}). Below that the run is either cheap enough not to be
 *     the sweep's long pole, or mostly training, which splitting cannot spread.</li>
 * <li>{@code always}: split every run with at least 2 checkpoints.</li>
 * <li>{@code never}: every run is one task.</li>
 * </ul>
 *
 * @param mode       auto, always or never
 * @param minShare   auto: smallest fraction of the run's estimated cost in its checkpoints
 * @param minSeconds auto: smallest estimated seconds of its checkpoints
 */
public record SplitPolicy(Mode mode, double minShare, double minSeconds) {
    /** When to split. */
    public enum Mode { AUTO, ALWAYS, NEVER }

    /** auto: the checkpoints are at least half of the run's estimated cost. */
    public static final double MIN_SHARE = 0.5;
    /**
     * auto: the checkpoints are at least this many cost-model seconds (a run worth spreading over cores). 5 s takes in
     * every run of P ≥ 4000 with 2 or more checkpoints (2 × 3.8 s at P = 4000), and leaves out runs whose split could
     * save at most a couple of seconds (a split costs two Spark jobs and the weight files).
     */
    public static final double MIN_SECONDS = 5;

    public static final SplitPolicy AUTO = new SplitPolicy(Mode.AUTO, MIN_SHARE, MIN_SECONDS);
    public static final SplitPolicy ALWAYS = new SplitPolicy(Mode.ALWAYS, MIN_SHARE, MIN_SECONDS);
    public static final SplitPolicy NEVER = new SplitPolicy(Mode.NEVER, MIN_SHARE, MIN_SECONDS);

    public SplitPolicy {
        if (mode == null) throw new IllegalArgumentException("split: mode missing");
    }

    /**
     * {@code auto}, {@code always} or {@code never} (any case).
     *
     * @throws BadInputException naming the flag, the value and what is allowed
     */
    public static SplitPolicy parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "auto" -> AUTO;
            case "always" -> ALWAYS;
            case "never" -> NEVER;
            default -> throw new BadInputException("--split: '" + BadInputException.echo(text)
                    + "' is not allowed; allowed: auto, always, never");
        };
    }

    /** Whether {@code run} is split. */
    public boolean splits(PlannedRun run) {
        if (mode == Mode.NEVER) return false;
        if (run.config().stop().enabled()) return false; // its checkpoint epochs are not known before it trains
        if (run.config().hessian().count(run.config().epochs()) < 2) return false;
        if (mode == Mode.ALWAYS) return true;
        return run.hessianCost() >= minShare * run.cost() && run.hessianCost() >= minSeconds;
    }

    /** The flag's value ({@code auto}, {@code always}, {@code never}). */
    public String id() { return mode.name().toLowerCase(Locale.ROOT); }
}
