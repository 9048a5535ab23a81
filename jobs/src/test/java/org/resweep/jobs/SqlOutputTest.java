package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.jobs.testing.InProcessCli;
import org.resweep.jobs.testing.SweepFixtures;

/**
 * {@code resweep sql} without Spark: DuckDB's nested values in every format, and an unreachable filesystem named in one
 * line (exit 1, the environment's failure, no "internal error") — by {@code sql} and by {@code run}.
 */
class SqlOutputTest {
    @TempDir
    static Path tmp;
    static Path sweep;

    @BeforeAll
    static void fixture() throws Exception {
        sweep = SweepFixtures.v2(tmp.resolve("a"), "alpha", true, true);
    }

    private static InProcessCli.Result sql(String format, String query) {
        return InProcessCli.run("sql", "--engine", "duckdb", "--format", format, "--out", sweep.toString(), query);
    }

    @Test
    void structsMapsAndListsAreJsonObjectsAndArrays() {
        String q = "SELECT {'x': 1, 'y': [1.5, 2.5], 'z': {'w': 'v'}} AS s, [[1, 2], [3]] AS l, MAP {'k': 3} AS m";
        InProcessCli.Result json = sql("json", q);
        assertEquals(0, json.code(), json.err());
        assertEquals("[\n{\"s\":{\"x\":1,\"y\":[1.5,2.5],\"z\":{\"w\":\"v\"}},\"l\":[[1,2],[3]],\"m\":{\"k\":3}}\n]\n", json.out());
        InProcessCli.Result csv = sql("csv", q);
        assertEquals(0, csv.code(), csv.err());
        assertEquals("s,l,m\n\"{x: 1, y: [1.5, 2.5], z: {w: v}}\",\"[[1, 2], [3]]\",{k: 3}\n", csv.out());
    }

    @Test
    void unreachableHdfsIsOneLineNamingTheUri() {
        String noRetry = "--conf=spark.hadoop.ipc.client.connect.max.retries=0";
        InProcessCli.Result r = InProcessCli.run("sql", noRetry, "--out", "hdfs://127.0.0.1:1/x", "SELECT 1");
        assertEquals(ExitCodes.FAILURE, r.code(), r.out() + r.err());
        assertEquals("resweep: --out hdfs://127.0.0.1:1/x: cannot reach its filesystem (Connection refused)", r.err().strip());
        // a scheme-less --out against an fs.defaultFS whose namenode is down: the same line, with the resolved URI
        InProcessCli.Result d = InProcessCli.run("sql", noRetry, "--conf=spark.hadoop.fs.defaultFS=hdfs://127.0.0.1:1", "--out", "/y",
                "SELECT 1");
        assertEquals(ExitCodes.FAILURE, d.code(), d.out() + d.err());
        assertEquals(1, d.err().strip().lines().count(), d.err());
        assertTrue(d.err().contains("hdfs://127.0.0.1:1/y: cannot reach its filesystem (Connection refused)"), d.err());
        assertFalse(d.err().contains("internal error") || d.err().contains("Exception"), d.err());
    }

