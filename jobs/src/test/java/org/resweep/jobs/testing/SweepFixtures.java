package org.resweep.jobs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.resweep.core.eig.SpectrumStats;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.train.Checkpoint;
import org.resweep.core.train.HessianSchedule;
import org.resweep.core.train.RunConfig;
import org.resweep.core.train.RunResult;
import org.resweep.driver.aggregate.BestLrTable;
import org.resweep.driver.results.Column;
import org.resweep.driver.results.ColumnType;
import org.resweep.driver.results.ConfigColumns;
import org.resweep.driver.results.ExecutedRun;
import org.resweep.driver.results.ResultRows;
import org.resweep.driver.results.ResultSchema;
import org.resweep.driver.results.SweepProvenance;
import org.resweep.driver.results.TableSchema;
import org.resweep.driver.store.ParquetPartWriter;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.store.SweepMeta;
import org.resweep.driver.store.TaskOutput;

/**
 * Small hand-made sweep directories (no training): 2 depths × 3 learning rates × 2 seeds of linear 2-shortcut
 * networks with known final losses — at depth 4 the largest rate has a diverged seed (final loss +Infinity) —, with
 * Hessian checkpoints at epochs 0 and 10 holding a 3-value spectrum.
 *
 * <p>{@link #v1} writes the same sweep in the layout of schema version 1, read from the golden file
 * {@code driver/src/test/resources/results-schema-v1.txt} ({@code completed_at} as ISO-8601 text, no
 * {@code best_lr.sweep_id}/{@code sweep}), with the very writer version 1 used ({@link ParquetPartWriter}).
 */
public final class SweepFixtures {
    public static final double[] LRS = {0.1, 0.2, 0.4};
    public static final int[] DEPTHS = {2, 4};
    public static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

    private SweepFixtures() {}

    /** Final loss of (depth, lr index, seed); +Infinity (diverged) at depth 4, the largest rate, seed 1. */
    public static double finalLoss(int depth, int lr, int seed) {
        if (depth == 4 && lr == 2 && seed == 1) return Double.POSITIVE_INFINITY;
        return 0.5 + 0.125 * depth - 0.0625 * lr * lr + (lr == 1 ? -0.25 : 0) + 0.03125 * seed;
    }

    static List<ExecutedRun> runs(boolean checkpoints) {
        List<ExecutedRun> out = new ArrayList<>();
        for (int depth : DEPTHS) {
            for (int i = 0; i < LRS.length; i++) {
                for (int seed = 0; seed < 2; seed++) {
                    RunConfig c = new RunConfig("mnist10k", NetworkSpec.linear(depth, 2, 10), InitKind.SMALL, 0.01, LRS[i], 10, seed,
                            checkpoints ? HessianSchedule.INIT_AND_END : HessianSchedule.NONE, checkpoints);
                    double f = finalLoss(depth, i, seed);
                    boolean diverged = !Double.isFinite(f);
                    List<Checkpoint> cps = new ArrayList<>();
                    if (checkpoints) {
                        for (int e : new int[] {0, 10}) {
                            double l = e == 0 ? 2.0 : (diverged ? 1e9 : f);
                            cps.add(new Checkpoint(e, l, 1.0 + e, new SpectrumStats(l, l / 10, l / 100, 100, 0.25, 3 * l, -l / 4, l, 0.5, 0.4, 0.3, 0.2, 3, 0.25, 10, 0),
                                    new double[] {-l / 4, l / 100, l}));
                        }
                    }
                    RunResult r = new RunResult(c, diverged ? RunResult.DIVERGED : RunResult.OK, diverged ? "diverged at epoch 10" : "",
                            2.0, f, Math.min(2.0, f), 0.5, 10, diverged ? 10 : -1, new double[] {2.0, f}, new double[] {1.0, 0.5},
                            cps, "moment", checkpoints ? "ejml" : "", "hash", 0.01);
                    out.add(new ExecutedRun(r, "host", "17", "0.46.1", "linux/amd64"));
                }
            }
        }
        return out;
    }

