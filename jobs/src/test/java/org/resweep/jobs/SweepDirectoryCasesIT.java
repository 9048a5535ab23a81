package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.resweep.jobs.testing.InProcessCli.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.driver.store.ParquetRunIds;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.jobs.testing.InProcessCli;

/**
 * The sweep-directory cases of the issue tracker, through the real command line in-process ({@code local[1]}, real
 * trainer): nothing resweep did not write is deleted or hidden; merged tables (DuckDB, nullable columns) are data;
 * a truncated part is quarantined and its runs rerun exactly once; damaged sweep.json, a locked directory and an
 * {@code --extend} that removes points are one-line user errors (exit 2).
 */
class SweepDirectoryCasesIT {
    /** 8 runs, ~1 s of work. */
    static final String BASE = """
            name: base
            seeds: 2
            epochs: 50
            hessian: init_end
            axes:
              activation: linear
              depth: [2, 4]
              shortcut: 2
              init: small
              init_scale: 0.01
              learning_rate: [0.01, 0.1]
            """;

    @TempDir
    Path tmp;

    @TempDir
    static Path shared;

    private static Path base;

    /**
     * A copy, at {@code tmp/NAME}, of {@link #BASE} stored once per class by {@code run} (a task per run, so that its
     * tables have several parts): the state every test but the first starts from, a finished sweep directory.
     */
    private Path finishedBase(String name) throws Exception {
        synchronized (SweepDirectoryCasesIT.class) {
            if (base == null) {
                Path d = shared.resolve("base");
                InProcessCli.Result r = sweep(Files.writeString(shared.resolve("base.yaml"), BASE), d, "--min-task-cost", "0");
                assertEquals(0, r.code(), r.out() + r.err());
                assertTrue(r.out().contains("8 runs planned, 0 already stored, 8 run now"), r.out());
                base = d;
            }
        }
        Path d = tmp.resolve(name);
        org.apache.commons.io.FileUtils.copyDirectory(base.toFile(), d.toFile());
        return d;
    }

    private Path spec(String name, String text) throws Exception { return Files.writeString(tmp.resolve(name), text); }

