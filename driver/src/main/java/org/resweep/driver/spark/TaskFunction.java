package org.resweep.driver.spark;

import java.io.Serializable;
import org.resweep.core.train.RunConfig;
import org.resweep.core.train.RunResult;

/** What an executor does with one configuration — in production {@code Runner::run}. Java-serialised into tasks. */
@FunctionalInterface
public interface TaskFunction extends Serializable {
    RunResult run(RunConfig config);
}
