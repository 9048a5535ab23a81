package org.resweep.jobs.repro;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.resweep.driver.store.ParquetRunIds;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.store.SweepFs;
import org.resweep.driver.store.SweepMeta;

/**
 * How many of the runs a sweep directory's {@code sweep.json} plans are stored in its {@code runs} table: fewer after
 * an interrupted {@code run} or {@code reproduce} (a killed process, an exception), until a rerun finishes it. Read
 * from the part files' {@code run_id} column only (no Spark); a part file that cannot be read counts no run (the next
 * run of the sweep quarantines it and reruns its runs).
 *
 * @param stored  planned runs with a row in {@code runs} (any status)
 * @param planned runs {@code sweep.json} plans (the union over extensions)
 */
public record Completeness(int stored, int planned) {

    public boolean complete() { return stored >= planned; }

    /** {@code "N of M runs"}. */
    public String counts() { return stored + " of " + planned + " runs"; }

    /** The stored and planned runs of the sweep directory {@code dir} (qualified); {@code 0 of 0} without sweep.json. */
    public static Completeness of(SweepFs fs, Path dir) throws IOException {
        SweepMeta meta = SweepMeta.read(fs, dir);
        if (meta == null) return new Completeness(0, 0);
        Set<String> planned = new HashSet<>(meta.plannedRunIds());
        return new Completeness(storedOf(fs, dir, planned), planned.size());
    }

    /** How many of {@code ids} have a row in the {@code runs} table of the sweep directory {@code dir} (0 without one). */
    static int storedOf(SweepFs fs, Path dir, Set<String> ids) throws IOException {
        Set<String> stored = new HashSet<>();
        Path runs = new Path(dir, SweepDirectory.RUNS);
        if (!fs.exists(runs)) return 0;
        for (String part : SweepDirectory.partNames(fs, runs)) {
            try {
                for (String id : ParquetRunIds.read(fs.conf(), new Path(runs, part), "run_id")) {
                    if (ids.contains(id)) stored.add(id);
                }
            } catch (ParquetRunIds.UnreadableException unreadable) {
                // counts no run: rerunning the sweep quarantines the file and reruns its runs
            }
        }
        return stored.size();
    }

    /**
     * The report's section for a refined experiment whose refinement at {@code dir} is finished but needs a lower-rate
     * stage ({@link Refinement#lower}: {@code asked}, its run ids, non-empty) that is not stored whole next to it
     * ({@code DIR-lower}): a reproduction killed after the refinement, before or during stage 3. Empty when every asked
     * run is stored. Like {@link #notEvaluated}, nothing of the experiment is evaluated until a rerun finishes it.
     */
    static Optional<Section> lowerStageMissing(SweepFs fs, Path dir, String name, Set<String> asked) throws IOException {
        Optional<Experiment> e = Experiment.ofSweepName(name);
        if (e.isEmpty() || asked.isEmpty()) return Optional.empty();
        dir = named(dir);
        Path lower = new Path(dir.getParent(), dir.getName() + Experiment.LOWER);
        int stored = fs.exists(new Path(lower, SweepMeta.JSON)) ? storedOf(fs, lower, asked) : 0;
        if (stored >= asked.size()) return Optional.empty();
        String why = " (configurations with a diverged seed at every refined rate run again at lower rates)";
        return Optional.of(stored == 0 && !fs.exists(new Path(lower, SweepMeta.JSON))
                ? section(e.get(), dir, name, "its refinement `" + dir.getName() + "` is finished but its lower-rate stage `" + lower.getName()
                        + "`, needed for " + asked.size() + " runs" + why + ", has not started", "lower-rate stage not started")
                : section(e.get(), dir, name, "its refinement `" + dir.getName() + "` is finished but its lower-rate stage `" + lower.getName()
                        + "` holds " + stored + " of the " + asked.size() + " runs the refinement needs there" + why,
                        "lower-rate stage: " + stored + " of " + asked.size() + " runs"));
    }

