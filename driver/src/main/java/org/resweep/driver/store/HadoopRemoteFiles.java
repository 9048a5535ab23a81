package org.resweep.driver.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.resweep.core.data.Datasets;
import org.resweep.core.data.RemoteFiles;

/**
 * IDX data files named by a Hadoop URI ({@code idx:hdfs://nn/data/train}), read through the Hadoop filesystem API
 * for worker-core's {@link Datasets} (which knows no Hadoop). Installed on the driver and on every executor.
 */
public final class HadoopRemoteFiles implements RemoteFiles, Serializable {
    private static final long serialVersionUID = 1L;
    private final transient Configuration conf;

    public HadoopRemoteFiles(Configuration conf) { this.conf = conf; }

    /** Installs a reader with {@code conf} (the session's Hadoop configuration). */
    public static void install(Configuration conf) { Datasets.setRemoteFiles(new HadoopRemoteFiles(conf)); }

    /** Installs a reader with the default Hadoop configuration (full URIs need nothing more). */
    public static void installDefault() { install(new Configuration()); }

    @Override
    public Stat stat(String uri) throws IOException {
        Path p = new Path(uri);
        try {
            FileStatus s = p.getFileSystem(conf).getFileStatus(p);
            return s.isFile() ? new Stat(s.getLen(), s.getModificationTime()) : null;
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    @Override
    public InputStream open(String uri) throws IOException {
        Path p = new Path(uri);
        return p.getFileSystem(conf).open(p);
    }
}
