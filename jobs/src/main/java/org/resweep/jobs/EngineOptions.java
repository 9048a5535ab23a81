package org.resweep.jobs;

import org.resweep.driver.spark.TaskGrouping;
import org.resweep.driver.spec.SplitPolicy;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The Spark engine options shared by {@code run} and {@code reproduce} (a picocli mixin): Spark's, plus task packing
 * and run splitting.
 */
public final class EngineOptions {
    @Mixin
    SparkOptions spark;

    @Option(names = "--min-task-cost", paramLabel = "SECONDS", defaultValue = TaskGrouping.DEFAULT_MIN_TASK_COST,
            description = "pack cheap runs (cost model, see `resweep plan`) into Spark tasks of up to 2 s of estimated work "
                    + "while much remains, and of at least SECONDS towards the end (default: ${DEFAULT-VALUE}; 0 = one run per task)")
    double minTaskCost;

    @Option(names = "--split", paramLabel = "WHEN", defaultValue = "auto",
            description = "split a run into a training task and tasks of its Hessian checkpoints: auto (runs whose "
                    + "checkpoints are ≥ 50%% of their estimated cost and ≥ 10 s), always (every run with ≥ 2 checkpoints), "
                    + "never (default: ${DEFAULT-VALUE}; docs/sweep-spec.md)")
    String split;

    /** The {@code --split} policy (checked by {@link #check}). */
    SplitPolicy splitPolicy() { return SplitPolicy.parse(split); }

    /** Checks the values (before Spark starts). */
    void check() {
        splitPolicy();
        if (!(minTaskCost >= 0) || Double.isInfinite(minTaskCost)) {
            throw new ExitCodes.UserError("--min-task-cost: " + minTaskCost + " is not allowed; allowed: a finite number "
                    + "of seconds ≥ 0");
        }
    }

    /**
     * Refuses the default output directory in cluster deploy mode: the driver then runs in a worker's scratch
     * directory, which is no place for results.
     *
     * @param option the option that names the directory (--out)
     */
    static void requireOutInClusterMode(Object out, String option) {
        if (out == null && SparkOptions.clusterDeployMode()) {
            throw new ExitCodes.UserError(option + ": missing; required in cluster deploy mode (the driver runs in a worker's "
                    + "scratch directory, where output/ would be lost); give a directory every node can reach, e.g. "
                    + option + " hdfs://HOST/sweeps/NAME or a shared mount");
        }
    }
}
