package org.resweep.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a query result as an aligned text table, CSV (RFC 4180: a header line, then one line per row) or JSON (an
 * array of objects, one per line, written by {@link Json}, whose policy covers non-finite numbers). Doubles print in
 * Java's shortest round-trip form; non-finite doubles as {@code Infinity}/{@code -Infinity}/{@code NaN}; timestamps
 * in ISO-8601 UTC ({@code 2026-11-30T13:38:06.542Z}); null as an empty CSV field, {@code NULL} in a table,
 * {@code null} in JSON; arrays as {@code [a, b, …]}, structs and maps as {@code {k: v, …}}; in JSON, arrays as arrays,
 * structs and maps as objects, blobs as base64 text, and a query
 * whose columns repeat a name is refused (one object cannot hold both).
 */
public final class ResultPrinter {
    private ResultPrinter() {}

    public enum Format { TABLE, CSV, JSON }

    /**
     * @param rows values per row (String, Number, Boolean, null, or a List/array of them); Not modified.
     */
    public static String print(Format f, List<String> columns, List<Object[]> rows) {
        return switch (f) {
            case CSV -> csv(columns, rows);
            case JSON -> json(columns, rows);
            case TABLE -> table(columns, rows);
        };
    }

    static String text(Object v) {
        if (v == null) return "";
        if (v instanceof double[] a) {
            List<Object> l = new ArrayList<>();
            for (double x : a) l.add(x);
            return text(l);
        }
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object o : l) parts.add(o == null ? "null" : text(o));
            return "[" + String.join(", ", parts) + "]";
        }
        if (v instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            m.forEach((k, x) -> parts.add(text(k) + ": " + (x == null ? "null" : text(x))));
            return "{" + String.join(", ", parts) + "}";
        }
        return String.valueOf(v);
    }

    private static String csv(List<String> columns, List<Object[]> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", columns.stream().map(ResultPrinter::csvField).toList())).append('\n');
        for (Object[] r : rows) {
            List<String> f = new ArrayList<>();
            for (Object v : r) f.add(csvField(text(v)));
            sb.append(String.join(",", f)).append('\n');
        }
        return sb.toString();
    }

    private static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    private static String table(List<String> columns, List<Object[]> rows) {
        int n = columns.size();
        int[] w = new int[n];
        List<String[]> cells = new ArrayList<>();
        for (int i = 0; i < n; i++) w[i] = columns.get(i).length();
        for (Object[] r : rows) {
            String[] c = new String[n];
            for (int i = 0; i < n; i++) {
                c[i] = r[i] == null ? "NULL" : text(r[i]);
                w[i] = Math.max(w[i], c[i].length());
            }
            cells.add(c);
        }
        StringBuilder sb = new StringBuilder();
        line(sb, columns.toArray(new String[0]), w);
        String[] sep = new String[n];
        for (int i = 0; i < n; i++) sep[i] = "-".repeat(w[i]);
        line(sb, sep, w);
        for (String[] c : cells) line(sb, c, w);
        sb.append('(').append(rows.size()).append(rows.size() == 1 ? " row)" : " rows)").append('\n');
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] c, int[] w) {
        for (int i = 0; i < c.length; i++) {
            if (i > 0) sb.append(" | ");
            sb.append(String.format(Locale.ROOT, "%-" + Math.max(1, w[i]) + "s", c[i]));
        }
        sb.append('\n');
    }

    private static String json(List<String> columns, List<Object[]> rows) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String c : columns) {
            if (!names.add(c)) {
                throw new ExitCodes.UserError("--format json: the query names two columns " + org.resweep.core.util.BadInputException.echo(c)
                        + "; allowed: distinct column names (rename one with AS), or --format csv/table");
            }
        }
        StringBuilder sb = new StringBuilder("[");
        for (int r = 0; r < rows.size(); r++) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) m.put(columns.get(i), jsonValue(rows.get(r)[i]));
            sb.append(r == 0 ? "\n" : ",\n").append(Json.write(m));
        }
        return sb.append(rows.isEmpty() ? "]\n" : "\n]\n").toString();
    }

    /** A value {@link Json} writes: lists element-wise, timestamps and other non-JSON types as their text. */
    private static Object jsonValue(Object v) {
        if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) return v;
        if (v instanceof double[] a) {
            List<Object> l = new ArrayList<>();
            for (double x : a) l.add(x);
            return l;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(jsonValue(o));
            return out;
        }
        if (v instanceof java.sql.Blob b) {
            try {
                return java.util.Base64.getEncoder().encodeToString(b.getBytes(1, Math.toIntExact(b.length())));
            } catch (java.sql.SQLException | ArithmeticException e) {
                return v.toString();
            }
        }
        if (v instanceof byte[] a) return java.util.Base64.getEncoder().encodeToString(a);
        if (v instanceof Map<?, ?> mv) {
            Map<String, Object> out = new LinkedHashMap<>();
            mv.forEach((k, x) -> out.put(String.valueOf(k), jsonValue(x)));
            return out;
        }
        return v.toString();
    }
}