    /**
     * The report's section for a sweep of {@code reproduce} that is not finished, or empty when it is: an experiment
     * sweep with fewer stored runs than it plans, or whose coarse or lower-rate stage ({@code DIR-coarse},
     * {@code DIR-lower} next to it) has; a coarse stage whose refinement has not started. Such a section shows no
     * figure and evaluates no claim (one entry, {@link Verdict#NOT_EVALUATED}): verdicts from a part of a grid (tasks
     * run longest-first, so whole depths or rates are missing) would look like the paper's answer.
     *
     * @param dir  a sweep directory (qualified), one of {@link Analyses#sweepDirs}
     * @param name its stored sweep name
     */
    static Optional<Section> notEvaluated(SweepFs fs, Path dir, String name) throws IOException {
        dir = named(dir);
        Optional<Experiment> e = Experiment.ofSweepName(name);
        if (e.isEmpty() || name.endsWith(Experiment.LOWER)) return Optional.empty(); // a lower stage: with its refinement
        Path parent = dir.getParent();
        if (Experiment.isCoarseStage(name)) {
            String base = dir.getName().endsWith(Experiment.COARSE)
                    ? dir.getName().substring(0, dir.getName().length() - Experiment.COARSE.length()) : null;
            if (parent == null || base == null || SweepDirectory.isSweepDirectory(fs, new Path(parent, base))) return Optional.empty();
            Completeness c = of(fs, dir);
            return Optional.of(section(e.get(), dir, name, c.complete()
                    ? "its coarse stage is finished (" + c.counts() + ") but its refinement (`" + base + "`) has not started"
                    : "its coarse stage `" + dir.getName() + "` holds " + c.counts() + " and its refinement has not started",
                    c.complete() ? "refinement not started" : "coarse stage: " + c.counts()));
        }
        List<String> stages = new java.util.ArrayList<>();
        String counts = null;
        for (String suffix : e.get().refined() ? List.of(Experiment.COARSE, "", Experiment.LOWER) : List.of("")) {
            Path d = suffix.isEmpty() ? dir : parent == null ? null : new Path(parent, dir.getName() + suffix);
            if (d == null || !fs.exists(new Path(d, SweepMeta.JSON))) continue;
            Completeness c = of(fs, d);
            if (c.complete()) continue;
            if (counts == null) counts = c.counts();
            stages.add("`" + d.getName() + "` holds " + c.counts());
        }
        return stages.isEmpty() ? Optional.empty() : Optional.of(section(e.get(), dir, name, String.join(", ", stages), counts));
    }

    /** {@code dir} without a trailing slash (a directory URI): its name, and its siblings, are then found. */
    static Path named(Path dir) {
        String p = dir.toString();
        return p.endsWith("/") && dir.getParent() != null ? new Path(p.substring(0, p.length() - 1)) : dir;
    }

    /** @param counts what the label's parentheses say: {@code N of M runs}, or the stage that is missing */
    private static Section section(Experiment e, Path dir, String name, String what, String counts) {
        String evidence = "incomplete (" + counts + "): " + what + " — an interrupted `resweep reproduce`; rerun reproduce (same --out, "
                + "with --experiments " + e.id() + " or without --experiments) to finish it. Nothing of this experiment is evaluated until then.";
        String md = "**Incomplete (" + counts + "): rerun reproduce to finish it.** " + what.substring(0, 1).toUpperCase(java.util.Locale.ROOT)
                + what.substring(1) + ". Its claims are not evaluated and no figure is drawn: verdicts from part of a grid (runs go "
                + "longest-first, so whole depths or rates are missing) would read as the paper's answer.\n";
        Claim c = new Claim(e.id() + ".incomplete", "every claim of this experiment (" + e.title() + ")", Verdict.NOT_EVALUATED, evidence);
        return new Section(e, java.nio.file.Path.of(dir.toUri().getPath()), name, md, List.of(), List.of(c));
    }
}
