package org.resweep.jobs.repro;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.resweep.driver.spark.SweepTables;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.store.SweepMeta;

/** Finds the experiment sweeps under a directory and analyses each one (views registered per sweep). */
public final class Analyses {
    private Analyses() {}

    /** {@code dir} itself if it is a sweep directory, else its sub-directories that are, sorted by name. */
    public static List<Path> sweepDirs(Path dir) throws IOException {
        if (Files.isDirectory(dir.resolve(SweepDirectory.RUNS))) return List.of(dir);
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isDirectory(p.resolve(SweepDirectory.RUNS)) && Files.isRegularFile(p.resolve(SweepMeta.JSON)))
                    .sorted().toList();
        }
    }

    /** The experiment a sweep directory holds, by its stored sweep name. */
    public static Optional<Experiment> experimentOf(Path sweepDir) throws IOException {
        return Experiment.ofSweepName(SweepMeta.read(sweepDir).name());
    }

    /** Analyses every experiment sweep found under {@code dir}; figures go to {@code figDir}. */
    public static List<Section> analyseAll(SparkSession spark, Path dir, Path figDir) throws IOException {
        List<Section> out = new ArrayList<>();
        for (Path d : sweepDirs(dir)) {
            if (Experiment.isCoarseStage(SweepMeta.read(d).name())) continue; // a screen: its refinement (same experiment) is analysed
            analyse(spark, d, figDir).ifPresent(out::add);
        }
        out.sort((a, b) -> a.experiment().compareTo(b.experiment()));
        return out;
    }

    public static Optional<Section> analyse(SparkSession spark, Path sweepDir, Path figDir) throws IOException {
        String name = SweepMeta.read(sweepDir).name();
        Optional<Experiment> e = Experiment.ofSweepName(name);
        if (e.isEmpty()) return Optional.empty();
        SweepTables.registerViews(spark, sweepDir);
        return Optional.of(switch (e.get()) {
            case THEOREM2 -> Theorem2Analysis.analyse(spark, sweepDir, name, figDir);
            case FIG4 -> Fig4Analysis.analyse(spark, sweepDir, name, figDir);
            case FIG5_6 -> DynamicsAnalysis.analyse(spark, sweepDir, name, figDir);
            case FIG7, FIG8, FIG9 -> BestLrAnalysis.analyse(e.get(), spark, sweepDir, name, figDir);
            case PERTURBED_ZERO -> PerturbedZeroAnalysis.analyse(spark, sweepDir, name, figDir);
            case ESCAPE -> EscapeAnalysis.analyse(spark, sweepDir, name, figDir);
        });
    }
}
