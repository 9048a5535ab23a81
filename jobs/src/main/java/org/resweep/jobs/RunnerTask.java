package org.resweep.jobs;

import org.resweep.core.train.RunConfig;
import org.resweep.core.train.RunResult;
import org.resweep.core.train.Runner;
import org.resweep.driver.spark.TaskFunction;

/** The production task: one run of the worker-core trainer ({@code Runner.run}). Stateless and serialisable. */
final class RunnerTask implements TaskFunction {
    @Override
    public RunResult run(RunConfig config) {
        return Runner.run(config);
    }
}
