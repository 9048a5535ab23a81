/**
 * The sweep directory on any Hadoop filesystem: one path resolution for every command
 * ({@link org.resweep.driver.store.SweepPaths}), one writer at a time ({@link org.resweep.driver.store.SweepLock}), the
 * spec and planned run ids ({@link org.resweep.driver.store.SweepMeta}, {@link org.resweep.driver.store.SweepState}),
 * and the commit protocol of the part files executors write ({@link org.resweep.driver.store.SweepDirectory},
 * {@link org.resweep.driver.store.CommitLog}): a run is done iff its row is in a committed file, which makes
 * resumption after a {@code kill -9} exactly-once on local disks, HDFS and object stores alike.
 */
package org.resweep.driver.store;
