package org.resweep.jobs.repro;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Figures 7, 8 and the Figure 9 analogue: best-rate mean final loss per method and depth, from {@code best_lr}. */
final class BestLrAnalysis {
    /** "Close to optimal": the 2-shortcut's gap to L* at most this fraction of L*. */
    static final double NEAR_OPTIMAL = 0.01;

    private BestLrAnalysis() {}

    /**
     * A best-rate cell of {@code best_lr}.
     *
     * @param placement {@code linear}, or the activation and its positions ({@code relu@pre,mid})
     */
    record Cell(String method, int shortcut, int depth, double lr, double mean, double std, int seeds, int diverged, boolean edge, double lStar,
                String placement) {
        Cell(String method, int shortcut, int depth, double lr, double mean, double std, int seeds, int diverged, boolean edge, double lStar) {
            this(method, shortcut, depth, lr, mean, std, seeds, diverged, edge, lStar, "linear");
        }

        /** "method placement L=depth" (the placement left out for linear networks): the key of {@link TrainingRecords#neverEscaped}. */
        String key() { return TrainingRecords.key(method, placement, depth); }
    }

    /** {@code linear}, or {@code activation@positions}. */
    static String placement(String activation, String positions) {
        return activation.equals("linear") ? "linear" : activation + "@" + positions;
    }

    static List<Cell> cells(SparkSession spark) {
        List<Cell> out = new ArrayList<>();
        for (Row r : Tables.query(spark, "SELECT shortcut, init, depth, best_lr, mean_final_loss, std_final_loss, n_seeds, n_diverged, lr_at_edge, "
                + "l_star, activation, positions FROM best_lr ORDER BY activation, positions, shortcut, init, depth")) {
            int n = Tables.integer(r, "shortcut");
            out.add(new Cell(Tables.method(n, Tables.str(r, "init")), n, Tables.integer(r, "depth"), Tables.num(r, "best_lr"),
                    Tables.num(r, "mean_final_loss"), Tables.num(r, "std_final_loss"), Tables.integer(r, "n_seeds"),
                    Tables.integer(r, "n_diverged"), r.getAs("lr_at_edge"), Tables.num(r, "l_star"),
                    placement(Tables.str(r, "activation"), Tables.str(r, "positions"))));
        }
        return out;
    }

    static Section analyse(Experiment e, SparkSession spark, Path dir, String name, Path figDir) throws IOException {
        return analyse(e, spark, dir, name, figDir, null, Analyses.LowerStage.NONE);
    }

