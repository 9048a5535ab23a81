package org.resweep.jobs.sql;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.resweep.driver.aggregate.BestLrTable;
import org.resweep.driver.results.Column;
import org.resweep.driver.results.ColumnType;
import org.resweep.driver.results.ConfigColumns;
import org.resweep.driver.results.OlderLayouts;
import org.resweep.driver.results.ResultSchema;
import org.resweep.driver.results.TableSchema;
import org.resweep.driver.store.SweepDirectory;

/**
 * The default engine of {@code resweep sql}: an embedded, in-memory DuckDB (JDBC) reading the sweeps' Parquet files
 * in place — no Spark, well under a second per query on a laptop.
 *
 * <p>Views: per sweep and table a {@code read_parquet} over the table's part files ({@code union_by_name}), projected
 * onto the current {@link ResultSchema} (columns an older schema version lacks are null or their {@link OlderLayouts}
 * value, a column whose type changed
 * is cast), a {@code sweep} column first in {@code runs} and {@code checkpoints}; sweeps are combined with
 * {@code UNION ALL}. A table with no part file is an empty view of the right columns; a sweep without a stored
 * {@code best_lr} gets one computed from its runs ({@link BestLrTable}).
 *
 * <p>Read-only: the text is parsed by DuckDB's own parser ({@code json_serialize_sql}, which serialises SELECT
 * statements only) and must be exactly one SELECT; after the views exist, file access outside the sweep
 * directories is disabled ({@code enable_external_access=false}, {@code allowed_directories}), extension
 * auto-install/auto-load is off, spilling to disk is off, and the configuration is locked.
 */
public final class DuckDbEngine implements SqlEngine {
    /** Whether the DuckDB JDBC driver is on the classpath (the spark-submit jar leaves it out). */
    public static boolean available() {
        try {
            Class.forName("org.duckdb.DuckDBDriver", false, DuckDbEngine.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Override
    public String name() { return "duckdb"; }

    @Override
    public QueryResult query(List<SweepSource> sweeps, String sql) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement st = db.createStatement()) {
                st.execute("SET temp_directory = ''"); // never spill into the working directory
                st.execute("SET autoinstall_known_extensions = false");
                st.execute("SET autoload_known_extensions = false");
                for (TableSchema t : ResultSchema.all()) {
                    List<String> parts = new ArrayList<>();
                    try {
                        for (int i = 0; i < sweeps.size(); i++) parts.add(select(db, sweeps.get(i), i, t));
                        st.execute("CREATE VIEW " + t.name() + " AS (" + String.join(")\nUNION ALL\n(", parts) + ")");
                    } catch (SQLException e) { // a footer DuckDB cannot read: name the file
                        String damaged = damagedFile(db, sweeps, e);
                        if (damaged != null) throw new SqlRefused(damaged);
                        throw e;
                    }
                }
                List<String> allowed = new ArrayList<>();
                for (SweepSource s : sweeps) allowed.add(literal(s.local().toAbsolutePath().normalize() + "/"));
                st.execute("SET allowed_directories = [" + String.join(", ", allowed) + "]");
                st.execute("SET enable_external_access = false");
                st.execute("SET lock_configuration = true");
            }
            checkOneQuery(db, sql);
            try (PreparedStatement p = db.prepareStatement(sql)) {
                if (p.getMetaData() instanceof org.duckdb.DuckDBResultSetMetaData m
                        && m.getReturnType() != org.duckdb.StatementReturnType.QUERY_RESULT) {
                    throw new SqlRefused("QUERY: only a query (SELECT or WITH … SELECT) is allowed; this statement returns "
                            + m.getReturnType());
                }
                try (ResultSet rs = p.executeQuery()) {
                    return read(rs);
                }
            } catch (SQLException e) {
                String damaged = damagedFile(db, sweeps, e);
                throw new SqlRefused(damaged != null ? damaged : "QUERY: " + SqlEngine.firstLine(e));
            }
        }
    }

