package org.resweep.jobs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.resweep.driver.store.SweepFs;
import org.resweep.driver.store.SweepMeta;
import org.resweep.driver.store.SweepPaths;
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
                "suffix such as -quick) get the paper's figures instead. Figures go to DIR/figures/ (a file there that resweep did",
                "not write is moved to DIR/figures/superseded/, never overwritten). DIR: a path or Hadoop URI (docs/storage.md)."})
public final class PlotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "a sweep directory or a directory of sweep directories: a path or "
            + "Hadoop URI, resolved like every path (a scheme-less path against fs.defaultFS)")
    String dir;

    @Mixin
    SparkOptions sparkOptions;

    /** DIR once resolved (for the one line of an unreachable filesystem). */
    private String where;

    @Override
    public Integer call() throws Exception {
        return ExitCodes.reaching(() -> "DIR " + (where != null ? where : dir), this::plot);
    }

    private Integer plot() throws Exception {
        Configuration conf = sparkOptions.hadoopConf();
        org.apache.hadoop.fs.Path root = SweepDirs.resolveEarly(sparkOptions, dir, "DIR");
        where = root.toString();
        SweepDirs.probe(root, sparkOptions::hadoopConf, "DIR " + where);
        List<SweepSource> sweeps;
        try {
            sweeps = Sweeps.resolve(List.of(root.toString()), conf, "DIR");
        } catch (ExitCodes.UserError e) {
            throw new ExitCodes.UserError("DIR: " + dir + " holds no sweep directory (runs/ and sweep.json); give a directory "
                    + "`resweep run` or `resweep reproduce` wrote");
        }
        Path local = SweepDirs.localPath(root);
        if (local != null) OutDir.requireWritable(local, "DIR"); // figures go to DIR/figures
        var out = spec.commandLine().getOut();
        try (PublishedFiles files = new PublishedFiles(root, conf)) {
            Path figDir = files.local("figures");
            Map<Path, String> labels = new HashMap<>();
            List<org.apache.hadoop.fs.Path> paper = new ArrayList<>();
            boolean allLocal = sweeps.stream().allMatch(SweepSource::isLocal);
            SqlEngine engine = allLocal && DuckDbEngine.available() ? new DuckDbEngine() : new SparkSqlEngine(sparkOptions::start);
            for (SweepSource s : sweeps) {
                org.apache.hadoop.fs.Path p = s.isLocal() ? new org.apache.hadoop.fs.Path(s.local().toAbsolutePath().toUri())
                        : new org.apache.hadoop.fs.Path(s.location());
                SweepMeta meta = SweepMeta.read(new SweepFs(p, conf), p);
                if (meta != null && Experiment.ofSweepName(meta.name()).isPresent()) {
                    paper.add(p);
                    continue;
                }
                for (Path f : SweepPlots.write(engine, s, figDir)) labels.put(f.toAbsolutePath(), s.label());
            }
            if (!paper.isEmpty()) {
                SparkSession spark = sparkOptions.start("resweep plot");
                try {
                    for (org.apache.hadoop.fs.Path p : paper) {
                        Optional<Section> sec = Analyses.analyse(spark, p, figDir);
                        if (sec.isEmpty()) continue;
                        for (Path f : sec.get().figures()) labels.put(f.toAbsolutePath(), sec.get().sweepName());
                    }
                } finally {
                    spark.stop();
                }
            }
            for (var e : files.publish(spec.commandLine().getErr()::println).entrySet()) {
                out.println("resweep: " + labels.getOrDefault(e.getKey().toAbsolutePath(), "?") + ": " + SweepPaths.display(e.getValue()));
            }
        }
        return ExitCodes.OK;
    }
}
