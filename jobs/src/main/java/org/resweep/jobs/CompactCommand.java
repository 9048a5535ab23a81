package org.resweep.jobs;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.resweep.driver.spark.SparkSessions;
import org.resweep.driver.store.SweepDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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
                "refused while a run holds DIR). Files resweep did not write are left alone."})
public final class CompactCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the sweep directory (a path or URI)")
    String dir;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (only its Hadoop settings are used; default: local[1])")
    String master;

    @Override
    public Integer call() throws Exception {
        SweepDirs.preflightLocked(dir, "DIR");
        SparkSession spark = SparkSessions.start(master != null ? master : "local[1]", "resweep compact");
        try {
            var d = SweepDirs.resolve(spark, dir);
            try (SweepDirectory sd = SweepDirectory.open(d, spark.sparkContext().hadoopConfiguration(), SweepDirectory.Mode.EXISTING,
                    spec.commandLine().getErr()::println)) {
                SweepDirectory.Compaction c = sd.compact();
                spec.commandLine().getOut().println("resweep: compacted " + d + ": runs " + c.runsFilesBefore() + " files -> "
                        + (c.runsFilesBefore() > 0 ? 1 : 0) + " (" + c.runsRows() + " rows), checkpoints " + c.checkpointsFilesBefore()
                        + " files -> " + (c.checkpointsFilesBefore() > 0 ? 1 : 0) + " (" + c.checkpointsRows() + " rows)");
            }
            return ExitCodes.OK;
        } finally {
            spark.stop();
        }
    }
}
