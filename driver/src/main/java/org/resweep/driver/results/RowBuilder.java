package org.resweep.driver.results;

import java.util.Arrays;

/**
 * Builds one row of a {@link TableSchema} by column name, so that a row can never be written with two values
 * swapped: every column must be set exactly once (null only where the column is nullable) and each value must
 * have the column's Java type ({@code String, Integer, Long, Double, Boolean, double[], Instant}). Violations are
 * programming errors and throw {@link IllegalStateException}.
 *
 * <pre>{@code
 * Object[] row = new RowBuilder(ResultSchema.CHECKPOINTS).set("run_id", id).set("epoch", 10)...build();
 * }</pre>
 */
public final class RowBuilder {
    private final TableSchema table;
    private final Object[] values;
    private final boolean[] set;

    public RowBuilder(TableSchema table) {
        this.table = table;
        this.values = new Object[table.columns().size()];
        this.set = new boolean[values.length];
    }

    /**
     * Sets a column's value.
     *
     * @throws IllegalStateException if the table has no such column, or it was set already
     */
    public RowBuilder set(String column, Object value) {
        int i;
        try {
            i = table.indexOf(column);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (set[i]) throw new IllegalStateException(table.name() + "." + column + ": set twice");
        set[i] = true;
        values[i] = value;
        return this;
    }

    /**
     * The row in table column order.
     *
     * @throws IllegalStateException if a column was not set, a required column is null, or a value has the wrong type
     */
    public Object[] build() {
        for (int i = 0; i < values.length; i++) {
            Column c = table.columns().get(i);
            if (!set[i]) throw new IllegalStateException(table.name() + "." + c.name() + ": not set");
        }
        return ResultRows.check(table, Arrays.asList(values));
    }
}
