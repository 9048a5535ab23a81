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
            Optional<Experiment> e = Experiment.ofSweepName(name);
            Asked asked = e.isPresent() && e.get().refined() ? asked(spark, d) : null;
            Optional<Section> noLower = asked == null || asked.unknown() != null ? Optional.empty()
                    : Completeness.lowerStageMissing(fs, d, name, asked.ids()); // killed after the refinement, before stage 3 finished
            if (noLower.isPresent()) {
                out.add(noLower.get());
                continue;
            }
            analyse(spark, d, figDir, asked).ifPresent(out::add);
        }
        out.sort((a, b) -> a.experiment().compareTo(b.experiment()));
        return out;
    }

    /**
     * For a refined experiment's refinement at {@code location}: its section when the lower-rate stage it needs
     * ({@link #askedOfLowerStage}) is not stored whole ({@link Completeness#lowerStageMissing}), else empty — also when
     * which runs it needs cannot be derived (the analysis then says why, {@link #lowerStage}).
     */
    static Optional<Section> lowerStageMissing(SparkSession spark, SweepFs fs, org.apache.hadoop.fs.Path location, String name) throws IOException {
        Optional<Experiment> e = Experiment.ofSweepName(name);
        if (e.isEmpty() || !e.get().refined() || Experiment.isExtraStage(name)) return Optional.empty();
        Asked asked = asked(spark, location);
        return asked.unknown() != null ? Optional.empty() : Completeness.lowerStageMissing(fs, location, name, asked.ids());
    }

    /**
     * The runs of the lower-rate stage a refinement asks for ({@link #askedOfLowerStage}), derived once per report.
     *
     * @param unknown why they cannot be derived (e.g. the refinement's data set is no longer readable), or null
     */
    record Asked(java.util.Set<String> ids, String unknown) {}

    static Asked asked(SparkSession spark, org.apache.hadoop.fs.Path location) throws IOException {
        try {
            return new Asked(askedOfLowerStage(spark, location), null);
        } catch (org.resweep.core.util.BadInputException e) {
            return new Asked(java.util.Set.of(), e.getMessage());
        }
    }

    /**
     * The smallest and largest learning rate of a refined experiment's coarse stage stored next to {@code location}
     * ({@code DIR-coarse}, as {@code reproduce} writes it), or null when there is none (e.g. {@code resweep run} of the file).
     * Registers that sweep's views: the caller registers its own afterwards.
     */
    static double[] coarseGrid(SparkSession spark, org.apache.hadoop.fs.Path location) throws IOException {
        org.apache.hadoop.fs.Path coarse = sibling(location, Experiment.COARSE);
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
     * The lower-rate stage as the report uses it.
     *
     * @param cells best-rate cells computed from the runs the current refinement asked for (empty if none)
     * @param note  one line for the report when {@code DIR-lower} holds runs it did not ask for ("" otherwise)
     */
    record LowerStage(List<BestLrAnalysis.Cell> cells, String note) {
        static final LowerStage NONE = new LowerStage(List.of(), "");
    }

    /**
     * The best-rate cells of a refined experiment's lower-rate stage stored next to {@code location} ({@code DIR-lower},
     * {@link Refinement#lower}), from only the runs that the refinement stored at {@code location} asks for now: stage 3
     * derived again from the coarse stage ({@code DIR-coarse}), the refinement's stored {@code sweep.yaml} and its
     * results. Other runs (e.g. left from an earlier refinement with other configurations) are not used, and not touched;
     * the note says how many there are. Registers that sweep's views: the caller registers its own afterwards.
     */
    static LowerStage lowerStage(SparkSession spark, org.apache.hadoop.fs.Path location) throws IOException {
        return lowerStage(spark, location, null);
    }

    /** {@link #lowerStage(SparkSession, org.apache.hadoop.fs.Path)} with the asked runs already derived ({@code given}; null: derive them). */
    static LowerStage lowerStage(SparkSession spark, org.apache.hadoop.fs.Path location, Asked given) throws IOException {
        org.apache.hadoop.fs.Path lower = sibling(location, Experiment.LOWER);
        SweepMeta meta;
        try {
            meta = SweepMeta.read(new SweepFs(lower, spark.sparkContext().hadoopConfiguration()), lower);
            if (meta == null || !meta.name().endsWith(Experiment.LOWER)) return LowerStage.NONE;
        } catch (IOException | RuntimeException none) {
            return LowerStage.NONE;
        }
        Asked a = given != null ? given : asked(spark, location); // unknown: e.g. the refinement's data set is no longer readable
        java.util.Set<String> asked = a.ids();
        String unknown = a.unknown();
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> runs = SweepTables.read(spark, lower, org.resweep.driver.results.ResultSchema.RUNS);
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> used = runs.filter(org.apache.spark.sql.functions.col("run_id").isin(asked.toArray()));
        long all = runs.count(), n = asked.isEmpty() ? 0 : used.count();
        if (n == all) {
            SweepTables.registerViews(spark, lower);
            return new LowerStage(BestLrAnalysis.cells(spark), "");
        }
        String note = String.format(java.util.Locale.ROOT, "`%s` holds %d runs that this refinement does not ask for (%s): not used, and left "
                + "as they are.", lower.getName(), all - n, unknown != null ? "which runs it asks for cannot be derived: " + unknown
                : asked.isEmpty() ? "it sends no configuration to the lower-rate stage"
                : "it asks for " + asked.size() + " runs there");
        if (n == 0) return new LowerStage(List.of(), note);
        org.resweep.driver.spark.BestLrJob.compute(used, meta.sweepId(), meta.name()).createOrReplaceTempView(
                org.resweep.driver.results.ResultSchema.BEST_LR.name());
        return new LowerStage(BestLrAnalysis.cells(spark), note);
    }

    /**
     * The run ids of the lower-rate stage that the refinement at {@code location} asks for ({@link Refinement#lower} of its
     * stored spec text and results, with its coarse stage): empty when it asks for none or has no coarse stage.
     */
    static java.util.Set<String> askedOfLowerStage(SparkSession spark, org.apache.hadoop.fs.Path location) throws IOException {
        org.apache.hadoop.fs.Path coarse = sibling(location, Experiment.COARSE);
        SweepFs fs = new SweepFs(location, spark.sparkContext().hadoopConfiguration());
        try {
            SweepMeta c = SweepMeta.read(new SweepFs(coarse, spark.sparkContext().hadoopConfiguration()), coarse);
            if (c == null || !Experiment.isCoarseStage(c.name())) return java.util.Set.of();
        } catch (IOException | RuntimeException none) {
            return java.util.Set.of();
        }
        String source = location.getName() + "/" + SweepMeta.YAML;
        var stage3 = Refinement.lower(spark, coarse.toString(), location.toString(), fs.read(new org.apache.hadoop.fs.Path(location, SweepMeta.YAML)),
                source);
        if (stage3.isEmpty()) return java.util.Set.of();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (var t : org.resweep.driver.spec.SweepPlan.of(org.resweep.driver.spec.SweepSpecParser.parse(stage3.get().text(), source)).tasks()) {
            ids.add(t.config().runId());
        }
        return ids;
    }

    /** {@code DIR-coarse} or {@code DIR-lower} next to the sweep directory {@code location}. */
    private static org.apache.hadoop.fs.Path sibling(org.apache.hadoop.fs.Path location, String suffix) {
        location = Completeness.named(location); // a directory URI ends with a slash: its name, not ""
        return new org.apache.hadoop.fs.Path(location.getParent(), location.getName() + suffix);
    }

    /**
     * @param location the sweep directory, qualified (any Hadoop filesystem)
     * @param figDir   the local folder the figures are written to
     */
    public static Optional<Section> analyse(SparkSession spark, org.apache.hadoop.fs.Path location, Path figDir) throws IOException {
        return analyse(spark, location, figDir, null);
    }

    /** {@link #analyse(SparkSession, org.apache.hadoop.fs.Path, Path)} with a refinement's asked lower-stage runs already derived (or null). */
    static Optional<Section> analyse(SparkSession spark, org.apache.hadoop.fs.Path location, Path figDir, Asked asked) throws IOException {
        String name = SweepMeta.read(new SweepFs(location, spark.sparkContext().hadoopConfiguration()), location).name();
        Optional<Experiment> e = Experiment.ofSweepName(name);
        if (e.isEmpty()) return Optional.empty();
        double[] coarseGrid = e.get().refined() ? coarseGrid(spark, location) : null;
        LowerStage lower = e.get().refined() ? lowerStage(spark, location, asked) : LowerStage.NONE;
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
