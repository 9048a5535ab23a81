package org.resweep.jobs.repro;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Small helpers of the analyses: run a query, read nullable numbers, format them, build Markdown tables. */
final class Tables {
    private Tables() {}

    static List<Row> query(SparkSession spark, String sql) {
        return spark.sql(sql).collectAsList();
    }

    /** A numeric column as double; null → NaN. */
    static double num(Row r, String col) {
        Object v = r.getAs(col);
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    static int integer(Row r, String col) { return ((Number) r.getAs(col)).intValue(); }

    static String str(Row r, String col) { return r.getAs(col); }

    /** 6 significant digits, Locale-independent. */
    static String g(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : String.valueOf(v);
    }

    /** A method's label: "plain xavier", "2-shortcut small". */
    static String method(int shortcut, String init) {
        return (shortcut == 0 ? "plain" : shortcut + "-shortcut") + " " + init;
    }

    /** Markdown table with a header row. */
    static String markdown(List<String> header, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(String.join(" | ", header)).append(" |\n|");
        sb.append(" --- |".repeat(header.size())).append('\n');
        for (List<String> r : rows) sb.append("| ").append(String.join(" | ", r)).append(" |\n");
        return sb.toString();
    }

    static double[] toArray(List<Double> v) {
        double[] a = new double[v.size()];
        for (int i = 0; i < a.length; i++) a[i] = v.get(i);
        return a;
    }

    static List<String> row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) r.add(c instanceof Double d ? g(d) : String.valueOf(c));
        return r;
    }
}
