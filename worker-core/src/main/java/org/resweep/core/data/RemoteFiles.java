package org.resweep.core.data;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where IDX files named by a URI ({@code idx:hdfs://nn/data/train}, {@code idx:s3a://…}) are read from. worker-core
 * knows no filesystem but the local one (it has no Hadoop); the engine installs an implementation
 * ({@link Datasets#setRemoteFiles}) on the driver and on every executor. {@link Datasets} copies a remote file to a
 * local cache once per content (size and modification time) and reads the copy with {@link IdxReader}, so every
 * bound of the reader applies unchanged.
 */
public interface RemoteFiles {
    /** Size and modification time of a regular file. */
    record Stat(long size, long modifiedMillis) {}

    /** The file's stat, or null if {@code uri} names no regular file. */
    Stat stat(String uri) throws IOException;

    /** Opens the file for reading. */
    InputStream open(String uri) throws IOException;
}