    /**
     * A sweep directory of the current schema written through {@link SweepDirectory#commit} (two batches).
     *
     * @param checkpoints whether runs have Hessian checkpoints (else the checkpoints table is empty)
     * @param bestLr      whether to store best_lr (else readers compute it)
     */
    public static Path v2(Path dir, String name, boolean checkpoints, boolean bestLr) throws IOException {
        return write(dir, name, runs(checkpoints), bestLr);
    }

    /** A sweep directory of the current schema holding {@code executed} (committed in two batches), optionally with best_lr. */
    public static Path write(Path dir, String name, List<ExecutedRun> executed, boolean bestLr) throws IOException {
        return write(dir, name, executed, bestLr, "name: " + name + "\n");
    }

    /** {@link #write(Path, String, List, boolean)} with {@code specText} as the stored sweep.yaml. */
    public static Path write(Path dir, String name, List<ExecutedRun> executed, boolean bestLr, String specText) throws IOException {
        String sweepId = name + "-id";
        List<Object[]> runs = new ArrayList<>(), cps = new ArrayList<>();
        SweepProvenance p = new SweepProvenance(sweepId, "test", "4.2.0");
        int k = 0;
        List<String> ids = new ArrayList<>();
        for (ExecutedRun e : executed) {
            runs.add(ResultRows.runRow(e, p, 0.25, T0.plusSeconds(k++)));
            cps.addAll(ResultRows.checkpointRows(e, sweepId));
            ids.add(e.result().config().runId());
        }
        try (SweepDirectory d = SweepDirectory.open(dir)) {
            new SweepMeta(sweepId, name, ResultSchema.VERSION, ids, 0).write(new org.resweep.driver.store.SweepFs(hadoop(dir), new Configuration()), hadoop(dir), specText);
            int half = runs.size() / 2, cpHalf = cps.size() / 2;
            d.commit(runs.subList(0, half), cps.subList(0, cpHalf));
            d.commit(runs.subList(half, runs.size()), cps.subList(cpHalf, cps.size()));
        }
        if (bestLr) writeBestLr(dir, sweepId, name, runs, ResultSchema.BEST_LR);
        return dir;
    }

    /** The same sweep in the layout of schema version 1 (runs, empty checkpoints, best_lr), sweep.json version 1. */
    public static Path v1(Path dir, String name) throws IOException {
        return v1(dir, name, false);
    }

    /**
     * A version-1 sweep directory; with {@code resumed}, only the first half of the runs is in the version-1 layout
     * and the second half was committed by this version (as a resume of the old directory does).
     */
    public static Path v1(Path dir, String name, boolean resumed) throws IOException {
        return v1(dir, name, resumed, true);
    }

    /**
     * A version-1 sweep directory interrupted half-way: sweep.json plans all runs, the first half is stored in the
     * version-1 layout, no best_lr. The spec {@link #V1_SPEC} (with this name) plans exactly these runs.
     */
    public static Path v1Interrupted(Path dir, String name) throws IOException {
        return v1(dir, name, false, false);
    }

    /** The spec whose runs are the fixture's (add {@code name: NAME} in front). */
    public static final String V1_SPEC = """
            data: mnist10k
            seeds: 2
            epochs: 10
            hessian: none
            spectra: false
            axes:
              activation: linear
              depth: [2, 4]
              shortcut: 2
              init: small
              init_scale: 0.01
              learning_rate: [0.1, 0.2, 0.4]
            """;

