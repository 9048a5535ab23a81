package org.resweep.driver.store;

import java.io.Serializable;

/**
 * What one finished Spark task reports to the driver: the names of the part files it wrote into the sweep's staging
 * area (never the rows themselves) and counts for the progress line. A few hundred bytes, whatever the size of the
 * results.
 *
 * @param partition       the task's partition (index of its task group)
 * @param runsFile        staged runs part file (absolute path)
 * @param checkpointsFile staged checkpoints part file (absolute path), or null when the runs have no checkpoints
 * @param runIds          run ids of the rows, in file order
 * @param ok              runs with status ok
 * @param diverged        runs with status diverged
 * @param failed          runs with status failed
 * @param bytes           total size of the files
 */
public record TaskOutput(int partition, String runsFile, String checkpointsFile, String[] runIds, int ok, int diverged,
                         int failed, long bytes) implements Serializable {}