    /**
     * Something listens at the URI's port but is no namenode: a server that closes each connection without a word, and one
     * that answers bytes that are not Hadoop RPC (a web server on the wrong port). The same one line, exit 1, saying so
     * (before: "internal error: java.io.EOFException" / "RpcException" with a stack-trace log). The servers are this
     * test's own, on 127.0.0.1.
     */
    @Test
    void aPortWhereNoNamenodeListensIsOneLine() throws Exception {
        String noRetry = "--conf=spark.hadoop.ipc.client.connect.max.retries=0";
        for (byte[] answer : List.of(new byte[0], "HTTP/1.0 400 Bad Request\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            try (java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
                Thread t = new Thread(() -> {
                    while (!server.isClosed()) {
                        try (java.net.Socket c = server.accept()) {
                            c.getOutputStream().write(answer);
                            c.getOutputStream().flush();
                        } catch (java.io.IOException closed) {
                            // the test closed the server, or the client left first
                        }
                    }
                });
                t.setDaemon(true);
                t.start();
                String uri = "hdfs://127.0.0.1:" + server.getLocalPort() + "/x";
                InProcessCli.Result r = InProcessCli.run("sql", noRetry, "--out", uri, "SELECT 1");
                assertEquals(ExitCodes.FAILURE, r.code(), r.out() + r.err());
                assertEquals(1, r.err().strip().lines().count(), r.err());
                assertTrue(r.err().startsWith("resweep: --out " + uri + ": cannot reach its filesystem ("
                        + (answer.length == 0 ? "the connection was closed without an answer: is a namenode listening there?)"
                        : "what listens there does not answer as a Hadoop namenode: ")), r.err());
                assertFalse(r.err().contains("internal error"), r.err());
            }
        }
    }

