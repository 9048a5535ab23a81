package org.resweep.driver.spark;

import java.io.Serializable;
import java.util.List;
import org.resweep.core.train.RunConfig;

/**
 * The unit shipped to one Spark task: one run, or a documented group of very cheap runs executed one after another
 * (see {@link TaskGrouping}).
 *
 * @param configs  the runs, in execution order
 * @param attempts the attempt number each run's row records (1, or more for a retried run); aligned with configs
 */
public record TaskGroup(List<RunConfig> configs, int[] attempts) implements Serializable {
    public TaskGroup {
        configs = List.copyOf(configs);
        if (attempts.length != configs.size()) {
            throw new IllegalArgumentException("attempts: " + attempts.length + " values for " + configs.size() + " runs");
        }
    }
}
