package org.resweep.driver.spark;

import java.io.Serializable;
import java.util.List;
import org.resweep.core.train.RunConfig;

/**
 * The unit shipped to one Spark task: one run, or a documented group of very cheap runs executed one after another
 * (see {@link TaskGrouping}).
 *
 * @param configs the runs, in execution order
 */
public record TaskGroup(List<RunConfig> configs) implements Serializable {
    public TaskGroup {
        configs = List.copyOf(configs);
    }
}