    /**
     * A server that accepts connections and never answers (review8 F8: Hadoop's client waited 2 minutes, then said
     * "60000 millis timeout while waiting for channel to be ready for read …"): the probe's timeout, here 1 s, then one
     * line saying what happened and how to wait longer. The server is this test's own, on 127.0.0.1.
     */
    @Test
    void aServerThatNeverAnswersIsOneLineAfterTheProbesTimeout() throws Exception {
        List<java.net.Socket> held = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        held.add(server.accept()); // read nothing, answer nothing
                    } catch (java.io.IOException closed) {
                        // the test closed the server
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            String uri = "hdfs://127.0.0.1:" + server.getLocalPort() + "/x";
            InProcessCli.Result r = InProcessCli.run("sql", "--conf=spark.hadoop.ipc.client.connect.max.retries=0",
                    "--conf=spark.hadoop." + SweepDirs.PROBE_TIMEOUT_KEY + "=1000", "--out", uri, "SELECT 1");
            assertEquals(ExitCodes.FAILURE, r.code(), r.out() + r.err());
            assertEquals("resweep: --out " + uri + ": cannot reach its filesystem (connected, but no answer within 1 s: is a namenode listening "
                    + "there? a slower one: --conf spark.hadoop." + SweepDirs.PROBE_TIMEOUT_KEY + "=MILLISECONDS)", r.err().strip());
        } finally {
            for (java.net.Socket c : held) c.close();
        }
    }

    /** {@code run} says the same of an unreachable --out (before: "internal error: java.net.ConnectException", exit 1). */
    @Test
    void runOnAnUnreachableHdfsIsTheSameLine() throws Exception {
        // Spark needs more than the 256 MiB of the small-heap execution (which runs this class only under -Dtest=...)
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("resweep.smallHeap") == null, "Spark needs a larger heap");
        Path spec = java.nio.file.Files.writeString(tmp.resolve("tiny.yaml"), CliErrorsTest.BASE);
        InProcessCli.Result r = InProcessCli.run("run", spec.toString(), "--conf=spark.hadoop.ipc.client.connect.max.retries=0",
                "--master", "local[1]", "--out", "hdfs://127.0.0.1:1/z");
        assertEquals(ExitCodes.FAILURE, r.code(), r.out() + r.err());
        assertTrue(r.err().strip().endsWith("resweep: --out hdfs://127.0.0.1:1/z: cannot reach its filesystem (Connection refused)"), r.err());
        assertFalse(r.err().contains("internal error"), r.err());
    }

    /**
     * {@code aggregate}, {@code compact} and {@code plot} on an unreachable filesystem: the same one line as {@code run} and
     * {@code sql} (they said "internal error: java.net.ConnectException …" with a stack-trace log: review5 F3), naming the
     * positional argument DIR (plot called it --out). {@code aggregate} starts Spark first: not in the small-heap execution.
     */
    @Test
    void aggregateCompactAndPlotOnAnUnreachableHdfsAreOneLine() {
        for (String command : System.getProperty("resweep.smallHeap") == null ? List.of("compact", "plot", "aggregate") : List.of("compact", "plot")) {
            InProcessCli.Result r = InProcessCli.run(command, "hdfs://127.0.0.1:1/w", "--conf=spark.hadoop.ipc.client.connect.max.retries=0");
            assertEquals(ExitCodes.FAILURE, r.code(), command + ": " + r.out() + r.err());
            assertEquals("resweep: DIR hdfs://127.0.0.1:1/w: cannot reach its filesystem (Connection refused)", r.err().strip(), command);
        }
    }

    /**
     * An unknown host: the user sees resweep's one line only, not Hadoop's "WARN FileSystem: Failed to initialize
     * filesystem …" before it (its own JVM, as the launcher starts it, stderr whole; the JVM's first line about the
     * incubator module is the launcher's to drop). Host names under {@code .invalid} never resolve (RFC 2606).
     */
    @Test
    void anUnknownHostIsOneLineWithoutHadoopsWarning() throws Exception {
        for (List<String> args : List.of(List.of("sql", "--out", "hdfs://nosuchhost.invalid:8020/x", "SELECT 1"),
                List.of("plot", "hdfs://nosuchhost.invalid:8020/x"))) {
            Path log = tmp.resolve("unknown-host-" + args.get(0) + ".log");
            try (org.resweep.jobs.testing.Processes procs = new org.resweep.jobs.testing.Processes()) {
                Process p = procs.cli(List.of(), args, java.util.Map.of(), log);
                assertEquals(ExitCodes.FAILURE, org.resweep.jobs.testing.Processes.await(p, org.resweep.jobs.testing.Processes.seconds(300), log));
            }
            List<String> lines = java.nio.file.Files.readAllLines(log).stream()
                    .filter(l -> !l.equals("WARNING: Using incubator modules: jdk.incubator.vector")).toList();
            assertEquals(List.of("resweep: " + (args.get(0).equals("sql") ? "--out" : "DIR")
                    + " hdfs://nosuchhost.invalid:8020/x: cannot reach its filesystem (unknown host nosuchhost.invalid)"), lines, args.get(0));
        }
    }

    /**
     * A resumed older directory holds part files of two layouts: DuckDB reads them with union_by_name, which gives the
     * older files null in the configuration columns they lack; they read as what every older run had (as in Spark SQL),
     * also in the best_lr that {@code sql} computes when none is stored (review5 F1: stop NULL vs '' were two groups).
     */
    @Test
    void olderRowsAmongNewerOnesReadTheOlderValues() throws Exception {
        Path mixed = SweepFixtures.v1(tmp.resolve("mixed"), "mixed", true);
        String q = "SELECT schema_version, attempt, store_weights, test_data = '' AS no_test, stop = '' AS no_rule, count(*) AS n "
                + "FROM runs GROUP BY ALL ORDER BY schema_version";
        InProcessCli.Result r = InProcessCli.run("sql", "--format", "csv", "--out", mixed.toString(), q);
        assertEquals(0, r.code(), r.err());
        assertEquals("schema_version,attempt,store_weights,no_test,no_rule,n\n1,1,false,true,true,6\n"
                + org.resweep.driver.results.ResultSchema.VERSION + ",1,false,true,true,6\n", r.out());
        // no best_lr stored (the test's own file, removed): sql computes it from the runs, one row per configuration
        for (Path f : java.nio.file.Files.list(mixed.resolve("best_lr")).toList()) java.nio.file.Files.delete(f);
        InProcessCli.Result b = InProcessCli.run("sql", "--format", "csv", "--out", mixed.toString(),
                "SELECT depth, stop = '' AS no_rule, test_data = '' AS no_test, store_weights, n_seeds FROM best_lr ORDER BY depth");
        assertEquals(0, b.code(), b.err());
        assertEquals("depth,no_rule,no_test,store_weights,n_seeds\n2,true,true,false,2\n4,true,true,false,2\n", b.out());
    }
}
