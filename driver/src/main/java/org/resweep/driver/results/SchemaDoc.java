package org.resweep.driver.results;

/**
 * The column tables of {@code docs/results-schema.md}, generated from {@link ResultSchema} (a test checks that the
 * page contains exactly this text, so the documentation cannot drift from the tables).
 */
public final class SchemaDoc {
    private SchemaDoc() {}

    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        for (TableSchema t : ResultSchema.all()) {
            sb.append("### `").append(t.name()).append("`\n\n");
            sb.append("| column | type | null | meaning |\n| --- | --- | --- | --- |\n");
            for (Column c : t.columns()) {
                sb.append("| `").append(c.name()).append("` | ").append(c.type().sqlName()).append(" | ")
                        .append(c.nullable() ? "yes" : "").append(" | ").append(c.doc().replace("|", "\\|")).append(" |\n");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    public static void main(String[] args) { System.out.print(markdown()); }
}
