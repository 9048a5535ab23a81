package org.resweep.jobs.repro;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.resweep.driver.spark.SweepTables;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.store.SweepFs;
import org.resweep.driver.store.SweepMeta;

/** Finds the experiment sweeps under a directory and analyses each one (views registered per sweep). */
public final class Analyses {
    private Analyses() {}

    /**
     * {@code dir} itself if it is a sweep directory, else its sub-directories that are, sorted by name; on any Hadoop
     * filesystem ({@code dir} qualified, {@link org.resweep.driver.store.SweepPaths#resolve}).
     */
    public static List<org.apache.hadoop.fs.Path> sweepDirs(SweepFs fs, org.apache.hadoop.fs.Path dir) throws IOException {
        if (fs.isDirectory(new org.apache.hadoop.fs.Path(dir, SweepDirectory.RUNS))) return List.of(dir);
        List<org.apache.hadoop.fs.Path> out = new ArrayList<>();
        for (org.apache.hadoop.fs.FileStatus s : fs.list(dir)) { // sorted by name
            org.apache.hadoop.fs.Path p = s.getPath();
            if (s.isDirectory() && fs.isDirectory(new org.apache.hadoop.fs.Path(p, SweepDirectory.RUNS))
                    && fs.exists(new org.apache.hadoop.fs.Path(p, SweepMeta.JSON))) {
                out.add(p);
            }
        }
        return out;
    }

    /** The experiment a sweep directory holds, by its stored sweep name. */
    public static Optional<Experiment> experimentOf(Path sweepDir) throws IOException {
        return Experiment.ofSweepName(SweepMeta.read(sweepDir).name());
    }

    /**
     * Analyses every experiment sweep found under {@code dir} (qualified: any Hadoop filesystem); figures go to the
     * local folder {@code figDir} (the caller publishes them). An unfinished one (fewer stored runs than planned, in any
     * stage) gets a section saying so and no verdict ({@link Completeness#notEvaluated}).
     */
    public static List<Section> analyseAll(SparkSession spark, org.apache.hadoop.fs.Path dir, Path figDir) throws IOException {
        List<Section> out = new ArrayList<>();
        SweepFs fs = new SweepFs(dir, spark.sparkContext().hadoopConfiguration());
        for (org.apache.hadoop.fs.Path d : sweepDirs(fs, dir)) {
            String name = SweepMeta.read(fs, d).name();
            Optional<Section> unfinished = Completeness.notEvaluated(fs, d, name); // an interrupted reproduction: no verdicts
            if (unfinished.isPresent()) {
                out.add(unfinished.get());
                continue;
            }
            if (Experiment.isExtraStage(name)) continue; // analysed with its refinement (same experiment)
            analyse(spark, d, figDir).ifPresent(out::add);
        }
        out.sort((a, b) -> a.experiment().compareTo(b.experiment()));
        return out;
    }

    /**
     * The smallest and largest learning rate of a refined experiment's coarse stage stored next to {@code location}
     * ({@code DIR-coarse}, as {@code reproduce} writes it), or null when there is none (e.g. {@code resweep run} of the file).
     * Registers that sweep's views: the caller registers its own afterwards.
     */
    static double[] coarseGrid(SparkSession spark, org.apache.hadoop.fs.Path location) throws IOException {
        org.apache.hadoop.fs.Path coarse = new org.apache.hadoop.fs.Path(location.getParent(), location.getName() + Experiment.COARSE);
        try {
            SweepFs fs = new SweepFs(coarse, spark.sparkContext().hadoopConfiguration());
            if (!Experiment.isCoarseStage(SweepMeta.read(fs, coarse).name())) return null;
        } catch (IOException | RuntimeException none) {
            return null;
        }
        SweepTables.registerViews(spark, coarse);
        org.apache.spark.sql.Row r = Tables.query(spark, "SELECT min(learning_rate) AS lo, max(learning_rate) AS hi FROM runs").get(0);
        return r.isNullAt(0) ? null : new double[] {Tables.num(r, "lo"), Tables.num(r, "hi")};
    }

    /**
     * The best-rate cells of a refined experiment's lower-rate stage stored next to {@code location} ({@code DIR-lower},
     * {@link Refinement#lower}), or an empty list when there is none. Registers that sweep's views: the caller registers
     * its own afterwards.
     */
    static List<BestLrAnalysis.Cell> lowerStage(SparkSession spark, org.apache.hadoop.fs.Path location) throws IOException {
        org.apache.hadoop.fs.Path lower = new org.apache.hadoop.fs.Path(location.getParent(), location.getName() + Experiment.LOWER);
        try {
            SweepFs fs = new SweepFs(lower, spark.sparkContext().hadoopConfiguration());
            if (!SweepMeta.read(fs, lower).name().endsWith(Experiment.LOWER)) return List.of();
        } catch (IOException | RuntimeException none) {
            return List.of();
        }
        SweepTables.registerViews(spark, lower);
        return BestLrAnalysis.cells(spark);
    }

    /**
     * @param location the sweep directory, qualified (any Hadoop filesystem)
     * @param figDir   the local folder the figures are written to
     */
    public static Optional<Section> analyse(SparkSession spark, org.apache.hadoop.fs.Path location, Path figDir) throws IOException {
        String name = SweepMeta.read(new SweepFs(location, spark.sparkContext().hadoopConfiguration()), location).name();
        Optional<Experiment> e = Experiment.ofSweepName(name);
        if (e.isEmpty()) return Optional.empty();
        double[] coarseGrid = e.get().refined() ? coarseGrid(spark, location) : null;
        List<BestLrAnalysis.Cell> lower = e.get().refined() ? lowerStage(spark, location) : List.of();
        SweepTables.registerViews(spark, location);
        Path sweepDir = Path.of(location.toUri().getPath()); // as the report shows it: its path on its filesystem
        return Optional.of(switch (e.get()) {
            case THEOREM2 -> Theorem2Analysis.analyse(spark, sweepDir, name, figDir);
            case FIG4 -> Fig4Analysis.analyse(spark, sweepDir, name, figDir);
            case FIG5_6 -> DynamicsAnalysis.analyse(spark, sweepDir, name, figDir);
            case FIG7, FIG8, FIG9 -> BestLrAnalysis.analyse(e.get(), spark, sweepDir, name, figDir, coarseGrid, lower);
            case PERTURBED_ZERO -> PerturbedZeroAnalysis.analyse(spark, sweepDir, name, figDir);
            case ESCAPE -> EscapeAnalysis.analyse(spark, sweepDir, name, figDir);
        });
    }
}
