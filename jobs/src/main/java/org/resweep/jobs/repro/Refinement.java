package org.resweep.jobs.repro;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.resweep.driver.results.ConfigColumns;
import org.resweep.driver.spark.SweepTables;

/**
 * The stages of a refined experiment (fig8 and the Figure 9 analogue): two, and a third when needed ({@link #lower}). The shipped sweep file describes the full design:
 * its grid, its seeds and epochs.
 * <ol>
 *   <li><b>Coarse stage</b> ({@link #coarse}): the same grid with 1 seed and a fraction of the epochs
 *       ({@link Experiment#coarseDivisor}; at least 1), sweep
 *       name {@code NAME-coarse}: a screen that finds each configuration's best rate on the grid.</li>
 *   <li><b>Refinement</b> ({@link #refine}): per configuration (activation, positions, shortcut, depth, init,
 *       init_scale), the coarse best rate b and the geometric midpoints b·r^(−½), b·r^(½) to its neighbours, r the
 *       grid's ratio next to b (the geometric mean of both sides inside the grid; one side at its edge, so the
 *       refinement also looks half a step beyond the grid), each rounded to 12 significant digits — with the full
 *       seeds and epochs, under the file's own name. A configuration none of whose coarse runs left the initial
 *       plateau (no run's loss fell below 0.9 × its initial loss: the higher-order saddle of n ≥ 3 from small init)
 *       gets its coarse best rate only: there is no rate to refine, and its runs show the saddle at full length.</li>
 * </ol>
 * The derived texts depend only on the shipped text and the stored results of the earlier stages, so a rerun resumes every stage.
 */
public final class Refinement {
    private Refinement() {}

    /** The coarse stage's sweep text, with a third of the epochs. */
    public static String coarse(String text, String source) { return coarse(text, source, 3); }

    /**
     * The coarse stage's epochs for a file of {@code epochs}: {@code epochs / divisor}, but not fewer than a third of them
     * or 300, whichever is smaller (short quick files keep a screen of a third), and at least 1.
     */
    public static int screenEpochs(int epochs, int divisor) {
        return Math.max(1, Math.max(epochs / divisor, Math.min(epochs / 3, 300)));
    }

    /**
     * The coarse stage's sweep text: the file's grid with 1 seed and {@link #screenEpochs} epochs; every other key (a
     * convergence rule {@code stop} included) as in the file — except a {@code stop} whose window is longer than the
     * screen: it could never stop a screen run (the parser rejects such a rule), so the screen has none.
     */
    public static String coarse(String text, String source, int divisor) {
        Map<String, Object> doc = SpecTexts.load(text, source);
        int epochs = ((Number) doc.get("epochs")).intValue();
        int screen = screenEpochs(epochs, divisor);
        doc.put("name", doc.get("name") + Experiment.COARSE);
        doc.put("seeds", 1);
        doc.put("epochs", screen);
        boolean noStop = doc.get("stop") instanceof Map<?, ?> stop && stop.get("window") instanceof Number w && w.longValue() > screen;
        if (noStop) doc.remove("stop");
        return SpecTexts.dump(List.of("Derived by `resweep reproduce` from " + source + ": stage 1 of 2 (coarse learning-rate screen),",
                "the file's grid with 1 seed and " + screen + " of its " + epochs + " epochs" + (noStop ? " (no stop rule: its window is "
                + "longer than the screen)" : "") + ". Stage 2 refines around each configuration's best rate."), doc, source);
    }

    /** Most rates per configuration in the refinement: the coarse best rate and the two midpoints to its neighbours. */
    public static final int MAX_RATES = 3;

    /**
     * The refinement's size and estimated cost before the coarse stage ran, from the plan of the shipped file (its grid
     * with every seed and epoch): per configuration (a task's configuration without learning rate and replicate) the
     * rates of the grid are replaced by 1 (none of its coarse runs escaped) to {@link #MAX_RATES} (the usual case)
     * rates of the same cost — the cost model does not depend on the rate. Costs in seconds of one reference core
     * ({@link org.resweep.driver.spec.CostModel}); upper bounds where runs diverge or stop early.
     *
     * @return {runs at 1 rate each, their cost, runs at {@link #MAX_RATES} rates each, their cost}
     */
    public static double[] estimate(org.resweep.driver.spec.SweepPlan full) { return estimate(full.tasks()); }

