package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.driver.spark.ResweepKryoRegistrator;
import picocli.CommandLine;

/** Settings precedence and master checks of {@link SparkOptions} and {@link MasterUrl}, without starting Spark. */
class SparkOptionsTest {
    @TempDir
    Path tmp;

    private static SparkOptions parse(String... args) {
        RunCommand cmd = new RunCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.engine.spark;
    }

    @Test
    void confOverSystemPropertyOverDefaultsFileOverResweep() throws Exception {
        Files.writeString(tmp.resolve("spark-defaults.conf"), """
                spark.resweep.test.a   from-file
                spark.resweep.test.b   from-file
                spark.resweep.test.c\tfrom-file \s
                spark.sql.shuffle.partitions 11
                not.spark.key x
                """);
        System.setProperty("spark.resweep.test.b", "from-D");
        System.setProperty("spark.resweep.test.a", "from-D");
        try {
            SparkOptions o = parse("spec.yaml", "--conf", "spark.resweep.test.a=from-conf", "--conf", "spark.x=y=z", "--master", "local[3]");
            SparkConf c = o.settings(Map.of("SPARK_CONF_DIR", tmp.toString()), "app");
            assertEquals("from-conf", c.get("spark.resweep.test.a"));
            assertEquals("from-D", c.get("spark.resweep.test.b"));
            assertEquals("from-file", c.get("spark.resweep.test.c"));
            assertEquals("11", c.get("spark.sql.shuffle.partitions"));
            assertEquals("y=z", c.get("spark.x"), "a value may hold '='");
            assertEquals("local[3]", c.get("spark.master"));
            assertTrue(!c.contains("not.spark.key"), "only spark.* keys, as spark-submit");
            assertEquals("false", c.get("spark.ui.enabled"), "resweep's local default");
            assertEquals(ResweepKryoRegistrator.class.getName(), c.get("spark.kryo.registrator"));
        } finally {
            System.clearProperty("spark.resweep.test.a");
            System.clearProperty("spark.resweep.test.b");
        }
    }

    @Test
    void sparkHomeConfIsTheFallbackAndUserRegistratorsAreKept() throws Exception {
        Files.createDirectories(tmp.resolve("conf"));
        Files.writeString(tmp.resolve("conf").resolve("spark-defaults.conf"), "spark.kryo.registrator com.example.Mine\nspark.ui.enabled true\n");
        SparkConf c = parse("spec.yaml").settings(Map.of("SPARK_HOME", tmp.toString()), "app");
        assertEquals("com.example.Mine," + ResweepKryoRegistrator.class.getName(), c.get("spark.kryo.registrator"));
        assertEquals("true", c.get("spark.ui.enabled"), "the UI can be turned on in local mode");
        assertEquals("local[*]", c.get("spark.master"));
    }

    @Test
    void confWithoutEqualsIsBadInput() {
        RunCommand cmd = new RunCommand();
        assertThrows(CommandLine.ParameterException.class, () -> new CommandLine(cmd).parseArgs("spec.yaml", "--conf", "spark.x"));
    }

