package org.resweep.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.store.SweepFs;
import org.resweep.driver.store.SweepPaths;
import org.resweep.driver.testing.FakeRuns;
import org.resweep.driver.testing.MiniHdfs;

/**
 * The store on a real HDFS ({@link MiniHdfs}, in this JVM): a sweep into {@code hdfs://…} produces the same rows, bit
 * for bit, as the same sweep into a local directory; real runs read IDX data from HDFS; a scheme-less path resolves
 * against {@code fs.defaultFS} exactly as Spark resolves it. (A killed driver on HDFS: {@code jobs/HdfsCliIT}.)
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
        // 18 runs (shortcuts 0, 1, 2 × ok, throwing, diverging rate × 2 seeds, one storing spectra): every status, null and
        // non-null spectra, several commits of at most 4 tasks; a second depth only doubled the tasks written to HDFS.
        List<RunConfig> grid = FakeRuns.grid(new int[] {4}, new double[] {0.5, FakeRuns.THROW_LR, 2.0}, 2, 5);
        assertEquals(18, grid.size());
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

    /**
     * Commit records merge crash-safely on HDFS too ({@code CommitRecordMerge}; HDFS's own protocol, with renames — the
     * object-store protocol is covered on the local filesystem by {@code SweepDirectoryTest}).
     */
    @Test
    void commitRecordsMergeCrashSafelyOnHdfs() throws Exception {
        Configuration conf = new Configuration(spark.sparkContext().hadoopConfiguration());
        org.resweep.driver.testing.CommitRecordMerge.check(conf, new org.apache.hadoop.fs.Path(hdfs.uri() + "/merge"), s -> { });
    }
}
