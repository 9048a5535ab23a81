package org.resweep.jobs.sql;

import java.util.List;

/**
 * Runs one read-only query over the views {@code runs}, {@code checkpoints} and {@code best_lr} of one or more
 * sweeps (each view has a {@code sweep} column naming the sweep of the row).
 *
 * <p>Read-only contract, in every engine: the text must be exactly one query (SELECT, WITH … SELECT, or the
 * engine's query shorthands such as DuckDB's {@code FROM runs} / {@code DESCRIBE runs}); any other statement
 * (INSERT, CREATE, COPY, ATTACH, INSTALL, LOAD, PRAGMA, SET, EXPORT, INSERT OVERWRITE DIRECTORY, …) or several
 * statements are refused with {@link SqlRefused} before anything runs, using the engine's own parser; files outside
 * the sweep directories cannot be read and no file is written.
 */
public interface SqlEngine {
    /** Engine name as given to {@code --engine}. */
    String name();

    /**
     * @param sweeps the sweeps, in view order; Not modified.
     * @throws SqlRefused a statement that is not one query, a syntax error or an error in the query (exit 2)
     */
    QueryResult query(List<SweepSource> sweeps, String sql) throws Exception;

    /** A query refused or failed because of its text: one line, with the engine's own message. */
    final class SqlRefused extends RuntimeException {
        public SqlRefused(String message) { super(message); }
    }

    /** The first non-blank line of an engine's error message (Spark's ParseException starts with an empty line). */
    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(e.getClass().getSimpleName());
    }
}