    /** {@link #estimate(org.resweep.driver.spec.SweepPlan)} of some of a plan's tasks (every rate of their configurations). */
    public static double[] estimate(List<org.resweep.driver.spec.PlannedRun> tasks) {
        Map<String, TreeSet<Double>> rates = new LinkedHashMap<>();
        for (var t : tasks) rates.computeIfAbsent(configKey(t.config()), k -> new TreeSet<>()).add(t.config().learningRate());
        double[] out = new double[4];
        for (var t : tasks) {
            int n = rates.get(configKey(t.config())).size();
            out[0] += 1.0 / n;
            out[1] += t.cost() / n;
            out[2] += Math.min(MAX_RATES, n) / (double) n;
            out[3] += t.cost() * Math.min(MAX_RATES, n) / n;
        }
        out[0] = Math.round(out[0]);
        out[2] = Math.round(out[2]);
        return out;
    }

    /** A run's configuration without learning rate and replicate (what the refinement keys its rates by). */
    private static String configKey(org.resweep.core.train.RunConfig c) {
        return c.dataset() + "|" + c.net().activation().id() + "|" + org.resweep.core.net.Position.format(c.net().positions()) + "|"
                + c.net().shortcut() + "|" + c.net().depth() + "|" + c.init().id() + "|" + c.initScale();
    }

    /** One configuration of the coarse stage: its grid of rates, its best rate and whether any ok run escaped. */
    record Config(String activation, String positions, int shortcut, int depth, String init, double initScale, TreeSet<Double> rates,
                  double best, boolean escaped, boolean anyOk) {
        Config(String activation, String positions, int shortcut, int depth, String init, double initScale, TreeSet<Double> rates,
               double best, boolean escaped) {
            this(activation, positions, shortcut, depth, init, initScale, rates, best, escaped, true);
        }
    }