    private static Path v1(Path dir, String name, boolean resumed, boolean complete) throws IOException {
        String sweepId = name + "-id";
        TableSchema runsV1 = golden("runs"), bestV1 = golden("best_lr");
        List<Object[]> runs = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        SweepProvenance p = new SweepProvenance(sweepId, "0.1.0-SNAPSHOT", "4.2.0");
        int k = 0;
        for (ExecutedRun e : runs(false)) {
            runs.add(ResultRows.runRow(e, p, 0.25, T0.plusSeconds(k++)));
            ids.add(e.result().config().runId());
        }
        Files.createDirectories(dir.resolve("runs"));
        Files.createDirectories(dir.resolve("checkpoints"));
        new SweepMeta(sweepId, name, 1, ids, 0).write(new org.resweep.driver.store.SweepFs(hadoop(dir), new Configuration()), hadoop(dir), "name: " + name + "\n");
        List<Object[]> old = resumed || !complete ? runs.subList(0, runs.size() / 2) : runs;
        ParquetPartWriter.write(new Configuration(), hadoop(dir.resolve("runs/part-v1-00000.snappy.parquet")), runsV1,
                convert(old, ResultSchema.RUNS, runsV1));
        if (resumed) {
            try (SweepDirectory d = SweepDirectory.open(dir)) {
                d.commit(runs.subList(runs.size() / 2, runs.size()), List.of());
            }
        }
        if (complete) writeBestLr(dir, sweepId, name, runs, bestV1);
        return dir;
    }

    /**
     * The sweep (with checkpoints) in the layout of schema version {@code version} (from the golden file
     * {@code results-schema-vVERSION.txt}), committed by resweep in two batches (as that version's {@code run} did),
     * sweep.json version {@code version}, no best_lr: a directory whose own files {@code compact} and
     * {@code --retry-failed} rewrite.
     */
    public static Path older(Path dir, String name, int version) throws IOException {
        return older(dir, name, version, false);
    }

    /**
     * {@link #older(Path, String, int)}; with {@code resumed}, the second batch is committed by this version in the
     * current layout (as a resume or {@code --extend} of the old directory does).
     */
    public static Path older(Path dir, String name, int version, boolean resumed) throws IOException {
        return older(dir, name, version, resumed, false);
    }

    /** The spec whose runs are {@link #older}'s (add {@code name: NAME} in front). */
    public static final String OLDER_SPEC = V1_SPEC.replace("hessian: none", "hessian: init_end").replace("spectra: false", "spectra: true");

    /**
     * {@link #older(Path, String, int, boolean)}; with {@code failFirst}, the first stored run (depth 2, the smallest
     * rate, seed 0) is stored as {@code failed} (its checkpoints rows kept), for {@code run --retry-failed}.
     */
    public static Path older(Path dir, String name, int version, boolean resumed, boolean failFirst) throws IOException {
        String sweepId = name + "-id";
        TableSchema runsOld = golden(version, "runs"), cpOld = golden(version, "checkpoints");
        List<Object[]> runs = new ArrayList<>(), cps = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        SweepProvenance p = new SweepProvenance(sweepId, "0.1.0-SNAPSHOT", "4.2.0");
        int k = 0;
        for (ExecutedRun e : runs(true)) {
            runs.add(ResultRows.runRow(e, p, 0.25, T0.plusSeconds(k++)));
            cps.addAll(ResultRows.checkpointRows(e, sweepId));
            ids.add(e.result().config().runId());
        }
        if (failFirst) {
            runs.get(0)[ResultSchema.RUNS.indexOf("status")] = RunResult.FAILED;
            runs.get(0)[ResultSchema.RUNS.indexOf("message")] = "java.io.IOException: a transient failure";
        }
        new SweepMeta(sweepId, name, version, ids, 0).write(new org.resweep.driver.store.SweepFs(hadoop(dir), new Configuration()), hadoop(dir), "name: " + name + "\n");
        try (SweepDirectory d = SweepDirectory.open(dir)) {
            int half = runs.size() / 2, cpHalf = cps.size() / 2;
            int[][] parts = {{0, half, 0, cpHalf}, {half, runs.size(), cpHalf, cps.size()}};
            for (int[] q : parts) {
                if (resumed && q[0] > 0) {
                    d.commit(runs.subList(q[0], q[1]), cps.subList(q[2], q[3]));
                    continue;
                }
                org.apache.hadoop.fs.Path r = new org.apache.hadoop.fs.Path(d.stagingDir(), "old-runs-" + q[0] + ".parquet");
                org.apache.hadoop.fs.Path c = new org.apache.hadoop.fs.Path(d.stagingDir(), "old-cp-" + q[0] + ".parquet");
                long bytes = ParquetPartWriter.write(new Configuration(), r, runsOld, convert(runs.subList(q[0], q[1]), ResultSchema.RUNS, runsOld, version));
                bytes += ParquetPartWriter.write(new Configuration(), c, cpOld, convert(cps.subList(q[2], q[3]), ResultSchema.CHECKPOINTS, cpOld, version));
                String[] partIds = ids.subList(q[0], q[1]).toArray(new String[0]);
                d.commitTasks(List.of(new TaskOutput(q[0], r.toString(), c.toString(), partIds, partIds.length, 0, 0, bytes)));
            }
        }
        return dir;
    }

