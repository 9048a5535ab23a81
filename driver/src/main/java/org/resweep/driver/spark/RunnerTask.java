package org.resweep.driver.spark;

import org.resweep.core.train.RunConfig;
import org.resweep.core.train.RunResult;
import org.resweep.core.train.Runner;

/** The production task: one run of the worker-core trainer ({@code Runner.run}). Stateless and serialisable. */
public final class RunnerTask implements TaskFunction {
    private static final long serialVersionUID = 1L;

    @Override
    public RunResult run(RunConfig config) {
        return Runner.run(config);
    }
}