    /** The refinement's sweep text from the stored coarse stage at {@code coarseLocation}, and a note for the report. */
    public static BestRates.Derived refine(SparkSession spark, String coarseLocation, String text, String source) throws IOException {
        SweepTables.registerViews(spark, coarseLocation);
        List<Config> configs = configs(spark);
        Map<String, Object> doc = SpecTexts.load(text, source);
        doc.remove("axes");
        List<Object> variants = new ArrayList<>();
        int refined = 0, saddle = 0, diverged = 0;
        for (Config c : configs) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("activation", c.activation());
            v.put("positions", c.positions().isEmpty() ? "none" : c.positions());
            v.put("shortcut", c.shortcut());
            v.put("depth", c.depth());
            v.put("init", c.init());
            v.put("init_scale", c.initScale());
            List<Double> lrs = rates(c);
            v.put("learning_rate", lrs.size() == 1 ? lrs.get(0) : lrs);
            variants.add(v);
            if (lrs.size() > 1) refined++;
            if (!c.escaped() && c.anyOk()) saddle++;
            if (!c.anyOk()) diverged++;
        }
        doc.put("variants", variants);
        String derived = SpecTexts.dump(List.of("Derived by `resweep reproduce` from " + source + ": stage 2 of 2 (refinement). Per configuration",
                "the coarse stage's best rate b and the geometric midpoints to its grid neighbours; b alone where no coarse run left",
                "the initial plateau. The shipped file's comments explain the experiment."), doc, source);
        String note = String.format(java.util.Locale.ROOT, "Two stages: a coarse screen of the file's grid (1 seed, %d epochs; "
                + "sweep `%s`), then per configuration the coarse best rate b and the midpoints b·r^(±½) to its grid neighbours with every seed "
                + "and epoch. %d configurations refined; %d never left the initial plateau in the coarse stage (no run below 0.9 × its "
                + "initial loss at any rate) and ran at b only%s.", Tables.integer(Tables.query(spark, "SELECT max(epochs) AS e FROM runs").get(0), "e"), Tables.str(Tables.query(spark, "SELECT sweep FROM best_lr LIMIT 1").get(0),
                "sweep"), refined, saddle, diverged == 0 ? "" : String.format(java.util.Locale.ROOT, "; %d diverged at every coarse rate and "
                + "ran at the grid's smallest rate only", diverged));
        return new BestRates.Derived(derived, note);
    }

    /** Most rates per configuration in the lower-rate stage ({@link #lower}). */
    public static final int LOWER_RATES = 2;

    /**
     * The lower-rate stage (stage 3), run only when needed: a configuration of the refinement at {@code refinedLocation}
     * with a diverged seed at every rate it tried (its {@code best_lr} mean is not finite — a late divergence that the
     * 1-seed, short coarse screen cannot see) gets the {@value #LOWER_RATES} largest rates of its coarse grid below the
     * refinement's smallest, with every seed and epoch, as sweep {@code NAME-lower}; with several data sets, on those where a
     * configuration needs it (a variant runs on every data set of the file). The report then takes such a
     * configuration's best rate from this stage when one of these rates has no diverged seed.
     *
     * @param text the refinement's sweep text (stage 2), {@code source} the shipped file's name (messages)
     * @return the stage's sweep text and a note for the report, or empty when no configuration needs it (or none has a
     *         coarse rate below its refinement)
     */
    public static java.util.Optional<BestRates.Derived> lower(SparkSession spark, String coarseLocation, String refinedLocation, String text,
                                                              String source) throws IOException {
        SweepTables.registerViews(spark, coarseLocation);
        List<Config> configs = configs(spark);
        SweepTables.registerViews(spark, refinedLocation);
        Map<String, Double> unstable = new LinkedHashMap<>(); // key → the refinement's smallest rate
        Map<String, java.util.Set<String>> dataSetsOf = new LinkedHashMap<>(); // key → the data sets where it happened
        for (Row r : Tables.query(spark, UNSTABLE_SQL)) {
            unstable.merge(key(r), Tables.num(r, "lo"), Math::min);
            dataSetsOf.computeIfAbsent(key(r), k -> new java.util.HashSet<>()).add(Tables.str(r, "dataset"));
        }
        java.util.Set<String> dataSets = new java.util.HashSet<>(); // the data sets of the configurations that run again
        Map<String, Object> doc = SpecTexts.load(text, source);
        doc.remove("axes");
        List<Object> variants = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Config c : configs) {
            String k = c.activation() + "|" + c.positions() + "|" + c.shortcut() + "|" + c.depth() + "|" + c.init() + "|" + c.initScale();
            Double lo = unstable.get(k);
            if (lo == null) continue;
            List<Double> lrs = lowerRates(c.rates(), lo);
            if (lrs.isEmpty()) continue;
            dataSets.addAll(dataSetsOf.get(k));
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("activation", c.activation());
            v.put("positions", c.positions().isEmpty() ? "none" : c.positions());
            v.put("shortcut", c.shortcut());
            v.put("depth", c.depth());
            v.put("init", c.init());
            v.put("init_scale", c.initScale());
            v.put("learning_rate", lrs.size() == 1 ? lrs.get(0) : lrs);
            variants.add(v);
            names.add(c.activation() + "@" + c.positions() + " n=" + c.shortcut() + " L=" + c.depth());
        }
        if (variants.isEmpty()) return java.util.Optional.empty();
        doc.put("name", doc.get("name") + Experiment.LOWER);
        if (doc.get("data") instanceof List<?> data) { // only the data sets where a configuration needs it (a variant runs on every one)
            List<Object> kept = data.stream().filter(x -> dataSets.contains(String.valueOf(x))).map(x -> (Object) x).toList();
            doc.put("data", kept.size() == 1 ? kept.get(0) : kept);
        }
        doc.put("variants", variants);
        String derived = SpecTexts.dump(List.of("Derived by `resweep reproduce` from " + source + ": stage 3 (lower rates). Per configuration",
                "with a diverged seed at every rate of stage 2, the " + LOWER_RATES + " largest rates of its coarse grid below stage 2's;",
                "every seed and epoch. The shipped file's comments explain the experiment."), doc, source);
        String note = String.format(java.util.Locale.ROOT, "Stage 3: %d configurations had a diverged seed at every refined rate (a late "
                + "divergence the short 1-seed screen cannot see); they ran again at up to %d lower rates of the coarse grid with every seed "
                + "and epoch: %s.", variants.size(), LOWER_RATES, names);
        return java.util.Optional.of(new BestRates.Derived(derived, note));
    }

    /**
     * Per configuration of the refinement's {@code best_lr} with a diverged seed at every rate (mean not finite), its data
     * set and the refinement's smallest rate {@code lo}. best_lr is joined to runs on every column of a configuration
     * ({@link ConfigColumns#GROUP_KEY}: the data set too), so each row's rates are its own configuration's.
     */
    static final String UNSTABLE_SQL = "SELECT " + cols("b", ConfigColumns.GROUP_KEY) + ", min(r.learning_rate) AS lo FROM best_lr b JOIN runs r ON "
            + String.join(" AND ", ConfigColumns.GROUP_KEY.stream().map(k -> "r." + k + " <=> b." + k).toList())
            + " WHERE b.n_seeds > 0 AND (b.mean_final_loss IS NULL OR isnan(b.mean_final_loss) OR b.mean_final_loss = CAST('Infinity' AS DOUBLE))"
            + " GROUP BY " + cols("b", ConfigColumns.GROUP_KEY);

    private static String cols(String table, List<String> names) {
        return String.join(", ", names.stream().map(n -> table + "." + n).toList());
    }

    /** Up to {@link #LOWER_RATES} rates of {@code grid} strictly below {@code lowest} (with a 1e-9 relative margin), the largest ones, ascending. */
    static List<Double> lowerRates(TreeSet<Double> grid, double lowest) {
        List<Double> out = new ArrayList<>(grid.headSet(lowest * (1 - 1e-9), false).descendingSet());
        out = new ArrayList<>(out.subList(0, Math.min(LOWER_RATES, out.size())));
        java.util.Collections.reverse(out);
        return out;
    }

    static List<Config> configs(SparkSession spark) {
        List<Config> out = new ArrayList<>();
        List<Row> runs = Tables.query(spark, "SELECT activation, positions, shortcut, depth, init, init_scale, collect_set(learning_rate) AS rates, "
                + "max(CASE WHEN status = 'ok' AND escape_epoch IS NOT NULL THEN 1 ELSE 0 END) AS escaped, "
                + "max(CASE WHEN status = 'ok' THEN 1 ELSE 0 END) AS any_ok FROM runs "
                + "GROUP BY activation, positions, shortcut, depth, init, init_scale");
        List<Row> best = Tables.query(spark, "SELECT activation, positions, shortcut, depth, init, init_scale, best_lr FROM best_lr "
                + "WHERE best_lr IS NOT NULL ORDER BY activation, positions, shortcut, depth, init, init_scale");
        for (Row b : best) {
            for (Row r : runs) {
                if (!key(r).equals(key(b))) continue;
                TreeSet<Double> rates = new TreeSet<>();
                for (Object o : r.getList(r.fieldIndex("rates"))) rates.add(((Number) o).doubleValue());
                Config c = new Config(Tables.str(b, "activation"), Tables.str(b, "positions"), Tables.integer(b, "shortcut"), Tables.integer(b, "depth"),
                        Tables.str(b, "init"), Tables.num(b, "init_scale"), rates, Tables.num(b, "best_lr"), Tables.integer(r, "escaped") == 1,
                        Tables.integer(r, "any_ok") == 1);
                if (out.stream().noneMatch(x -> x.activation().equals(c.activation()) && x.positions().equals(c.positions())
                        && x.shortcut() == c.shortcut() && x.depth() == c.depth() && x.init().equals(c.init()) && x.initScale() == c.initScale())) {
                    out.add(c); // several data sets: one variant per configuration (it runs on every data set of the file)
                }
            }
        }
        return out;
    }

    private static String key(Row r) {
        return Tables.str(r, "activation") + "|" + Tables.str(r, "positions") + "|" + Tables.integer(r, "shortcut") + "|" + Tables.integer(r, "depth")
                + "|" + Tables.str(r, "init") + "|" + Tables.num(r, "init_scale");
    }

    /** The refinement's rates of one configuration, ascending (see the class comment). */
    static List<Double> rates(Config c) {
        double b = c.best();
        if (!c.escaped() || c.rates().size() < 2) return List.of(b);
        Double lo = c.rates().lower(b), hi = c.rates().higher(b);
        double r = lo != null && hi != null ? Math.sqrt(hi / lo) : lo != null ? b / lo : hi / b;
        double h = Math.sqrt(r);
        return List.of(SpecTexts.round12(b / h), b, SpecTexts.round12(b * h));
    }
}
