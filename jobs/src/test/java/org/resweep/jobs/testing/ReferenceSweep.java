package org.resweep.jobs.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.resweep.driver.store.ParquetRunIds;
import org.resweep.driver.store.SweepDirectory;

/**
 * The small real sweep of the integration tests, run once per test JVM through the CLI in-process on
 * {@code local[2]} without interruption: the reference every cluster run, killed-and-resumed run and DuckDB read
 * is compared with.
 *
 * <p>46 runs of the real trainer, ~12 s on 2 cores: 2 plain depth-8 runs at rate 1 that diverge at epoch 1
 * (so the tables hold huge losses and an infinite mean), 36 linear runs (moment path, ~0.1 s each; plain Xavier and
 * 2-shortcut small init, depths 2-6, three rates, two seeds; 2000 epochs, exact Hessian at epochs 0 and 2000) and,
 * submitted first (longest first), 8 ReLU-at-mid runs on the data path (~2.5 s each): a process killed after the
 * first commit (2 s after the first result, ~6 s in) is killed ~6 s before the sweep would end.
 */
public final class ReferenceSweep {
    /** The 8 ReLU-at-mid data-path runs of {@link #SPEC}: {@link #RUNS} − 8 runs without them. */
    private static final String RELU_VARIANT = """
              - {activation: relu, positions: mid, shortcut: 2, depth: 2, init: small, init_scale: 0.01,
                 learning_rate: [0.02, 0.03, 0.04, 0.05]}
            """;

    /** The spec (docs/sweep-spec.md): {@link #spec(String, boolean)} named it-sweep, with its ReLU variant. */
    public static final String SPEC = spec("it-sweep", true);

    /**
     * The reference spec under another name, with or without its ReLU variant (without: {@link #RUNS} − 8 runs, the
     * linear and the diverging ones, ~4 s of one core; the same run ids as those runs of {@link #SPEC}).
     */
    public static String spec(String name, boolean reluVariant) {
        return """
                name: %s
                data: mnist10k
                seeds: 2
                epochs: 2000
                hessian: init_end
                axes:
                  activation: linear
                  depth: [2, 4, 6]
                  learning_rate: {from: 0.01, to: 0.1, per_decade: 2}
                variants:
                  - {shortcut: 0, init: xavier}
                  - {shortcut: 2, init: small, init_scale: 0.01}
                %s  - {shortcut: 0, init: xavier, depth: 8, learning_rate: 1.0}
                """.formatted(name, reluVariant ? RELU_VARIANT : "");
    }

    /** Runs the spec plans. */
    public static final int RUNS = 46;

    private static Path dir;

    private ReferenceSweep() {}

    /** Writes the spec to {@code folder/it-sweep.yaml} and returns its path. */
    public static Path writeSpec(Path folder) throws IOException {
        return Files.writeString(Files.createDirectories(folder).resolve("it-sweep.yaml"), SPEC);
    }

    /** The reference sweep directory (run on first use, under target/it-reference). */
    public static synchronized Path dir() throws IOException {
        if (dir == null) {
            Path d = Path.of("target", "it-reference").toAbsolutePath();
            FileUtils.deleteDirectory(d.toFile()); // a previous test JVM's
            Path spec = writeSpec(d);
            Path out = d.resolve("out");
            InProcessCli.Result r = InProcessCli.run("run", spec.toString(), "--out", out.toString(), "--master", "local[2]");
            assertEquals(0, r.code(), () -> "reference run failed: " + r.all());
            dir = out;
        }
        return dir;
    }

    /**
     * Runs stored in {@code sweep}: those its commit records name (what a resume keeps; a part file that a kill left
     * without its commit record is rolled back by the resume); 0 if it has none yet.
     */
    public static int storedRuns(Path sweep) {
        try {
            return org.resweep.driver.testing.SweepTestKit.committedRunIds(sweep).size();
        } catch (IOException e) {
            return 0; // a record renamed while listing: the caller polls again
        }
    }

    /** Snapshots of the three tables of a sweep directory. */
    public static Map<String, TableSnapshot> tables(Path sweep) throws IOException {
        return Map.of("runs", TableSnapshot.read(sweep, "runs"), "checkpoints", TableSnapshot.read(sweep, "checkpoints"),
                "best_lr", TableSnapshot.read(sweep, "best_lr"));
    }

    /** Asserts that the sweep at {@code location} (a path or URI) holds exactly the reference's rows (bit for bit). */
    public static void assertSameAsReference(String location, String what) throws IOException {
        Map<String, TableSnapshot> ref = tables(dir());
        for (String t : List.of("runs", "checkpoints", "best_lr")) ref.get(t).assertSameAs(TableSnapshot.read(location, t), what);
    }

    /** Asserts that {@code sweep} holds exactly the reference's rows in all three tables (bit for bit). */
    public static void assertSameAsReference(Path sweep, String what) throws IOException {
        Map<String, TableSnapshot> ref = tables(dir()), got = tables(sweep);
        assertEquals(RUNS, ref.get("runs").rows().size(), "reference runs");
        for (String t : List.of("runs", "checkpoints", "best_lr")) ref.get(t).assertSameAs(got.get(t), what);
    }
}
