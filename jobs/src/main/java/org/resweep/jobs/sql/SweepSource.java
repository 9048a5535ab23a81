package org.resweep.jobs.sql;

import java.nio.file.Path;

/**
 * One sweep directory a query reads.
 *
 * @param label    the value of the views' {@code sweep} column: the sweep's name from {@code sweep.json} (the
 *                 directory's path when two selected sweeps share a name)
 * @param location the directory as given (a local path, or a Hadoop URI such as {@code hdfs://nn/out/fig7})
 * @param local    the directory on the local filesystem, or null for a Hadoop URI
 * @param sweepId  the sweep id from {@code sweep.json} (empty if the file is missing)
 */
public record SweepSource(String label, String location, Path local, String sweepId) {
    public boolean isLocal() { return local != null; }
}