    /**
     * @param coarseGrid smallest and largest rate of the coarse stage of a refined experiment ({@link Analyses#coarseGrid}),
     *                   or null: then "at edge" is the stored {@code best_lr.lr_at_edge} of this sweep; with it, a best
     *                   rate is at the edge when it lies beyond the coarse grid (the refinement's half step past an edge
     *                   won), since the ends of a refinement inside the grid are bracketed by coarse rates that did worse
     *                   ({@link #withCoarseEdges})
     * @param lower      the experiment's lower-rate stage ({@link Analyses#lowerStage}; {@link Analyses.LowerStage#NONE} if
     *                   none): its cells replace the refinement's cells that have no usable mean ({@link #withLowerStage}),
     *                   its note goes into the report
     */
    static Section analyse(Experiment e, SparkSession spark, Path dir, String name, Path figDir, double[] coarseGrid, Analyses.LowerStage lower)
            throws IOException {
        List<Cell> refinedCells = cells(spark);
        List<Cell> cells = withLowerStage(refinedCells, lower.cells());
        List<String> fromLower = cells.stream().filter(c -> !refinedCells.contains(c)).map(Cell::key).toList();
        if (coarseGrid != null) cells = withCoarseEdges(cells, coarseGrid, fromLower);
        List<List<String>> table = new ArrayList<>();
        for (Cell c : cells) {
            table.add(Tables.row(c.method() + (c.placement().equals("linear") ? "" : " " + c.placement()), c.depth(), c.lr(), c.mean(), c.std(), c.seeds(), c.diverged(), c.edge() ? "yes" : "no",
                    (c.mean() - c.lStar()) / c.lStar()));
        }
        // A refinement tries 1 to 3 rates per configuration. If a seed diverged at every one of them (a late divergence the
        // short coarse screen could not see), the configuration has no usable best rate: its mean is unknown, not worse —
        // the comparisons it enters are inconclusive and the grid check below fails. (Over a whole grid, as in fig7,
        // diverging at every rate is a finding about the method and stays +∞.)
        List<String> unstable = coarseGrid == null ? List.of() : unusable(cells);
        if (coarseGrid != null) cells = withUnusableMeansUnknown(cells);
        Map<String, List<Cell>> byMethod = new LinkedHashMap<>();
        for (Cell c : cells) byMethod.computeIfAbsent(c.method(), x -> new ArrayList<>()).add(c);
        List<Path> figs = new ArrayList<>();
        List<Claim> claims = new ArrayList<>();
        List<TrainingRecords.RunRec> runs = TrainingRecords.runs(spark);
        if (e == Experiment.FIG9) {
            figs.add(fig9(cells, figDir.resolve(name + ".png")));
            Map<String, List<Cell>> byPlacement = new TreeMap<>();
            for (Cell c : cells) byPlacement.computeIfAbsent(c.placement(), x -> new ArrayList<>()).add(c);
            boolean several = byPlacement.size() > 1;
            byPlacement.forEach((p, cs) -> {
                String suffix = several ? "." + p.replace('@', '-').replace(',', '-') : "";
                claims.addAll(fig9Claims(cs, suffix, several ? p : ""));
                claims.add(TrainingRecords.saddleClaim("fig9.high-order-saddle" + suffix, several ? p : "",
                        runs.stream().filter(r -> r.placement().equals(p)).toList()));
            });
        } else {
            Map<String, double[][]> s = new LinkedHashMap<>();
            byMethod.forEach((m, cs) -> s.put(m, new double[][] {cs.stream().mapToDouble(Cell::depth).toArray(), cs.stream().mapToDouble(Cell::mean).toArray()}));
            if (!cells.isEmpty() && e == Experiment.FIG7) {
                double[] ds = cells.stream().mapToDouble(Cell::depth).distinct().sorted().toArray();
                double[] ls = new double[ds.length];
                java.util.Arrays.fill(ls, cells.get(0).lStar());
                s.put("L* (best linear map)", new double[][] {ds, ls});
            }
            String what = e == Experiment.FIG7 ? "Fig. 7: linear networks" : "Fig. 8: ReLU at mid";
            figs.add(Charts.line(figDir.resolve(name + ".png"), new Charts.Axes(what + ", mean final loss at the best learning rate",
                    "depth L", "mean final loss", false, true), s));
            claims.addAll(depthClaims(e, byMethod));
        }
        claims.addAll(TrainingRecords.claims(e, runs));
        if (e == Experiment.FIG7 && !runs.isEmpty()) figs.add(TrainingRecords.figure(runs, figDir.resolve(name + "-weight-norms.png")));
        List<String> saddle = TrainingRecords.neverEscaped(runs);
        claims.add(gridClaim(e, cells, unstable, saddle, coarseGrid, fromLower));
        String stages = "Under `resweep reproduce` the rates come from two stages (docs/reproduce.md): a coarse screen (sweep `" + name
                + Experiment.COARSE + "`, 1 seed, 1/" + e.coarseDivisor() + " of the epochs), then this sweep: per configuration the coarse best "
                + "rate and the midpoints to its grid neighbours, every seed and epoch; configurations that never left the initial plateau in "
                + "the screen ran at its best rate only. " + (fromLower.isEmpty() ? "" : "A seed diverged at every refined rate of "
                + fromLower.size() + " configurations; their rows come from the lower-rate stage (sweep `" + name + Experiment.LOWER + "`, the two "
                + "coarse-grid rates below the refinement's, every seed and epoch): " + fromLower + " (the weights and escape table below "
                + "shows this sweep's runs). ") + (lower.note().isEmpty() ? "" : lower.note() + " ")
                + (coarseGrid != null ? "`lr at edge` here means the best rate lies beyond the coarse grid "
                + "(" + Tables.g(coarseGrid[0]) + " … " + Tables.g(coarseGrid[1]) + "): the refinement's half step past its edge did best; "
                + "or, for a row from the lower-rate stage, it is the coarse grid's smallest rate: no lower rate was tried."
                : "`lr at edge` here means the best rate is an end of that refinement.") + "\n\n";
        String md = (e == Experiment.FIG9 ? "EXPLORATORY: an ANALOGUE of the paper's CIFAR-10 pre-ResNet study (Fig. 9), a fully-connected "
                + "width-10 network at fixed depth with the shortcut length varied, not the paper's convolutional network or data. Each "
                + "activation placement is judged on its own. " + stages : e.refined() ? stages : "")
                + Tables.markdown(List.of("method", "depth", "best lr", "mean final loss", "std", "seeds", "diverged", "lr at edge", "(loss − L*)/L*"), table)
                + "\n" + TrainingRecords.table(runs);
        return new Section(e, dir, name, md, figs, claims);
    }

