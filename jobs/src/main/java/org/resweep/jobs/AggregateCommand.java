package org.resweep.jobs;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.resweep.driver.spark.SparkSessions;
import org.resweep.driver.spark.SweepRun;
import org.resweep.driver.store.SweepLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code resweep aggregate DIR}: rebuild best_lr from runs (takes the directory's lock). */
@Command(name = "aggregate", mixinStandardHelpOptions = true,
        description = "Rebuild the best_lr table of a sweep directory from its runs table.")
public final class AggregateCommand implements Callable<Integer>, ErrorMapping.SweepDirCommand {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the sweep directory")
    Path dir;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*], or spark-submit's)")
    String master;

    @Override
    public Path sweepDirectory() { return dir; }

    @Override
    public Integer call() throws Exception {
        Path d = SweepDirs.resolve(dir, "DIR", "DIR");
        // A directory a run holds is an expected condition (exit 2, one line), found before Spark starts; the lock
        // taken again inside aggregate() is what actually guards the rebuild.
        OutDir.requireWritable(d, "DIR"); // aggregate rewrites DIR/best_lr and takes DIR/resweep.lock
        SweepLock.acquire(d).close();
        SparkSession spark = SparkSessions.start(master, "resweep aggregate");
        try {
            long rows = SweepRun.aggregate(spark, d);
            spec.commandLine().getOut().println("resweep: best_lr rebuilt in " + d.resolve("best_lr") + " (" + rows + " rows)");
            GridEdge.warning(spark, d).ifPresent(spec.commandLine().getOut()::println);
            return ExitCodes.OK;
        } finally {
            spark.stop();
        }
    }
}
