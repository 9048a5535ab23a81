package org.resweep.driver.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered list of columns with unique names: the single declaration from which the Spark schema, the Parquet
 * schema and the documentation are derived.
 *
 * @param name    table name ({@code runs}, {@code checkpoints}, {@code best_lr})
 * @param columns columns in table order
 */
public record TableSchema(String name, List<Column> columns) {
    public TableSchema {
        columns = List.copyOf(columns);
        Map<String, Column> seen = new LinkedHashMap<>();
        for (Column c : columns) {
            if (seen.put(c.name(), c) != null) {
                throw new IllegalArgumentException("table " + name + ": duplicate column " + c.name());
            }
        }
    }

    /** Position of a column; throws if absent. */
    public int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) return i;
        }
        throw new IllegalArgumentException("table " + name + " has no column " + column);
    }

    public List<String> names() {
        List<String> out = new ArrayList<>(columns.size());
        for (Column c : columns) out.add(c.name());
        return out;
    }

    /** The golden-file text: a header line {@code table NAME}, then one {@link Column#describe()} per line. */
    public String describe() {
        StringBuilder sb = new StringBuilder("table ").append(name).append('\n');
        for (Column c : columns) sb.append(c.describe()).append('\n');
        return sb.toString();
    }

    /** A builder that keeps declaration order. */
    public static final class Builder {
        private final String name;
        private final List<Column> columns = new ArrayList<>();

        public Builder(String name) { this.name = name; }

        public Builder req(String col, ColumnType type, String doc) {
            columns.add(new Column(col, type, false, doc));
            return this;
        }

        public Builder opt(String col, ColumnType type, String doc) {
            columns.add(new Column(col, type, true, doc));
            return this;
        }

        public Builder addAll(List<Column> cols) {
            columns.addAll(cols);
            return this;
        }

        public TableSchema build() { return new TableSchema(name, columns); }
    }
}
