/**
 * The sweep engine: sweep specifications, grid expansion in a fixed order, run ids and seeds derived from
 * configuration content, aggregation of seeds into best-learning-rate tables (all pure Java), and a thin
 * Spark layer that ships one run per task and writes Parquet.
 */
package org.resweep.driver;
