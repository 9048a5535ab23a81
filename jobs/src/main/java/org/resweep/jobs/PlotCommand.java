package org.resweep.jobs;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.resweep.driver.spark.SparkSessions;
import org.resweep.jobs.repro.Analyses;
import org.resweep.jobs.repro.Section;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code resweep plot DIR}: the paper's figures (PNG) for every experiment sweep in DIR (or DIR itself). */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Write the figures (PNG) of the experiments found in DIR: a sweep directory, or a directory of sweeps",
                "(such as `resweep reproduce`'s). The experiment is recognised by the stored sweep name (theorem2, fig4, fig5-6,",
                "fig7, fig8, fig9, perturbed-zero, escape, optionally with a suffix such as -quick). Figures go to DIR/figures/."})
public final class PlotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "a sweep directory or a directory of sweep directories")
    Path dir;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*], or spark-submit's)")
    String master;

    @Override
    public Integer call() throws Exception {
        if (Analyses.sweepDirs(dir).isEmpty()) {
            throw new ExitCodes.UserError("DIR: " + dir + " holds no sweep directory (runs/ and sweep.json); give a directory "
                    + "`resweep run` or `resweep reproduce` wrote");
        }
        OutDir.requireWritable(dir, "DIR"); // figures go to DIR/figures
        SparkSession spark = SparkSessions.start(master, "resweep plot");
        try {
            List<Section> sections = Analyses.analyseAll(spark, dir, dir.resolve("figures"));
            if (sections.isEmpty()) {
                throw new ExitCodes.UserError("DIR: no sweep in " + dir + " is one of the paper's experiments (sweep names "
                        + java.util.Arrays.stream(org.resweep.jobs.repro.Experiment.values()).map(org.resweep.jobs.repro.Experiment::id)
                        .collect(java.util.stream.Collectors.joining(", ")) + ", optionally followed by -SUFFIX)");
            }
            for (Section s : sections) {
                for (Path f : s.figures()) spec.commandLine().getOut().println("resweep: " + s.sweepName() + ": " + f);
            }
            return ExitCodes.OK;
        } finally {
            spark.stop();
        }
    }
}
