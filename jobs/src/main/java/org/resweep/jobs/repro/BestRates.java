package org.resweep.jobs.repro;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.resweep.driver.spark.SweepTables;
import org.resweep.driver.store.SweepDirectoryException;

/**
 * fig5-6 runs each method at its best learning rate from fig7 at the same depth: every variant of the shipped fig5-6
 * sweep file whose activation, positions, shortcut, depth, init and init_scale are single values gets the
 * {@code best_lr} of the fig7 configuration with those values (a best rate whose seeds all diverged is not used).
 * A variant without such a fig7 configuration — or every variant, when no fig7 sweep is stored — keeps the rate
 * written in the file (the documented defaults, from a fig7-style check at depth 10), and the note says so.
 */
public final class BestRates {
    private BestRates() {}

    /** The sweep text to run and a sentence for the report saying where each rate came from. */
    public record Derived(String text, String note) {}

    /**
     * @param fig7Location the fig7 sweep directory (a URI or path); it need not exist
     * @param text         the shipped fig5-6 sweep text, {@code source} its file name (messages)
     */
    public static Derived derive(SparkSession spark, String fig7Location, String text, String source) throws IOException {
        Map<String, Object> doc = SpecTexts.load(text, source);
        List<Row> best;
        String fig7Name;
        try {
            SweepTables.registerViews(spark, fig7Location);
            best = Tables.query(spark, "SELECT sweep, activation, positions, shortcut, depth, init, init_scale, best_lr, mean_final_loss, "
                    + "lr_at_edge FROM best_lr ORDER BY shortcut, init, depth");
            fig7Name = best.isEmpty() ? null : Tables.str(best.get(0), "sweep");
        } catch (SweepDirectoryException e) {
            best = List.of();
            fig7Name = null;
        }
        if (fig7Name != null && Experiment.ofSweepName(fig7Name).orElse(null) != Experiment.FIG7) fig7Name = null;
        if (fig7Name == null) {
            return new Derived(text, "Learning rates: no fig7 sweep is stored in the output directory, so fig5-6 ran at the rates "
                    + "written in " + source + " (defaults from a fig7-style check at depth 10).");
        }
        Map<String, Object> axes = SpecTexts.map(doc.get("axes"));
        List<Object> variants = doc.containsKey("variants") ? new ArrayList<>((List<?>) doc.get("variants")) : null;
        List<String> used = new ArrayList<>(), kept = new ArrayList<>();
        int n = variants == null ? 1 : variants.size();
        for (int i = 0; i < n; i++) {
            Map<String, Object> v = variants == null ? null : new java.util.LinkedHashMap<>(SpecTexts.map(variants.get(i)));
            Optional<Row> match = match(best, v, axes);
            String label = label(v, axes);
            if (match.isEmpty()) {
                kept.add(label);
                continue;
            }
            double lr = Tables.num(match.get(), "best_lr");
            if (variants == null) axes.put("learning_rate", lr);
            else {
                v.put("learning_rate", lr);
                variants.set(i, v);
            }
            used.add(label + " " + Tables.g(lr) + (Boolean.TRUE.equals(match.get().getAs("lr_at_edge")) ? " (at the edge of fig7's grid)" : ""));
        }
        if (variants != null) doc.put("variants", variants);
        StringBuilder note = new StringBuilder("Learning rates: fig7's best rates at the same depth (sweep `" + fig7Name + "`): "
                + (used.isEmpty() ? "none matched" : String.join(", ", used)) + ".");
        if (!kept.isEmpty()) note.append(" Rates written in ").append(source).append(" (no matching fig7 configuration with a finite best rate): ")
                .append(String.join(", ", kept)).append('.');
        String derived = used.isEmpty() ? text : SpecTexts.dump(List.of("Derived by `resweep reproduce` from " + source
                + ": each variant's learning_rate is fig7's best_lr at the same depth,", "activation, shortcut and init (sweep " + fig7Name
                + "); " + used.size() + " of " + n + " variants changed. The shipped file's comments explain the experiment."), doc, source);
        return new Derived(derived, note.toString());
    }

    private static String label(Map<String, Object> v, Map<String, Object> axes) {
        Object n = SpecTexts.axis(v, axes, "shortcut"), init = SpecTexts.axis(v, axes, "init");
        n = SpecTexts.single(n);
        return (n instanceof Number k && k.intValue() == 0 ? "plain" : n + "-shortcut") + " " + SpecTexts.single(init);
    }

    /** The fig7 best_lr row of a variant's single-valued configuration (finite mean final loss), if any. */
    static Optional<Row> match(List<Row> best, Map<String, Object> v, Map<String, Object> axes) {
        Object act = SpecTexts.single(SpecTexts.axis(v, axes, "activation"));
        Object pos = SpecTexts.single(SpecTexts.axis(v, axes, "positions"));
        Object n = SpecTexts.single(SpecTexts.axis(v, axes, "shortcut"));
        Object depth = SpecTexts.single(SpecTexts.axis(v, axes, "depth"));
        Object init = SpecTexts.single(SpecTexts.axis(v, axes, "init"));
        Object scale = SpecTexts.single(SpecTexts.axis(v, axes, "init_scale"));
        String activation = act == null ? "linear" : act.toString();
        String positions = activation.equals("linear") ? "" : pos == null ? "mid" : pos.toString().replace(" ", "");
        if (!(n instanceof Number) || !(depth instanceof Number) || init == null || SpecTexts.axis(v, axes, "positions") instanceof List<?> l
                && l.size() != 1) {
            return Optional.empty();
        }
        boolean small = init.toString().equals("small");
        if (small && !(scale instanceof Number)) return Optional.empty();
        for (Row r : best) {
            if (!Tables.str(r, "activation").equals(activation) || !Tables.str(r, "positions").equals(positions)) continue;
            if (Tables.integer(r, "shortcut") != ((Number) n).intValue() || Tables.integer(r, "depth") != ((Number) depth).intValue()) continue;
            if (!Tables.str(r, "init").equals(init.toString())) continue;
            if (small && Tables.num(r, "init_scale") != ((Number) scale).doubleValue()) continue;
            double lr = Tables.num(r, "best_lr"), loss = Tables.num(r, "mean_final_loss");
            if (Double.isFinite(lr) && Double.isFinite(loss)) return Optional.of(r);
        }
        return Optional.empty();
    }
}
