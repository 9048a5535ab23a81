package org.resweep.jobs;

import org.resweep.driver.spark.TaskGrouping;
import picocli.CommandLine.Option;

/** The Spark engine options shared by {@code run} and {@code reproduce} (a picocli mixin). */
public final class EngineOptions {
    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*], or spark-submit's)")
    String master;

    @Option(names = "--min-task-cost", paramLabel = "SECONDS", defaultValue = TaskGrouping.DEFAULT_MIN_TASK_COST,
            description = "pack runs estimated below SECONDS (cost model, see `resweep plan`) into Spark tasks of about "
                    + "that size (default: ${DEFAULT-VALUE}; 0 = one run per task)")
    double minTaskCost;

    /** Checks the values (before Spark starts). */
    void check() {
        if (!(minTaskCost >= 0) || Double.isInfinite(minTaskCost)) {
            throw new ExitCodes.UserError("--min-task-cost: " + minTaskCost + " is not allowed; allowed: a finite number "
                    + "of seconds ≥ 0");
        }
    }
}