    /**
     * After a failed query: the first part file of the views that DuckDB cannot read on its own (every column of every
     * row decoded), as a one-line message naming it; null when each reads (the query itself was wrong) or the error is
     * the query's (parser, binder, catalog). DuckDB's error on a damaged file (e.g. "TProtocolException: Invalid
     * data") does not say which file it was.
     */
    static String damagedFile(Connection db, List<SweepSource> sweeps, SQLException failure) {
        String first = SqlEngine.firstLine(failure);
        if (first.startsWith("Parser Error") || first.startsWith("Binder Error") || first.startsWith("Catalog Error")) return null;
        for (SweepSource s : sweeps) {
            for (TableSchema t : ResultSchema.all()) {
                Path table = s.local().resolve(t.name());
                List<String> names;
                try {
                    names = SweepDirectory.partNames(table);
                } catch (IOException e) {
                    continue;
                }
                for (String f : names) {
                    Path file = table.resolve(f).toAbsolutePath();
                    try (Statement st = db.createStatement();
                            ResultSet rs = st.executeQuery("SELECT * FROM read_parquet(" + literal(file.toString()) + ")")) {
                        int n = rs.getMetaData().getColumnCount();
                        while (rs.next()) for (int c = 1; c <= n; c++) rs.getObject(c);
                    } catch (SQLException e) {
                        return "QUERY: " + file + " is damaged (" + SqlEngine.firstLine(e) + "); move it out of " + s.local()
                                + (t.name().equals(ResultSchema.RUNS.name())
                                        ? " (a `resweep run` of the same spec on that directory then reruns the runs it held)" : "");
                    }
                }
            }
        }
        return null;
    }

