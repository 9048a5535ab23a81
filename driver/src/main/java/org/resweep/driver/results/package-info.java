/**
 * The result tables (docs/results-schema.md) declared once: {@link org.resweep.driver.results.ResultSchema} lists the columns of
 * {@code runs}, {@code checkpoints} and {@code best_lr} with a schema version; {@link org.resweep.driver.results.ConfigColumns}
 * maps every {@code RunConfig} component to a column; {@link org.resweep.driver.results.ResultRows} turns results
 * (with the executor's provenance, {@link org.resweep.driver.results.ExecutedRun}) into rows. No Spark here.
 */
package org.resweep.driver.results;
