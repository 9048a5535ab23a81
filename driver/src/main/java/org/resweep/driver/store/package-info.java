/**
 * The sweep directory on disk: one writer at a time ({@link org.resweep.driver.store.SweepLock}), the spec and
 * planned run ids ({@link org.resweep.driver.store.SweepMeta}, {@link org.resweep.driver.store.SweepState}), and
 * an atomic per-batch commit of Parquet part files written by the driver
 * ({@link org.resweep.driver.store.SweepDirectory}): a run is done iff its id is in {@code runs}, which is what
 * makes resumption after a {@code kill -9} exactly-once.
 */
package org.resweep.driver.store;