    @Test
    void mastersSparkAcceptsPassAndOthersAreOneLineBadInput() {
        for (String ok : List.of("local", "local[1]", "local[*]", "local[2,3]", "local[*,4]", "local-cluster[2,1,1024]",
                "spark://127.0.0.1:7077", "spark://a:1,b:2")) {
            MasterUrl.check(ok, "--master");
        }
        for (String bad : List.of("bogus://x", "local[0]", "local[-1]", "local[x]", "spark://host", "spark://h:1:2", "", "yarn")) {
            ExitCodes.UserError e = assertThrows(ExitCodes.UserError.class, () -> MasterUrl.check(bad, "--master"), bad);
            assertTrue(e.getMessage().startsWith("--master: '" + bad + "' is not allowed; allowed: local, local[N]"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
    }

    /** The command line: a malformed master is one line, exit 2; an unreachable one a short message, exit 1; no trace. */
    @Test
    void runReportsBadMastersInOneLine() throws Exception {
        Path spec = Files.writeString(tmp.resolve("base.yaml"), "name: base\nseeds: 1\nepochs: 10\naxes:\n  depth: [2]\n  shortcut: 0\n"
                + "  init: xavier\n  learning_rate: 0.01\n");
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        for (Object[] c : new Object[][] {{"bogus://x", 2, "resweep: --master: 'bogus://x' is not allowed; allowed: local, local[N]"},
                {"local[0]", 2, "resweep: --master: 'local[0]' is not allowed; allowed: local, local[N]"},
                {"spark://127.0.0.1:" + closed, 1, "resweep: cannot reach Spark master spark://127.0.0.1:" + closed + " (127.0.0.1:" + closed
                        + ": connection refused)"}}) {
            java.io.StringWriter out = new java.io.StringWriter(), err = new java.io.StringWriter();
            CommandLine cl = Main.commandLine();
            cl.setOut(new java.io.PrintWriter(out, true));
            cl.setErr(new java.io.PrintWriter(err, true));
            Path dir = tmp.resolve("out-" + c[1] + "-" + Math.abs(c[0].hashCode()));
            int code = cl.execute("run", spec.toString(), "--out", dir.toString(), "--master", (String) c[0]);
            assertEquals(c[1], code, err.toString());
            assertEquals(1, err.toString().lines().count(), err.toString());
            assertTrue(err.toString().startsWith((String) c[2]), err.toString());
            assertTrue(!Files.exists(dir), "nothing written before Spark starts");
        }
    }

    @Test
    void unreachableStandaloneMasterIsNamedWithItsCause() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        } // closed: nothing listens there now
        String url = "spark://127.0.0.1:" + port;
        MasterUrl.UnreachableException e = assertThrows(MasterUrl.UnreachableException.class, () -> MasterUrl.probe(url));
        assertEquals("cannot reach Spark master " + url + " (127.0.0.1:" + port + ": connection refused)", e.getMessage());
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            MasterUrl.probe("spark://127.0.0.1:" + s.getLocalPort()); // a listening master passes
        }
    }

    /**
     * The Hadoop configuration resolved before Spark starts is Spark's own of the same settings: {@code --conf
     * spark.hadoop.fs.defaultFS} makes scheme-less paths resolve to that filesystem; without it they are local, and the
     * shortcut that skips building the configuration says so only then.
     */
    @Test
    void hadoopConfigurationBeforeSparkFollowsTheSettings() {
        SparkOptions none = parse("spec.yaml");
        assertTrue(none.defaultFsIsLocal() || System.getenv("SPARK_CONF_DIR") != null || System.getenv("SPARK_HOME") != null);
        assertEquals("file:///", none.hadoopConf().get("fs.defaultFS"));
        assertEquals("file:" + Path.of("x").toAbsolutePath(), org.resweep.driver.store.SweepPaths.resolve("x", none.hadoopConf()).toString());
        SparkOptions hdfs = parse("spec.yaml", "--conf", "spark.hadoop.fs.defaultFS=hdfs://nn.example:8020");
        assertTrue(!hdfs.defaultFsIsLocal());
        assertEquals("hdfs://nn.example:8020", hdfs.hadoopConf().get("fs.defaultFS"));
        assertEquals(new SparkConf(false).set("spark.hadoop.fs.defaultFS", "hdfs://nn.example:8020").get("spark.hadoop.fs.defaultFS"),
                hdfs.hadoopConf().get("fs.defaultFS"));
        // a qualified URI is not contacted (no such host): only its filesystem must be on the classpath
        assertEquals("hdfs://nn.example:8020/sweeps/a",
                org.resweep.driver.store.SweepPaths.resolve("/sweeps/a", hdfs.hadoopConf()).toString());
        // a local location needs no configuration when the default filesystem is known to be local
        assertEquals("file:" + Path.of("y").toAbsolutePath(), org.resweep.driver.store.SweepPaths.resolve("y", () -> {
            throw new AssertionError("configuration built for a local path");
        }, true).toString());
        assertEquals("file:/abs/y", org.resweep.driver.store.SweepPaths.resolve("file:///abs/y", () -> {
            throw new AssertionError("configuration built for a file: URI");
        }, false).toString());
    }
}
