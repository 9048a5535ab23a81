/**
 * Best-learning-rate aggregation, free of Spark: {@link org.resweep.driver.aggregate.SeedStats} summarises one
 * configuration at one learning rate over seeds (diverged seed = +∞), {@link org.resweep.driver.aggregate.BestLr}
 * picks the rate with the lowest mean final loss and flags a choice at the grid's edge. Both merge in any order with
 * bit-identical results (values are kept sorted), which is what lets Spark compute them over any partitioning.
 */
package org.resweep.driver.aggregate;
