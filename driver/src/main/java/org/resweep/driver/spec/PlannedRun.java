package org.resweep.driver.spec;

import org.resweep.core.train.RunConfig;

/**
 * One task of a sweep: a run configuration (with its replicate) and its estimated cost ({@link CostModel}).
 *
 * @param config the run
 * @param cost   estimated work in flop-equivalents (relative)
 */
public record PlannedRun(RunConfig config, double cost) {
    public PlannedRun {
        if (config == null) throw new IllegalArgumentException("config: missing");
    }
}
