package org.resweep.jobs;

import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.store.SweepFs;
import org.resweep.driver.store.SweepPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code resweep compact DIR}: merge the small Parquet part files resweep wrote into one file per table, in one
 * atomic commit (readers see the old files or the merged ones; every row exactly once). Refused while a run holds
 * the directory's lock. Files resweep did not write are left as they are.
 */
@Command(name = "compact", mixinStandardHelpOptions = true,
        description = {"Merge the part files resweep wrote in DIR/runs and DIR/checkpoints into one file per table (atomic;",
                "refused while a run holds DIR), and resweep's commit records into one. Files resweep did not write are left alone.",
                "DIR: a path or Hadoop URI (docs/storage.md)."})
public final class CompactCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the sweep directory (a path or URI)")
    String dir;

    @Mixin
    SparkOptions sparkOptions; // only the Hadoop settings (spark.hadoop.*): compact starts no Spark session

    /** DIR once resolved (for the one line of an unreachable filesystem). */
    private String where;

    @Override
    public Integer call() throws Exception {
        return ExitCodes.reaching(() -> "DIR " + (where != null ? where : dir), this::compact);
    }

    private Integer compact() throws Exception {
        org.apache.hadoop.fs.Path d = SweepDirs.resolveEarly(sparkOptions, dir, "DIR");
        where = d.toString();
        SweepDirs.probe(d, sparkOptions::hadoopConf, "DIR " + where);
        SweepDirs.preflightLocked(d, "DIR");
        Configuration conf = sparkOptions.hadoopConf();
        if (!SweepDirectory.isSweepDirectory(new SweepFs(d, conf), d)) {
            throw new ExitCodes.UserError("DIR: " + SweepPaths.display(d) + " is not a sweep directory (no sweep.json); give the "
                    + "directory `resweep run` wrote (default output/<name>/)");
        }
        try (SweepDirectory sd = SweepDirectory.open(d, conf, SweepDirectory.Mode.EXISTING, spec.commandLine().getErr()::println)) {
            SweepDirectory.Compaction c = sd.compact();
            spec.commandLine().getOut().println("resweep: compacted " + SweepPaths.display(d) + ": runs " + c.runsFilesBefore() + " files -> "
                    + (c.runsFilesBefore() > 0 ? 1 : 0) + " (" + c.runsRows() + " rows), checkpoints " + c.checkpointsFilesBefore()
                    + " files -> " + (c.checkpointsFilesBefore() > 0 ? 1 : 0) + " (" + c.checkpointsRows() + " rows), commit records "
                    + (c.commitRecordsMerged() > 0 ? c.commitRecordsMerged() + " -> 1" : "1"));
        }
        return ExitCodes.OK;
    }
}