    /**
     * The refinement's cells, each one without a usable mean ({@link #unusable}) replaced by the lower-rate stage's cell of
     * the same configuration when that one has a finite mean; every other cell unchanged, in the same order.
     */
    static List<Cell> withLowerStage(List<Cell> refined, List<Cell> lower) {
        return refined.stream().map(c -> c.seeds() > 0 && !Double.isFinite(c.mean())
                ? lower.stream().filter(l -> l.key().equals(c.key()) && Double.isFinite(l.mean())).findFirst().orElse(c) : c).toList();
    }

    /**
     * The cells of a refined experiment with "at edge" as the coarse grid {@code [lo, hi]} says: a rate beyond it (the
     * refinement's half step past an edge won), or, for a cell taken from the lower-rate stage (its key in
     * {@code fromLower}), a rate at its smallest rate {@code lo}: the lowest rate tried for that configuration (relative
     * margin 1e-9). A lower-stage rate inside the grid is bracketed below by coarse rates that did worse.
     */
    static List<Cell> withCoarseEdges(List<Cell> cells, double[] grid, List<String> fromLower) {
        return cells.stream().map(c -> new Cell(c.method(), c.shortcut(), c.depth(), c.lr(), c.mean(), c.std(), c.seeds(), c.diverged(),
                c.lr() < grid[0] * (1 - 1e-9) || c.lr() > grid[1] * (1 + 1e-9) || fromLower.contains(c.key()) && c.lr() <= grid[0] * (1 + 1e-9),
                c.lStar(), c.placement())).toList();
    }

    /**
     * The check of our grid: no best rate at its edge (configurations that never left the initial plateau, {@code saddle},
     * not counted) and, for a refined experiment ({@code coarseGrid} not null), no configuration without a usable best rate
     * ({@code unstable}). An edge cell from the lower-rate stage ({@code fromLower}) is named as such.
     */
    static Claim gridClaim(Experiment e, List<Cell> cells, List<String> unstable, List<String> saddle, double[] coarseGrid, List<String> fromLower) {
        List<Cell> edgeCells = cells.stream().filter(Cell::edge).filter(c -> !saddle.contains(c.key())).toList();
        long edges = edgeCells.size();
        return new Claim(e.id() + ".grid-wide-enough", "(check of our grid, not a claim of the paper) no best learning rate sits on the edge of the grid"
                + (coarseGrid == null ? "" : ", and every configuration has a rate at which no seed diverged"),
                Verdict.of(edges == 0 && unstable.isEmpty()), edges + " of " + cells.size() + " configurations have their best rate at the grid's edge"
                + (edges == 0 ? "" : ": " + edgeCells.stream().map(c -> c.key() + " lr=" + Tables.g(c.lr())
                        + (fromLower.contains(c.key()) ? " (lower-rate stage: the smallest rate tried)" : "")).toList())
                + (coarseGrid == null ? "" : "; " + unstable.size() + " have a diverged seed at every rate tried (no usable best rate: their "
                + "comparisons are inconclusive)" + (unstable.isEmpty() ? "" : ": " + unstable))
                + (saddle.isEmpty() ? "" : "; not counted, because no run left the initial plateau at any rate (a saddle, not a grid "
                + "problem): " + saddle), "edge = the best rate is the smallest or largest rate of the grid; configurations that never "
                + "left the initial plateau are a finding about the saddle (n ≥ 3), not about the grid"
                + (coarseGrid == null ? "." : "; a configuration with a diverged seed at every refined rate, and at the lower-rate stage's "
                + "rates when it ran, has no usable best rate (the coarse screen's 1 seed and short run miss late divergence): a grid "
                + "problem, not a finding."));
    }

