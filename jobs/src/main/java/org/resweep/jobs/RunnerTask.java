package org.resweep.jobs;

import org.resweep.core.train.RunConfig;
import org.resweep.core.train.RunResult;
import org.resweep.driver.spark.TaskFunction;

/** The production task: one run of the worker-core trainer ({@code Runner.run}). Stateless and serialisable. */
final class RunnerTask implements TaskFunction {
    @Override
    public RunResult run(RunConfig config) {
        // Runner.run(RunConfig) (owner: eigtrain) is wired in once it is on main; until then every run is a failed row.
        throw new UnsupportedOperationException("the trainer (org.resweep.core.train.Runner) is not in this build");
    }
}
