package org.resweep.jobs.repro;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The experiments of docs/model.md §7. A sweep directory holds experiment E when its stored sweep name is E's id or starts
 * with the id and a dash ({@code fig7}, {@code fig7-quick}, {@code fig9-fashion-quick}).
 */
public enum Experiment {
    THEOREM2("theorem2", "Theorem 2: the Hessian at W = 0"),
    FIG4("fig4", "Figure 4: condition number at initialisation vs depth"),
    FIG5_6("fig5-6", "Figures 5 and 6: learning dynamics at depth 10"),
    FIG7("fig7", "Figure 7: best-rate final loss vs depth, linear networks"),
    FIG8("fig8", "Figure 8: best-rate final loss vs depth, ReLU at mid"),
    FIG9("fig9", "Figure 9 analogue: shortcut length at fixed depth"),
    PERTURBED_ZERO("perturbed-zero", "Theorem 2 at an ε-perturbed zero: 2-shortcut with ReLU at mid"),
    ESCAPE("escape", "Escape from the higher-order saddle at zero (n = 3) vs init scale and learning rate");

    private final String id;
    private final String title;

    Experiment(String id, String title) {
        this.id = id;
        this.title = title;
    }

    public String id() { return id; }

    public String title() { return title; }

    /** The sweep file of this experiment: {@code ID.yaml} or {@code ID-quick.yaml}. */
    public String specFile(boolean quick) { return id + (quick ? "-quick" : "") + ".yaml"; }

    /** Every experiment id, comma-separated, in this enum's (the report's) order: the one list help texts and messages use. */
    public static String ids() {
        return Arrays.stream(values()).map(Experiment::id).collect(Collectors.joining(", "));
    }

    /** The experiment of an id ({@code fig5-6}), exactly. */
    public static Optional<Experiment> ofId(String id) {
        return Arrays.stream(values()).filter(e -> e.id.equals(id)).findFirst();
    }

    /**
     * The order {@code reproduce} runs {@code selected} in: this enum's order, except that an experiment runs after the
     * one it takes learning rates from ({@link #ratesFrom()}: fig5-6 after fig7).
     */
    public static List<Experiment> runOrder(Collection<Experiment> selected) {
        List<Experiment> out = new ArrayList<>();
        for (Experiment e : values()) {
            if (!selected.contains(e) || out.contains(e)) continue;
            Optional<Experiment> src = e.ratesFrom();
            if (src.isPresent() && selected.contains(src.get()) && !out.contains(src.get())) out.add(src.get());
            out.add(e);
        }
        return out;
    }

    /** The experiment whose {@code best_lr} gives this one's learning rates: fig5-6 runs each method at fig7's best rate. */
    public Optional<Experiment> ratesFrom() { return this == FIG5_6 ? Optional.of(FIG7) : Optional.empty(); }

    /**
     * Whether this experiment runs in two stages under {@code reproduce}, a coarse learning-rate screen then a refinement
     * ({@link Refinement}): fig8 and fig9, the nonlinear (costly) best-rate sweeps.
     */
    public boolean refined() { return this == FIG8 || this == FIG9; }

    /**
     * The coarse stage of a refined experiment runs {@code epochs / coarseDivisor()} epochs of its file
     * ({@link Refinement#screenEpochs}: not fewer than min(a third, 300)): fig8 a third (333 of 1000), fig9 a tenth (300
     * of 3000: the screen only ranks rates, and at their best rates the n ≤ 2 runs leave the initial plateau within
     * ~250 epochs).
     */
    public int coarseDivisor() { return this == FIG9 ? 10 : 3; }

    /** Suffix of the sweep name (and directory) of a refined experiment's first, coarse stage. */
    public static final String COARSE = "-coarse";

    /** Whether a stored sweep name is the coarse stage of a refined experiment ({@code fig9-coarse}, {@code fig9-quick-coarse}). */
    public static boolean isCoarseStage(String name) { return name.endsWith(COARSE); }

    /**
     * Suffix of the sweep name (and directory) of a refined experiment's third stage, if it ran: lower rates for the
     * configurations with a diverged seed at every refined rate ({@link Refinement#lower}).
     */
    public static final String LOWER = "-lower";

    /** Whether a stored sweep name is a stage analysed with its refinement, not on its own (coarse or lower-rate stage). */
    public static boolean isExtraStage(String name) { return name.endsWith(COARSE) || name.endsWith(LOWER); }

    /** The experiment a stored sweep name belongs to, if any. */
    public static Optional<Experiment> ofSweepName(String name) {
        for (Experiment e : values()) {
            if (name.equals(e.id) || name.startsWith(e.id + "-")) return Optional.of(e);
        }
        return Optional.empty();
    }
}