    /** The keys of the cells of a refinement whose best mean is not finite: a seed diverged at every rate it tried. */
    static List<String> unusable(List<Cell> cells) {
        return cells.stream().filter(c -> c.seeds() > 0 && !Double.isFinite(c.mean())).map(Cell::key).toList();
    }

    /**
     * The cells of a refinement with the mean (and spread) of {@link #unusable} cells set to NaN, so that every comparison
     * they enter is "no usable mean on a side: no test" (inconclusive) instead of a decisive "+∞ is higher".
     */
    static List<Cell> withUnusableMeansUnknown(List<Cell> cells) {
        return cells.stream().map(c -> c.seeds() > 0 && !Double.isFinite(c.mean()) ? new Cell(c.method(), c.shortcut(), c.depth(), c.lr(),
                Double.NaN, Double.NaN, c.seeds(), c.diverged(), c.edge(), c.lStar(), c.placement()) : c).toList();
    }

    private static Cell at(List<Cell> cs, int depth) {
        return cs == null ? null : cs.stream().filter(c -> c.depth() == depth).findFirst().orElse(null);
    }

    private static Cell last(List<Cell> cs) { return cs.get(cs.size() - 1); }

    /** The seed summary of a best-rate cell (mean, std and n from {@code best_lr}). */
    static Sample sample(Cell c) {
        if (Double.isNaN(c.mean()) && c.seeds() > 0) {
            return new Sample(c.method() + ", L = " + c.depth() + " (a diverged seed at every refined rate: no usable best rate)", Double.NaN, Double.NaN, 0);
        }
        return new Sample(c.method() + ", L = " + c.depth(), c.mean(), c.std(), c.seeds());
    }

    static final String BEST_RATE = "each method at its own best learning rate (lowest mean final loss over seeds on our grid — "
            + "selecting the minimum favours methods with noisier seeds a little); Welch's t-test at α = " + Tables.g(Welch.ALPHA);

