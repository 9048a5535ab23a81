/**
 * Helpers of the jobs integration tests: separate JVMs with Spark's module flags and their whole process trees
 * ({@link org.resweep.jobs.testing.Processes}), a real Spark standalone master and workers on 127.0.0.1 started
 * from the Maven jars ({@link org.resweep.jobs.testing.LocalCluster}), the uninterrupted {@code local[2]} run of a
 * small real sweep every other run is compared with ({@link org.resweep.jobs.testing.ReferenceSweep}), and a
 * bit-exact, order-free snapshot of the result tables ({@link org.resweep.jobs.testing.TableSnapshot}).
 */
package org.resweep.jobs.testing;