    /** Refuses anything but exactly one SELECT statement, using DuckDB's parser (its JSON read with DuckDB too). */
    static void checkOneQuery(Connection db, String sql) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT coalesce(CAST(j->>'error' AS BOOLEAN), false), j->>'error_type', "
                + "j->>'error_message', j->>'position', coalesce(json_array_length(j, '$.statements'), 0) "
                + "FROM (SELECT json_serialize_sql(?::VARCHAR) AS j)")) {
            p.setString(1, sql);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    if ("parser".equals(rs.getString(2))) {
                        throw new SqlRefused("QUERY: Parser Error: " + rs.getString(3)
                                + (rs.getString(4) != null ? " (position " + rs.getString(4) + ")" : ""));
                    }
                    throw new SqlRefused("QUERY: only a query (SELECT or WITH … SELECT) over the views is allowed; sql is read-only");
                }
                long count = rs.getLong(5);
                if (count != 1) throw new SqlRefused("QUERY: give exactly one query; found " + count + " statements");
            }
        }
    }

    /** The SELECT of one sweep's table in the current schema. */
    private static String select(Connection db, SweepSource s, int index, TableSchema t) throws SQLException, IOException {
        List<String> files = SweepDirectory.partNames(s.local().resolve(t.name())).stream()
                .map(f -> literal(s.local().resolve(t.name()).resolve(f).toAbsolutePath().toString())).toList();
        String from;
        Map<String, String> have = new LinkedHashMap<>();
        if (files.isEmpty() && t.name().equals(ResultSchema.BEST_LR.name())) {
            from = bestLrFromRuns(db, s, index);
            for (Column c : t.columns()) have.put(c.name(), duckType(c.type()));
        } else if (files.isEmpty()) {
            from = null;
        } else {
            from = "read_parquet([" + String.join(", ", files) + "], union_by_name = true)";
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + from)) {
                while (rs.next()) have.put(rs.getString("column_name"), rs.getString("column_type"));
            }
        }
        List<String> cols = new ArrayList<>();
        if (!t.name().equals(ResultSchema.BEST_LR.name())) cols.add(literal(s.label()) + " AS sweep");
        for (Column c : t.columns()) {
            String type = duckType(c.type()), q = quote(c.name());
            String expr;
            if (t.name().equals(ResultSchema.BEST_LR.name()) && c.name().equals("sweep")) expr = literal(s.label());
            else if (have.containsKey(c.name())) {
                expr = have.get(c.name()).equals(type) ? q : "CAST(" + q + " AS " + type + ")";
                // files of an older layout among newer ones (a resumed directory): union_by_name gives them null in a
                // column they lack; such a configuration column is never null in a file that has it
                if (OlderLayouts.CONFIG_DEFAULTS.containsKey(c.name())) expr = "coalesce(" + expr + ", " + olderValue(c.name(), type) + ")";
            } else if (c.name().equals("sweep_id")) expr = literal(s.sweepId());
            else if (OlderLayouts.CONFIG_DEFAULTS.containsKey(c.name())) expr = olderValue(c.name(), type);
            else expr = "CAST(NULL AS " + type + ")";
            cols.add(expr + " AS " + q);
        }
        return "SELECT " + String.join(", ", cols) + (from == null ? " LIMIT 0" : " FROM " + from);
    }

    /** The SQL value of a configuration column for rows written before the column existed ({@link OlderLayouts}). */
    private static String olderValue(String column, String type) {
        Object d = OlderLayouts.CONFIG_DEFAULTS.get(column);
        return "CAST(" + (d instanceof String str ? literal(str) : String.valueOf(d)) + " AS " + type + ")";
    }

    /** A temporary table with the best_lr rows of a sweep that has none stored, computed from its runs. */
    private static String bestLrFromRuns(Connection db, SweepSource s, int index) throws SQLException, IOException {
        String table = "resweep_best_lr_" + index;
        List<String> defs = new ArrayList<>();
        for (Column c : ResultSchema.BEST_LR.columns()) defs.add(quote(c.name()) + " " + duckType(c.type()));
        try (Statement st = db.createStatement()) {
            st.execute("CREATE TEMP TABLE " + table + " (" + String.join(", ", defs) + ")");
        }
        List<String> slim = new ArrayList<>(ConfigColumns.GROUP_KEY);
        slim.addAll(BestLrTable.VALUE_COLUMNS);
        List<Object[]> rows = new ArrayList<>();
        // the runs of this sweep in the current schema (older layouts projected), so every key column exists
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT " + String.join(", ", slim.stream()
                .map(DuckDbEngine::quote).toList()) + " FROM (" + select(db, s, index, ResultSchema.RUNS) + ")")) {
            while (rs.next()) {
                Object[] r = new Object[slim.size()];
                for (int i = 0; i < r.length; i++) r[i] = rs.getObject(i + 1);
                rows.add(r);
            }
        }
        if (rows.isEmpty()) return table;
        String marks = String.join(", ", java.util.Collections.nCopies(ResultSchema.BEST_LR.columns().size(), "?"));
        try (PreparedStatement p = db.prepareStatement("INSERT INTO " + table + " VALUES (" + marks + ")")) {
            for (Object[] r : BestLrTable.compute(s.sweepId(), s.label(), rows)) {
                for (int i = 0; i < r.length; i++) p.setObject(i + 1, r[i]);
                p.addBatch();
            }
            p.executeBatch();
        }
        return table;
    }

    /** The DuckDB type of a column type. */
    static String duckType(ColumnType t) {
        return switch (t) {
            case STRING -> "VARCHAR";
            case INT -> "INTEGER";
            case LONG -> "BIGINT";
            case DOUBLE -> "DOUBLE";
            case BOOLEAN -> "BOOLEAN";
            case DOUBLE_ARRAY -> "DOUBLE[]";
            case TIMESTAMP -> "TIMESTAMP WITH TIME ZONE";
        };
    }

    private static QueryResult read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> cols = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) cols.add(md.getColumnLabel(i));
        List<Object[]> rows = new ArrayList<>();
        while (rs.next()) {
            Object[] r = new Object[cols.size()];
            for (int i = 0; i < r.length; i++) r[i] = plain(rs.getObject(i + 1));
            rows.add(r);
        }
        return new QueryResult(cols, rows);
    }

    /** JDBC values as the engine-neutral values of {@link QueryResult} (LIST: a List, STRUCT and MAP: a Map). */
    static Object plain(Object v) throws SQLException {
        if (v instanceof Array a) {
            Object arr = a.getArray();
            List<Object> l = new ArrayList<>();
            for (Object x : arr instanceof Object[] o ? Arrays.asList(o) : List.of(arr)) l.add(plain(x));
            return l;
        }
        if (v instanceof org.duckdb.DuckDBStruct st) { // STRUCT: field name -> value, in the struct's order
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : st.getMap().entrySet()) m.put(e.getKey(), plain(e.getValue()));
            return m;
        }
        if (v instanceof Map<?, ?> mv) { // MAP
            Map<Object, Object> m = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : mv.entrySet()) m.put(plain(e.getKey()), plain(e.getValue()));
            return m;
        }
        if (v instanceof OffsetDateTime t) return t.toInstant();
        if (v instanceof java.sql.Timestamp t) return t.toInstant();
        return v;
    }

    static String literal(String s) { return "'" + s.replace("'", "''") + "'"; }

    static String quote(String id) { return "\"" + id.replace("\"", "\"\"") + "\""; }
}