    static List<Claim> depthClaims(Experiment e, Map<String, List<Cell>> by) {
        List<Claim> out = new ArrayList<>();
        List<Cell> sc = by.get("2-shortcut small");
        if (sc == null || sc.isEmpty()) return out;
        for (Map.Entry<String, List<Cell>> o : by.entrySet()) {
            if (o.getKey().equals("2-shortcut small")) continue;
            Cell a = null, b = null;
            for (int i = sc.size() - 1; i >= 0 && a == null; i--) {
                Cell x = at(o.getValue(), sc.get(i).depth());
                if (x != null) {
                    a = sc.get(i);
                    b = x;
                }
            }
            if (a == null) continue;
            Welch.Result w = Welch.test(sample(a), sample(b));
            out.add(new Claim(e.id() + ".2sc-beats-" + o.getKey().replace(' ', '-'), "deep networks: the 2-shortcut reaches a lower final loss "
                    + "than " + o.getKey(), w.aLower(), String.format("depth %d, best rates %s vs %s: %s", a.depth(), Tables.g(a.lr()),
                    Tables.g(b.lr()), w.evidence()), "\"deep\" = the largest depth both were run at; " + BEST_RATE + "."));
        }
        if (e == Experiment.FIG7) {
            Cell worstCell = sc.stream().max((x, y) -> Double.compare((x.mean() - x.lStar()) / x.lStar(), (y.mean() - y.lStar()) / y.lStar())).get();
            double worst = (worstCell.mean() - worstCell.lStar()) / worstCell.lStar();
            double upper = worst + 2 * sample(worstCell).se() / worstCell.lStar();
            Verdict v = !(worst <= NEAR_OPTIMAL) ? Verdict.DOES_NOT_HOLD : Double.isNaN(upper) || upper > NEAR_OPTIMAL ? Verdict.INCONCLUSIVE : Verdict.HOLDS;
            out.add(new Claim("fig7.2sc-near-optimal", "the final loss of the 2-shortcut linear network stays close to optimal (L*) as depth grows",
                    v, String.format("max over depths %d…%d of (loss − L*)/L* = %s at depth %d (+2 SE: %s)", sc.get(0).depth(), last(sc).depth(),
                    Tables.g(worst), worstCell.depth(), Tables.g(upper)),
                    "\"close\" = mean gap ≤ " + Tables.g(NEAR_OPTIMAL) + " of L* at every depth, with mean + 2 SE also below it (else inconclusive); "
                    + "best rate per depth."));
            List<Cell> xa = by.get("plain xavier");
            if (xa != null && xa.size() >= 2) {
                Welch.Result w = Welch.test(sample(last(xa)), sample(xa.get(0)));
                out.add(new Claim("fig7.xavier-degrades", "plain Xavier networks find the optimum harder as they get deeper", w.aHigher(),
                        w.evidence(), "deepest vs shallowest depth of the sweep; " + BEST_RATE + "."));
                Cell x = at(xa, last(sc).depth());
                List<Cell> orth = by.get("plain orthogonal");
                Cell od = orth == null ? null : at(orth, last(xa).depth());
                if (od != null) {
                    Welch.Result wo = Welch.test(sample(od), sample(last(xa)));
                    out.add(new Claim("fig7.orthogonal-beats-xavier", "plain orthogonal networks reach a lower final loss than plain Xavier ones",
                            wo.aLower(), wo.evidence(), "at the deepest depth both were run at; " + BEST_RATE + "."));
                }
                Cell o2 = orth == null ? null : at(orth, last(sc).depth());
                if (o2 != null) {
                    out.add(new Claim("fig7.higher-rates-vs-orthogonal", "higher learning rates can be applied to the 2-shortcut network than to "
                            + "plain orthogonal ones", Verdict.of(last(sc).lr() > o2.lr()), String.format("best rate at depth %d: 2-shortcut %s vs "
                            + "plain orthogonal %s", o2.depth(), Tables.g(last(sc).lr()), Tables.g(o2.lr())),
                            "compared through the best rate of each (one grid point each, no seed spread: decided by the grid's resolution)."));
                }
                if (x != null) {
                    out.add(new Claim("fig7.higher-rates", "higher learning rates can be applied to the 2-shortcut network",
                            Verdict.of(last(sc).lr() > x.lr()), String.format("best rate at depth %d: 2-shortcut %s vs plain Xavier %s",
                            x.depth(), Tables.g(last(sc).lr()), Tables.g(x.lr())),
                            "compared through the best rate of each (one grid point each, no seed spread: decided by the grid's resolution)."));
                }
            }
        } else {
            Welch.Result w = sc.size() < 2 ? null : Welch.test(sample(last(sc)), sample(sc.get(0)));
            Verdict v = w == null || w.order() == Welch.Order.TOO_FEW ? Verdict.INCONCLUSIVE
                    : w.order() == Welch.Order.HIGHER ? Verdict.DOES_NOT_HOLD : Verdict.HOLDS;
            out.add(new Claim("fig8.2sc-no-degradation", "with ReLUs the 2-shortcut network still finds good points as it gets deeper (no degradation)",
                    v, w == null ? "one depth only" : w.evidence(),
                    "deepest vs shallowest depth; holds unless the deepest is significantly worse (a test cannot show equality); " + BEST_RATE + "."));
        }
        return out;
    }

    private static Path fig9(List<Cell> cells, Path file) throws IOException {
        Map<String, List<Cell>> byDepth = new TreeMap<>();
        for (Cell c : cells) byDepth.computeIfAbsent(c.placement() + String.format(", depth %3d", c.depth()), x -> new ArrayList<>()).add(c);
        Map<String, double[][]> s = new LinkedHashMap<>();
        byDepth.forEach((d, cs) -> s.put(d.replaceAll("  +", " "), new double[][] {cs.stream().mapToDouble(Cell::shortcut).toArray(),
                cs.stream().mapToDouble(Cell::mean).toArray()}));
        return Charts.line(file, new Charts.Axes("Fig. 9 analogue: mean final loss at the best rate vs shortcut length",
                "shortcut length n", "mean final loss", false, false), s);
    }

    /** Relative size below which a significant change of a mean final loss counts as no change (fig9's depth trend). */
    static final double PRACTICAL = 1e-3;

    static final String FIG9_NOTE = "exploratory analogue (fully-connected width-10 network, not the paper's CIFAR-10 ResNet); ";

