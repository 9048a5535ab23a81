package org.resweep.driver.aggregate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.resweep.driver.results.ConfigColumns;
import org.resweep.driver.results.ResultSchema;

/**
 * The rows of the {@code best_lr} table ({@link ResultSchema#BEST_LR}), free of Spark: one {@link BestLr} per
 * configuration key ({@link ConfigColumns#GROUP_KEY}). Used by the Spark job and by readers that rebuild the table
 * on the fly (the DuckDB engine of {@code resweep sql} when a sweep has no stored best_lr).
 */
public final class BestLrTable {
    private BestLrTable() {}

    /** Columns a slim runs row holds, after the {@link ConfigColumns#GROUP_KEY} values, in this order. */
    public static final List<String> VALUE_COLUMNS = List.of("learning_rate", "status", "final_loss", "l_star");

    /**
     * The best_lr row of one configuration.
     *
     * @param key the {@link ConfigColumns#GROUP_KEY} values; Not modified.
     */
    public static Object[] row(String sweepId, String sweep, Object[] key, BestLr.Result b) {
        List<Object> v = new ArrayList<>(ResultSchema.BEST_LR.columns().size());
        v.add(sweepId);
        v.add(sweep);
        v.addAll(Arrays.asList(key));
        v.add(b.bestLr());
        v.add(b.mean());
        v.add(b.std());
        v.add(b.seeds());
        v.add(b.diverged());
        v.add(b.failed());
        v.add(b.lrs());
        v.add(b.minLr());
        v.add(b.maxLr());
        v.add(b.atEdge());
        v.add(b.lStar());
        v.add(b.gap());
        v.add(ResultSchema.VERSION);
        return v.toArray();
    }

    /**
     * best_lr rows of one sweep, in the order configurations first appear.
     *
     * @param slim runs rows: the {@link ConfigColumns#GROUP_KEY} values, then {@link #VALUE_COLUMNS} (learning rate
     *             Double, status String, final loss Double or null, L* Double or null); Not modified.
     */
    public static List<Object[]> compute(String sweepId, String sweep, Iterable<Object[]> slim) {
        int n = ConfigColumns.GROUP_KEY.size();
        Map<List<Object>, BestLr> groups = new LinkedHashMap<>();
        for (Object[] r : slim) {
            BestLr acc = groups.computeIfAbsent(Arrays.asList(Arrays.copyOf(r, n)), k -> new BestLr());
            double loss = r[n + 2] == null ? Double.NaN : ((Number) r[n + 2]).doubleValue();
            acc.add(((Number) r[n]).doubleValue(), (String) r[n + 1], loss, r[n + 3] == null ? null : ((Number) r[n + 3]).doubleValue());
        }
        List<Object[]> out = new ArrayList<>();
        for (Map.Entry<List<Object>, BestLr> e : groups.entrySet()) {
            out.add(row(sweepId, sweep, e.getKey().toArray(), e.getValue().result()));
        }
        return out;
    }
}
