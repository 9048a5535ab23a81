package org.resweep.jobs.repro;

import java.util.Optional;

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

    /** The experiment a stored sweep name belongs to, if any. */
    public static Optional<Experiment> ofSweepName(String name) {
        for (Experiment e : values()) {
            if (name.equals(e.id) || name.startsWith(e.id + "-")) return Optional.of(e);
        }
        return Optional.empty();
    }
}