    static List<Claim> fig9Claims(List<Cell> cells) { return fig9Claims(cells, "", ""); }

    /**
     * The Figure 9 analogue's claims for the cells of one activation placement.
     *
     * @param suffix    appended to the claim ids ("" with one placement)
     * @param placement named in the claim texts ("" with one placement)
     */
    static List<Claim> fig9Claims(List<Cell> cells, String suffix, String placement) {
        String tag = placement.isEmpty() ? "(analogue)" : "(analogue, " + placement + ")";
        List<Claim> out = new ArrayList<>();
        if (cells.isEmpty()) return out;
        int dMax = cells.stream().mapToInt(Cell::depth).max().getAsInt(), dMin = cells.stream().mapToInt(Cell::depth).min().getAsInt();
        List<Cell> deep = cells.stream().filter(c -> c.depth() == dMax).toList();
        Cell two = deep.stream().filter(c -> c.shortcut() == 2).findFirst().orElse(null);
        if (two != null) {
            boolean allLower = true, someHigher = false;
            List<String> ev = new ArrayList<>();
            for (Cell c : deep) {
                if (c == two) continue;
                Welch.Result w = Welch.test(sample(two), sample(c));
                allLower &= w.order() == Welch.Order.LOWER;
                someHigher |= w.order() == Welch.Order.HIGHER;
                ev.add(w.evidence());
            }
            out.add(new Claim("fig9.2sc-best-when-deep" + suffix, tag + " in a very deep network the 2-shortcut is the best shortcut length",
                    someHigher ? Verdict.DOES_NOT_HOLD : allLower ? Verdict.HOLDS : Verdict.INCONCLUSIVE, "depth " + dMax + ": " + String.join("; ", ev),
                    FIG9_NOTE + "holds if the 2-shortcut is significantly lower than every other length, does not hold if any is "
                    + "significantly lower than it; " + BEST_RATE + "."));
        }
        if (dMin == dMax) {
            out.add(new Claim("fig9.only-2sc-gains" + suffix, tag + " only the 2-shortcut gains from depth; other lengths degrade", Verdict.INCONCLUSIVE,
                    "one depth only (" + dMax + "): no depth trend measured (the full fig9 sweep has two)", FIG9_NOTE));
        } else {
            List<String> ev = new ArrayList<>();
            boolean contradicted = false, supported = true;
            for (Cell c : deep) {
                Cell s = cells.stream().filter(x -> x.depth() == dMin && x.shortcut() == c.shortcut()).findFirst().orElse(null);
                if (s == null) continue;
                Welch.Result w = Welch.test(sample(c), sample(s));
                // A significant move smaller than PRACTICAL of the loss (e.g. two runs resting on the saddle at zero, at the
                // initial loss, with seed spreads of 1e-8) is no move.
                boolean practical = !(Math.abs(c.mean() - s.mean()) <= PRACTICAL * Math.abs(s.mean()));
                Welch.Order o = practical ? w.order() : Welch.Order.NOT_SIGNIFICANT;
                if (c.shortcut() == 2) {
                    supported &= o == Welch.Order.LOWER;
                    contradicted |= o == Welch.Order.HIGHER;
                } else {
                    supported &= o == Welch.Order.HIGHER;
                    contradicted |= o == Welch.Order.LOWER;
                }
                ev.add("n=" + c.shortcut() + ": " + w.evidence() + (practical || o == w.order() ? "" : " (a change below "
                        + Tables.g(PRACTICAL) + " of the loss: no move)"));
            }
            out.add(new Claim("fig9.only-2sc-gains" + suffix, tag + " only the 2-shortcut gains from depth; other lengths degrade",
                    contradicted ? Verdict.DOES_NOT_HOLD : supported ? Verdict.HOLDS : Verdict.INCONCLUSIVE,
                    "depth " + dMax + " vs " + dMin + ": " + String.join("; ", ev), FIG9_NOTE + "holds if n = 2 is significantly lower at the "
                    + "larger depth and every other n significantly higher; does not hold on a significant opposite move; a change smaller than "
                    + Tables.g(PRACTICAL) + " of the loss counts as no move; " + BEST_RATE + "."));
        }
        return out;
    }
}
