package org.resweep.jobs;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.resweep.driver.spark.SweepRun;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code resweep aggregate DIR}: rebuild best_lr from runs (takes the directory's lock). */
@Command(name = "aggregate", mixinStandardHelpOptions = true,
        description = "Rebuild the best_lr table of a sweep directory (a path or Hadoop URI) from its runs table.")
public final class AggregateCommand implements Callable<Integer>, ErrorMapping.SweepDirCommand {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the sweep directory (a path or URI)")
    String dir;

    @Mixin
    SparkOptions sparkOptions;

    /** DIR if it is local, once resolved (for the error log of {@link ErrorMapping}). */
    private Path local;

    @Override
    public Path sweepDirectory() {
        if (local != null || dir == null) return local;
        try { // an error before call() resolved DIR
            return SweepDirs.localPath(SweepDirs.resolveEarly(sparkOptions, dir, "DIR"));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** DIR once resolved (for the one line of an unreachable filesystem). */
    private String where;

    @Override
    public Integer call() throws Exception {
        return ExitCodes.reaching(() -> "DIR " + (where != null ? where : dir), this::aggregate);
    }

    private Integer aggregate() throws Exception {
        org.apache.hadoop.fs.Path resolved = SweepDirs.resolveEarly(sparkOptions, dir, "DIR");
        where = resolved.toString();
        SweepDirs.probe(resolved, sparkOptions::hadoopConf, "DIR " + where);
        local = SweepDirs.localPath(resolved);
        SweepDirs.preflightLocked(resolved, "DIR"); // a user mistake or a held lock is found before Spark starts
        SparkSession spark = sparkOptions.start("resweep aggregate");
        try {
            var d = SweepDirs.resolve(spark, resolved.toString());
            long rows = SweepRun.aggregate(spark, d.toString(), spec.commandLine().getErr()::println);
            spec.commandLine().getOut().println("resweep: best_lr rebuilt in " + d + "/best_lr (" + rows + " rows)");
            GridEdge.warning(spark, d).ifPresent(spec.commandLine().getOut()::println);
            return ExitCodes.OK;
        } finally {
            spark.stop();
        }
    }
}