    private static InProcessCli.Result sweep(Path spec, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("run", spec.toString(), "--out", out.toString(), "--master", "local[1]"));
        a.addAll(List.of(more));
        return run(a.toArray(new String[0]));
    }

    private static List<String> ids(Path table) throws Exception {
        List<String> out = new ArrayList<>();
        for (String p : SweepDirectory.partNames(table)) out.addAll(ParquetRunIds.read(table.resolve(p), "run_id"));
        return out;
    }

    private static void oneLineUserError(InProcessCli.Result r, String expect) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(expect), r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
    }

    private static void duck(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long duckCount(String glob) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM '" + glob + "'")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void deleteParts(Path table) throws Exception {
        try (Stream<Path> s = Files.list(table)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) Files.delete(p);
        }
    }

    /** out-unrelated-files-deleted */
    @Test
    void unrelatedDirectoryIsRefusedAndKept() throws Exception {
        Path u = tmp.resolve("unrelated");
        Files.createDirectories(u.resolve("_staging"));
        Files.createDirectories(u.resolve("checkpoints"));
        Files.createDirectories(u.resolve("notes"));
        Files.writeString(u.resolve("_staging/thesis.tex"), "my thesis draft");
        Files.writeString(u.resolve("checkpoints/model-epoch10.parquet"), "PAR1 fake");
        Files.writeString(u.resolve("notes/a.txt"), "keep");
        InProcessCli.Result r = sweep(spec("base.yaml", BASE), u);
        oneLineUserError(r, "is not a sweep directory");
        assertEquals("my thesis draft", Files.readString(u.resolve("_staging/thesis.tex")));
        assertEquals("PAR1 fake", Files.readString(u.resolve("checkpoints/model-epoch10.parquet")));
        assertEquals("keep", Files.readString(u.resolve("notes/a.txt")));
        try (Stream<Path> s = Files.list(u)) {
            assertEquals(3, s.count(), "nothing added either");
        }
        oneLineUserError(run("aggregate", u.toString(), "--master", "local[1]"), "is not a sweep directory");
    }

    /** compacted-runs-resume (steps A and B), then `resweep compact` */
    @Test
    void tablesMergedByDuckDbAreDataAndResumeKeepsThem() throws Exception {
        Path s = spec("base.yaml", BASE), d = finishedBase("compact");
        assertEquals(16, duckCount(d + "/checkpoints/*.parquet"));
        // A: the user merges checkpoints/ with DuckDB and removes the part files
        duck("COPY (SELECT * FROM '" + d + "/checkpoints/*.parquet') TO '" + tmp.resolve("ck.parquet") + "' (FORMAT PARQUET)");
        deleteParts(d.resolve("checkpoints"));
        Files.copy(tmp.resolve("ck.parquet"), d.resolve("checkpoints/compacted.parquet"));
        InProcessCli.Result a = sweep(s, d);
        assertEquals(0, a.code(), a.err());
        assertTrue(a.out().contains("8 runs planned, 8 already stored, 0 run now"), a.out());
        assertEquals(16, duckCount(d + "/checkpoints/*.parquet"), "no checkpoint row lost");
        // B: runs/ merged with a nullable run_id (pandas / multi-file DuckDB COPY)
        duck("COPY (SELECT * REPLACE (NULLIF(run_id, '') AS run_id) FROM '" + d + "/runs/*.parquet') TO '"
                + tmp.resolve("runs.parquet") + "' (FORMAT PARQUET)");
        deleteParts(d.resolve("runs"));
        Files.copy(tmp.resolve("runs.parquet"), d.resolve("runs/compacted.parquet"));
        InProcessCli.Result b = sweep(s, d);
        assertEquals(0, b.code(), b.err());
        assertTrue(b.out().contains("8 runs planned, 8 already stored, 0 run now"), b.out());
        assertEquals(8, duckCount(d + "/runs/*.parquet"));
        assertEquals(16, duckCount(d + "/checkpoints/*.parquet"));
        assertTrue(Files.exists(d.resolve("runs/compacted.parquet")) && Files.exists(d.resolve("checkpoints/compacted.parquet")));
        // resweep compact merges its own files only, exactly once
        InProcessCli.Result c = run("compact", d.toString());
        assertEquals(0, c.code(), c.err());
        assertEquals(8, duckCount(d + "/runs/*.parquet"));
        assertEquals(16, duckCount(d + "/checkpoints/*.parquet"));
        assertTrue(Files.exists(d.resolve("runs/compacted.parquet")) && Files.exists(d.resolve("checkpoints/compacted.parquet")));
    }

    /** parquet-truncated-runs-part, plus a compaction of many parts and an --extend that removes points */
    @Test
    void truncatedPartIsQuarantinedAndItsRunsRerunExactlyOnce() throws Exception {
        Path s = spec("base.yaml", BASE), d = finishedBase("trunc");
        Path victim;
        try (Stream<Path> l = Files.list(d.resolve("runs"))) {
            victim = l.filter(p -> p.getFileName().toString().endsWith(".parquet") && !p.getFileName().toString().contains("schema"))
                    .sorted().findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(victim);
        Files.write(victim, java.util.Arrays.copyOf(bytes, Math.min(bytes.length - 1, 5000) / 2));
        InProcessCli.Result r = sweep(s, d);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains(victim.getFileName().toString()) && r.err().contains("quarantine"), r.err());
        assertTrue(Files.exists(d.resolve("quarantine/runs").resolve(victim.getFileName())));
        List<String> ids = ids(d.resolve("runs"));
        assertEquals(8, ids.size());
        assertEquals(8, new TreeSet<>(ids).size());
        assertEquals(16, ids(d.resolve("checkpoints")).size(), "its checkpoints went with it and were recomputed once");

        InProcessCli.Result ext = sweep(spec("fewer.yaml", BASE.replace("depth: [2, 4]", "depth: [2]")), d, "--extend");
        oneLineUserError(ext, "leaves out 4 of the 8 runs");
    }

    /** sweepjson-corrupt-stacktrace and aggregate-locked-stacktrace */
    @Test
    void damagedMetadataAndLockedDirectoryAreOneLineUserErrors() throws Exception {
        Path s = spec("base.yaml", BASE), d = finishedBase("meta");
        try (SweepDirectory held = SweepDirectory.open(d)) {
            oneLineUserError(run("aggregate", d.toString(), "--master", "local[1]"), "is in use by another resweep process");
            oneLineUserError(sweep(s, d), "is in use by another resweep process");
        }
        assertEquals(0, run("aggregate", d.toString(), "--master", "local[1]").code(), "released: a finished sweep is not locked");
        String json = Files.readString(d.resolve("sweep.json"));
        for (String bad : new String[] {json.substring(0, Math.min(200, json.length() - 5)), "{}"}) {
            Files.writeString(d.resolve("sweep.json"), bad);
            oneLineUserError(sweep(s, d), "sweep.json is damaged");
        }
    }
}
