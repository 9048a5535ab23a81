package org.resweep.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.core.train.RunConfig;
import org.resweep.driver.results.ResultSchema;
import org.resweep.driver.store.ParquetRunIds;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.store.SweepFs;
import org.resweep.driver.store.SweepLock;
import org.resweep.driver.store.SweepPaths;
import org.resweep.driver.testing.FakeRuns;
import org.resweep.driver.testing.FakeSweepMain;
import org.resweep.driver.testing.MiniHdfs;

/**
 * The store on a real HDFS ({@link MiniHdfs}, in this JVM): a sweep into {@code hdfs://…} produces the same rows, bit
 * for bit, as the same sweep into a local directory; a driver process killed with SIGKILL mid-sweep (writing with the
 * object-store commit protocol forced) resumes exactly once, taking over its stale lock; a scheme-less path resolves
 * against {@code fs.defaultFS} exactly as Spark resolves it.
 */
class HdfsSweepIT {
    private static final List<String> VOLATILE = List.of("wall_seconds", "completed_at", "executor_host");

    @TempDir
    static Path tmp;
    private static MiniHdfs hdfs;
    private static SparkSession spark;

    @BeforeAll
    static void start() throws Exception {
        hdfs = new MiniHdfs(tmp.resolve("hdfs"));
        spark = SparkSessions.start("local[2]", "hdfs-it");
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
        if (hdfs != null) hdfs.close();
    }

