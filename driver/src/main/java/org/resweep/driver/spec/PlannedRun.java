package org.resweep.driver.spec;

import org.resweep.core.train.RunConfig;

/**
 * One task of a sweep: a run configuration (with its replicate) and its estimated cost ({@link CostModel}).
 *
 * @param config      the run
 * @param cost        estimated seconds of the whole run ({@link CostModel#run})
 * @param hessianCost of which its Hessian checkpoints ({@link CostModel#checkpoints}; 0 when unknown): what
 *                    {@link SplitPolicy} splits off into tasks of their own
 */
public record PlannedRun(RunConfig config, double cost, double hessianCost) {
    public PlannedRun {
        if (config == null) throw new IllegalArgumentException("config: missing");
    }

    /** A run whose Hessian share is not known (0). */
    public PlannedRun(RunConfig config, double cost) { this(config, cost, 0); }
}
