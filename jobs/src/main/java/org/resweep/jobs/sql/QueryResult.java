package org.resweep.jobs.sql;

import java.util.List;

/**
 * A query's result, engine-neutral: column names and rows of plain Java values ({@code String}, {@code Integer},
 * {@code Long}, {@code Double}, {@code Boolean}, {@code java.time.Instant}, {@code java.math.BigInteger} /
 * {@code BigDecimal}, {@code List} for arrays, null).
 */
public record QueryResult(List<String> columns, List<Object[]> rows) {}
