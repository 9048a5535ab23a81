package org.resweep.driver.results;

/**
 * One column of a result table.
 *
 * @param name     column name (snake_case)
 * @param type     value type
 * @param nullable whether the value may be missing (null)
 * @param doc      one-line meaning, used in {@code docs/results-schema.md}
 */
public record Column(String name, ColumnType type, boolean nullable, String doc) {
    public Column {
        if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("column name: '" + name + "' must be snake_case");
        }
    }

    /** One line {@code name type [nullable]} of the golden schema file. */
    public String describe() { return name + " " + type.sqlName() + (nullable ? " nullable" : ""); }
}
