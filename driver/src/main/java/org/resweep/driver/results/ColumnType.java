package org.resweep.driver.results;

/**
 * The column types used by the result tables. Only types every Parquet reader understands the same way (Spark,
 * DuckDB, pandas/pyarrow): no decimals, intervals or Spark-only types; the one timestamp is an instant in UTC.
 */
public enum ColumnType {
    /** UTF-8 string (Parquet {@code binary (STRING)}). */
    STRING("string"),
    /** 32-bit integer (Parquet {@code int32}). */
    INT("int"),
    /** 64-bit integer (Parquet {@code int64}). */
    LONG("bigint"),
    /** IEEE double; ±Infinity and NaN are legal values (Parquet {@code double}). */
    DOUBLE("double"),
    /** Parquet {@code boolean}. */
    BOOLEAN("boolean"),
    /** A list of non-null doubles (Parquet 3-level {@code LIST} of {@code double}). */
    DOUBLE_ARRAY("array<double>"),
    /**
     * An instant (Java {@link java.time.Instant}, microsecond precision): Parquet {@code int64 TIMESTAMP(MICROS,
     * isAdjustedToUTC=true)}; Spark {@code timestamp}, DuckDB {@code TIMESTAMP WITH TIME ZONE}, pandas
     * {@code datetime64[us, UTC]}.
     */
    TIMESTAMP("timestamp");

    private final String sqlName;

    ColumnType(String sqlName) { this.sqlName = sqlName; }

    /** The Spark SQL name of the type ({@code DataType.simpleString()}). */
    public String sqlName() { return sqlName; }
}