    private static SweepRun.Outcome sweep(String location, List<RunConfig> grid) throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        return SweepRun.run(spark, location, new SweepRun.Request("hdfs-it", "hdfs-it-1", "name: hdfs-it\n",
                        SweepRun.planned(grid, FakeRuns::cost), false, false), new FakeRuns(), ds -> 0.05,
                new SweepEngine.Options(0, 4, 300, new PrintStream(progress, true), false), s -> { });
    }

    private static List<Row> table(String location, String name, String... order) throws Exception {
        Dataset<Row> t = SweepTables.read(spark, location, name.equals("runs") ? ResultSchema.RUNS : ResultSchema.CHECKPOINTS);
        List<Column> keep = new ArrayList<>();
        for (String c : t.columns()) if (!VOLATILE.contains(c)) keep.add(functions.col(c));
        return t.select(keep.toArray(new Column[0])).orderBy(order[0], Arrays.copyOfRange(order, 1, order.length)).collectAsList();
    }

    @Test
    void sweepOnHdfsEqualsLocalSweepBitForBit() throws Exception {
        List<RunConfig> grid = FakeRuns.grid(new int[] {2, 4}, new double[] {0.5, FakeRuns.THROW_LR, 2.0}, 2, 5);
        String local = tmp.resolve("local").toUri().toString(), remote = hdfs.uri() + "/sweeps/a";
        SweepRun.Outcome l = sweep(local, grid), r = sweep(remote, grid);
        assertEquals(grid.size(), r.summary().runs());
        assertTrue(r.dir().toString().startsWith("hdfs://127.0.0.1:"), r.dir().toString());
        assertEquals(l.bestLrRows(), r.bestLrRows());
        List<Row> runs = table(remote, "runs", "run_id");
        assertEquals(grid.size(), runs.size());
        assertEquals(table(local, "runs", "run_id"), runs);
        assertEquals(table(local, "checkpoints", "run_id", "epoch"), table(remote, "checkpoints", "run_id", "epoch"));
        assertEquals(grid.size() / 3, r.storedFailed());
        // the driver's files are on HDFS, nothing local
        SweepFs fs = new SweepFs(r.dir(), spark.sparkContext().hadoopConfiguration());
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path(r.dir(), "sweep.json")));
        assertTrue(!SweepDirectory.partNames(fs, new org.apache.hadoop.fs.Path(r.dir(), "best_lr")).isEmpty());
        // a resume on HDFS runs nothing
        assertEquals(0, sweep(remote, grid).summary().runs());
    }

    /** IDX bytes (header + payload) of the first {@code n} embedded digits: {images, labels}. */
    private static byte[][] idx(int n) {
        org.resweep.core.data.RawDigits raw = org.resweep.core.data.Datasets.readRaw("mnist10k");
        int px = raw.pixelsPerImage();
        java.nio.ByteBuffer img = java.nio.ByteBuffer.allocate(16 + n * px).putInt(0x803).putInt(n).putInt(raw.rows()).putInt(raw.cols());
        img.put(raw.pixels(), 0, n * px);
        java.nio.ByteBuffer lab = java.nio.ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n).put(raw.labels(), 0, n);
        return new byte[][] {img.array(), lab.array()};
    }

    /**
     * Data on HDFS: a real sweep (the worker-core trainer) reading idx:hdfs://… equals the same sweep on a local copy
     * (zero initialisation, so the seed — which derives from the data set's name — plays no part).
     */
    @Test
    void realRunsReadIdxDataFromHdfs() throws Exception {
        byte[][] data = idx(600);
        Path localData = Files.createDirectories(tmp.resolve("data"));
        Files.write(localData.resolve("d-images-idx3-ubyte"), data[0]);
        Files.write(localData.resolve("d-labels-idx1-ubyte"), data[1]);
        org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(hdfs.uri() + "/data");
        var fs = remote.getFileSystem(spark.sparkContext().hadoopConfiguration());
        fs.mkdirs(remote);
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(localData.resolve("d-images-idx3-ubyte").toUri()), remote);
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(localData.resolve("d-labels-idx1-ubyte").toUri()), remote);
        List<String> sets = List.of("idx:" + localData.resolve("d"), "idx:" + hdfs.uri() + "/data/d");
        List<List<Row>> results = new ArrayList<>();
        for (String set : sets) {
            assertEquals(600, org.resweep.core.data.Datasets.describe(set).count(), set);
            List<RunConfig> grid = new ArrayList<>();
            for (double lr : new double[] {0.01, 0.1}) {
                grid.add(new RunConfig(set, org.resweep.core.net.NetworkSpec.linear(2, 2, 10), org.resweep.core.net.InitKind.ZERO,
                        1, lr, 20, 0, org.resweep.core.train.HessianSchedule.INIT_AND_END, false));
            }
            String out = hdfs.uri() + "/sweeps/data-" + results.size();
            SweepRun.Outcome o = SweepRun.run(spark, out, new SweepRun.Request("data", "data-1", "name: data\n",
                            SweepRun.planned(grid, c -> 1.0), false, false), new RunnerTask(), SweepRun::lStar,
                    new SweepEngine.Options(0, 4, 300, null, false), s -> { });
            assertEquals(2, o.summary().ok(), "both runs ok on " + set);
            results.add(SweepTables.read(spark, out, ResultSchema.RUNS)
                    .select("learning_rate", "final_loss", "loss_curve", "end_max_eig", "data_hash", "l_star")
                    .orderBy("learning_rate").collectAsList());
        }
        assertEquals(results.get(0), results.get(1), "the same numbers, bit for bit, from HDFS and from the local copy");
    }

    @Test
    void schemeLessPathResolvesAgainstDefaultFsLikeSpark() {
        Configuration conf = new Configuration(spark.sparkContext().hadoopConfiguration());
        conf.set("fs.defaultFS", hdfs.uri());
        assertEquals(hdfs.uri() + "/abs/dir", SweepPaths.resolve("/abs/dir", conf).toString());
        assertEquals("file:/abs/dir", SweepPaths.resolve("file:///abs/dir", conf).toString());
        Configuration local = new Configuration(spark.sparkContext().hadoopConfiguration());
        assertEquals("file:" + Path.of("rel").toAbsolutePath(), SweepPaths.resolve("rel", local).toString());
    }

    @Test
    void killedDriverOnHdfsResumesExactlyOnceWithTheObjectStoreProtocol() throws Exception {
        String out = hdfs.uri() + "/sweeps/killed";
        org.apache.hadoop.fs.Path dir = SweepPaths.resolve(out, spark.sparkContext().hadoopConfiguration());
        SweepFs fs = new SweepFs(dir, spark.sparkContext().hadoopConfiguration());
        org.apache.hadoop.fs.Path runsDir = new org.apache.hadoop.fs.Path(dir, "runs");
        Path log1 = tmp.resolve("k1.log"), log2 = tmp.resolve("k2.log");
        Process first = start(out, log1);
        long deadline = System.currentTimeMillis() + Long.getLong("resweep.it.waitSeconds", 600) * 1000;
        while (runIds(fs, runsDir).size() < 4) {
            assertTrue(first.isAlive(), () -> "driver ended early: " + read(log1));
            assertTrue(System.currentTimeMillis() < deadline, () -> "no commits: " + read(log1));
            Thread.sleep(100);
        }
        first.destroyForcibly(); // SIGKILL
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path(dir, SweepLock.FILE)), "the killed driver's lock stays behind");
        List<RunConfig> grid = FakeSweepMain.grid();
        int before = runIds(fs, runsDir).size();
        assertTrue(before > 0 && before < grid.size(), "killed mid-sweep: " + before + " of " + grid.size());

        Process second = start(out, log2);
        assertTrue(second.waitFor(Long.getLong("resweep.it.waitSeconds", 600), TimeUnit.SECONDS), () -> read(log2));
        assertEquals(0, second.exitValue(), () -> read(log2));
        assertTrue(read(log2).contains("taking over the lock"), read(log2));
        List<String> ids = runIds(fs, runsDir);
        assertEquals(grid.size(), ids.size(), "one row per run");
        assertEquals(new TreeSet<>(grid.stream().map(RunConfig::runId).toList()), new TreeSet<>(ids));
        Map<String, Integer> perRun = new HashMap<>();
        for (String id : runIds(fs, new org.apache.hadoop.fs.Path(dir, "checkpoints"))) perRun.merge(id, 1, Integer::sum);
        for (RunConfig c : grid) {
            int want = c.learningRate() == FakeRuns.THROW_LR ? 0 : c.learningRate() >= FakeRuns.DIVERGE_LR ? 1 : 2;
            assertEquals(want, perRun.getOrDefault(c.runId(), 0), "checkpoints of " + c.runId());
        }
        assertTrue(!fs.exists(new org.apache.hadoop.fs.Path(dir, SweepLock.FILE)), "released at the end");
    }

    private static List<String> runIds(SweepFs fs, org.apache.hadoop.fs.Path table) throws Exception {
        List<String> out = new ArrayList<>();
        for (String p : SweepDirectory.partNames(fs, table)) out.addAll(ParquetRunIds.read(fs.conf(), new org.apache.hadoop.fs.Path(table, p), "run_id"));
        return out;
    }

    private Process start(String out, Path log) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(Files.readString(Path.of("..", "conf", "jvm-module-flags")).trim().split("\\s+")));
        cmd.addAll(List.of("-Xmx1g", "-Dresweep.fake.sleepMillis=40", "-Dspark.hadoop." + SweepFs.ATOMIC_RENAME_KEY + "=false",
                "-cp", System.getProperty("java.class.path"), FakeSweepMain.class.getName(), out, "local[2]"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return "(no log)";
        }
    }
}
