package org.resweep.driver.testing;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS in the test JVM: Hadoop's {@link MiniDFSCluster} (one NameNode, one DataNode) on 127.0.0.1, every
 * port chosen by the OS, data under a scratch directory.
 */
public final class MiniHdfs implements AutoCloseable {
    private final MiniDFSCluster cluster;

    public MiniHdfs(Path base) throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toAbsolutePath().toString());
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
        conf.setInt("dfs.replication", 1);
        conf.setBoolean("dfs.permissions.enabled", false);
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).nameNodePort(0).build();
        cluster.waitActive();
    }

    /** {@code hdfs://127.0.0.1:PORT} */
    public String uri() { return "hdfs://127.0.0.1:" + cluster.getNameNodePort(); }

    public Configuration conf() { return cluster.getConfiguration(0); }

    @Override
    public void close() {
        cluster.shutdown(true);
    }
}
