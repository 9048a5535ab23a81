package org.resweep.jobs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.resweep.driver.store.SweepMeta;
import org.resweep.jobs.plot.SweepPlots;
import org.resweep.jobs.repro.Analyses;
import org.resweep.jobs.repro.Experiment;
import org.resweep.jobs.repro.Section;
import org.resweep.jobs.sql.DuckDbEngine;
import org.resweep.jobs.sql.SparkSqlEngine;
import org.resweep.jobs.sql.SqlEngine;
import org.resweep.jobs.sql.SweepSource;
import org.resweep.jobs.sql.Sweeps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code resweep plot DIR}: the figures (PNG) of every sweep in DIR (or DIR itself): the paper's figures for the
 * paper's experiments, the generic figures of {@link SweepPlots} for any other sweep.
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Write the figures (PNG) of the sweeps found in DIR: a sweep directory, or a directory of sweeps (such as",
                "`resweep reproduce`'s). Any sweep gets loss curves, final loss vs learning rate (best rate marked), best final",
                "loss vs depth per method, Hessian statistics vs epoch and spectrum histograms (when stored); the paper's",
                "experiments (sweep names theorem2, fig4, fig5-6, fig7, fig8, fig9, perturbed-zero, escape, optionally with a",
                "suffix such as -quick) get the paper's figures instead. Figures go to DIR/figures/."})
public final class PlotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "a sweep directory or a directory of sweep directories")
    Path dir;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() throws Exception {
        List<SweepSource> sweeps;
        try {
            sweeps = Sweeps.resolve(List.of(dir.toString()));
        } catch (ExitCodes.UserError e) {
            throw new ExitCodes.UserError("DIR: " + dir + " holds no sweep directory (runs/ and sweep.json); give a directory "
                    + "`resweep run` or `resweep reproduce` wrote");
        }
        OutDir.requireWritable(dir, "DIR"); // figures go to DIR/figures
        Path figDir = dir.resolve("figures");
        List<Path> paper = new ArrayList<>();
        SqlEngine engine = DuckDbEngine.available() ? new DuckDbEngine() : new SparkSqlEngine(sparkOptions::start);
        for (SweepSource s : sweeps) {
            Optional<Experiment> e = java.nio.file.Files.isRegularFile(s.local().resolve(SweepMeta.JSON))
                    ? Analyses.experimentOf(s.local()) : Optional.empty();
            if (e.isPresent()) {
                paper.add(s.local());
                continue;
            }
            for (Path f : SweepPlots.write(engine, s, figDir)) spec.commandLine().getOut().println("resweep: " + s.label() + ": " + f);
        }
        if (!paper.isEmpty()) {
            SparkSession spark = sparkOptions.start("resweep plot");
            try {
                for (Path p : paper) {
                    Optional<Section> sec = Analyses.analyse(spark, p, figDir);
                    if (sec.isEmpty()) continue;
                    for (Path f : sec.get().figures()) spec.commandLine().getOut().println("resweep: " + sec.get().sweepName() + ": " + f);
                }
            } finally {
                spark.stop();
            }
        }
        return ExitCodes.OK;
    }
}