    private static void writeBestLr(Path dir, String sweepId, String name, List<Object[]> runs, TableSchema layout) throws IOException {
        List<Object[]> slim = new ArrayList<>();
        List<String> cols = new ArrayList<>(ConfigColumns.GROUP_KEY);
        cols.addAll(BestLrTable.VALUE_COLUMNS);
        for (Object[] r : runs) {
            Object[] s = new Object[cols.size()];
            for (int i = 0; i < s.length; i++) s[i] = r[ResultSchema.RUNS.indexOf(cols.get(i))];
            slim.add(s);
        }
        List<Object[]> best = BestLrTable.compute(sweepId, name, slim);
        Files.createDirectories(dir.resolve("best_lr"));
        ParquetPartWriter.write(new Configuration(), hadoop(dir.resolve("best_lr/part-00000.snappy.parquet")), layout,
                convert(best, ResultSchema.BEST_LR, layout));
    }

    private static org.apache.hadoop.fs.Path hadoop(Path p) { return new org.apache.hadoop.fs.Path(p.toAbsolutePath().toUri()); }

    /** Rows of {@code from} re-laid as {@code to} (by column name; timestamps as ISO-8601 text where {@code to} has a string). */
    static List<Object[]> convert(List<Object[]> rows, TableSchema from, TableSchema to) {
        return convert(rows, from, to, 1);
    }

    /** {@link #convert(List, TableSchema, TableSchema)} with {@code schema_version} = {@code version}. */
    static List<Object[]> convert(List<Object[]> rows, TableSchema from, TableSchema to, int version) {
        List<Object[]> out = new ArrayList<>();
        for (Object[] r : rows) {
            Object[] v = new Object[to.columns().size()];
            for (int i = 0; i < v.length; i++) {
                Column c = to.columns().get(i);
                Object x = r[from.indexOf(c.name())];
                if (c.name().equals("schema_version")) x = version;
                v[i] = x instanceof Instant t && c.type() == ColumnType.STRING ? t.toString() : x;
            }
            out.add(v);
        }
        return out;
    }

    /** A table of schema version 1, from the golden file (lines {@code name type [nullable]}). */
    public static TableSchema golden(String table) throws IOException {
        return golden(1, table);
    }

    /** A table of schema version {@code version}, from its golden file. */
    public static TableSchema golden(int version, String table) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "driver", "src", "test", "resources", "results-schema-v" + version + ".txt"));
        TableSchema.Builder b = new TableSchema.Builder(table);
        boolean in = false;
        for (String l : lines) {
            if (l.startsWith("table ")) {
                in = l.equals("table " + table);
                continue;
            }
            if (!in || l.isBlank()) continue;
            String[] f = l.split(" ");
            ColumnType t = switch (f[1]) {
                case "string" -> ColumnType.STRING;
                case "int" -> ColumnType.INT;
                case "bigint" -> ColumnType.LONG;
                case "double" -> ColumnType.DOUBLE;
                case "boolean" -> ColumnType.BOOLEAN;
                case "array<double>" -> ColumnType.DOUBLE_ARRAY;
                case "timestamp" -> ColumnType.TIMESTAMP;
                default -> throw new IllegalStateException("v" + version + " type " + f[1]);
            };
            if (f.length > 2) b.opt(f[0], t, "");
            else b.req(f[0], t, "");
        }
        return b.build();
    }
}
