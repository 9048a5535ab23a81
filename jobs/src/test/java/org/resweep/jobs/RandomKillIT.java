package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.jobs.testing.InProcessCli;
import org.resweep.jobs.testing.Processes;
import org.resweep.jobs.testing.ReferenceSweep;
import org.resweep.jobs.testing.TableSnapshot;

/**
 * Randomized crash test of the real command line: {@code kill -9} of the driver ({@code Main run}, {@code local[2]},
 * own JVM) at random moments of a sweep of cheap runs (36 runs for CI's 5 kills, more for more kills: {@link #seeds}),
 * each kill followed by a resume (itself killed, until the last one, run in the test's JVM, completes). After every
 * kill the stored rows are a subset of an uninterrupted run's, bit for bit, with every run id at most once; at the end
 * the three tables equal the uninterrupted run's, every run id exactly once.
 *
 * <p>Kills 1, 4, 7, ... come {@code U[0, 6 s)} after the driver printed its first progress line (the Spark job is
 * submitted; a batch commits every 2 s at most), the others {@code U[0, 3 s)} after the driver's first commit, so
 * that kills land before, during and after commits however busy the machine is. The randomness is seeded; the seed is
 * printed and {@code -Dresweep.killTest.seed=S} replays it. {@code -Dresweep.killTest.kills=K} (default 5) and
 * {@code -Dresweep.killTest.epochs=E} (default 20000; more makes longer runs) are for
 * {@code scripts/kill-test.sh}, which writes the report {@code target/kill-test-report.txt}.
 *
 * <p>The sweep's size proves nothing beyond "large enough that every kill lands before its end", which each kill
 * asserts: a session is killed within 250 ms of its first commit, or of one commit after that (commits 250 ms apart,
 * two runs in flight on two cores), so each kill stores a few runs (a CI run with the former 100-run sweep, main
 * b18eb81: 0, 4, 3, 0, 2 runs, 9 after 5 kills; with 36 runs of 40,000 epochs in session 7's CI: 0, 2, 3, 0, 3).
 * The length of a run only sets how long a kill waits for "one more stored run" and how much work the reference
 * and the resumed runs are: 20,000 epochs (~0.5 s a run; scripts/kill-test.sh uses 50,000) still leave every kill
 * between runs that are in flight, since a kill comes at most 250 ms after a commit.
 */
class RandomKillIT {
    /** Seeds per configuration: ceil(0.3 × kills), at least 2 (5 kills: 2 seeds, 36 runs; 20 kills: 6 seeds, 108 runs). */
    static int seeds(int kills) {
        return Math.max(2, (kills * 3 + 9) / 10);
    }

    /** Runs the spec plans: 3 depths × 3 rates × 2 variants × {@link #seeds(int)}. */
    static int runs(int kills) {
        return 18 * seeds(kills);
    }

    /**
     * 3 depths × 3 rates × 2 variants × {@code seeds} seeds of linear networks (moment path, ~0.5 s per run at 20,000
     * epochs on an idle machine: session 7's CI ran 36 runs of 40,000 in 17 s on 2 cores).
     */
    static String spec(int epochs, int seeds) {
        return """
                name: kill-test
                data: mnist10k
                seeds: %d
                epochs: %d
                hessian: init_end
                axes:
                  activation: linear
                  depth: [2, 6, 10]
                  learning_rate: {from: 0.01, to: 0.1, per_decade: 2}
                variants:
                  - {shortcut: 0, init: xavier}
                  - {shortcut: 2, init: small, init_scale: 0.01}
                """.formatted(seeds, epochs);
    }

    /** A guard against a hung test only (scaled by {@code -Dresweep.it.timeScale}). */
    private static final int SECONDS = Processes.seconds(900);

    @TempDir
    Path tmp;

    private static Process cli(Processes procs, Path spec, Path out, Path log) throws Exception {
        return procs.runSweepRunByRun(spec, out, log);
    }

    @Test
    void randomKillsAndResumesStoreEveryRunExactlyOnce() throws Exception {
        long seed = Long.getLong("resweep.killTest.seed", new Random().nextLong());
        int kills = Integer.getInteger("resweep.killTest.kills", 5);
        int epochs = Integer.getInteger("resweep.killTest.epochs", 20000);
        Random rnd = new Random(seed);
        int planned = runs(kills);
        List<String> report = new ArrayList<>();
        report.add(String.format(Locale.ROOT, "RandomKillIT: seed %d, %d kills, %d runs of %d epochs (replay: -Dresweep.killTest.seed=%d)",
                seed, kills, planned, epochs, seed));
        System.out.println(report.get(0));

        Path spec = Files.writeString(tmp.resolve("kill-test.yaml"), spec(epochs, seeds(kills)));
        Path ref = reference(spec);
        Map<String, TableSnapshot> expected = ReferenceSweep.tables(ref);
        assertEquals(planned, expected.get("runs").rows().size(), "reference runs");

        Path out = tmp.resolve("out");
        try (Processes procs = new Processes()) {
            for (int i = 1; i <= kills; i++) {
                Path log = tmp.resolve("kill-" + i + ".log");
                int before = ReferenceSweep.storedRuns(out);
                Process p = cli(procs, spec, out, log);
                boolean afterCommit = i % 3 != 1; // kills 1, 4, 7, ...: any moment from the job's start; the others after a commit
                // A random moment of the remaining work, whatever the machine's speed: after a random number of further
                // runs is stored (the first commit of the session, or none; commits every 250 ms), then a random 0-249 ms more.
                // Kills 1, 4, 7, ...: counted from the job's start (0 further runs: killed before any commit);
                // the others: counted from the session's first commit.
                if (afterCommit) {
                    Processes.waitFor(() -> ReferenceSweep.storedRuns(out) > before || !p.isAlive(), SECONDS, "a commit", log);
                } else {
                    Processes.waitFor(() -> Processes.logContains(log, "| ETA") || !p.isAlive(), SECONDS, "the first progress line", log);
                }
                long t0 = System.nanoTime();
                int base = ReferenceSweep.storedRuns(out);
                int target = base + (afterCommit ? 1 : 0); // wait for one more committed run, then kill within 250 ms: every kill lands mid-sweep
                Processes.waitFor(() -> ReferenceSweep.storedRuns(out) >= target || !p.isAlive(), SECONDS, target + " runs stored", log);
                Thread.sleep(rnd.nextInt(250));
                long delay = (System.nanoTime() - t0) / 1_000_000;
                boolean alive = p.isAlive();
                Processes.killTree(p.toHandle()); // SIGKILL
                int after = ReferenceSweep.storedRuns(out);
                String line = String.format(Locale.ROOT, "kill %2d: %5d ms after %s, driver %s; runs stored %3d -> %3d",
                        i, delay, afterCommit ? "its first commit" : "the job started", alive ? "running" : "had exited (" + p.exitValue() + ")",
                        before, after);
                report.add(line);
                System.out.println("RandomKillIT: " + line);
                assertTrue(alive, "kill " + i + ": the driver ended before the kill (sweep too short for this machine?): "
                        + Processes.tail(log));
                assertTrue(after < planned, "kill " + i + ": the sweep completed before the kill; raise -Dresweep.killTest.epochs");
                assertSubsetOfReference(out, expected, "after kill " + i);
            }
            // the last resume, which is not killed: in this JVM (a command of its own, its own local[2] session; a child
            // JVM would only add its start and a cold Spark SQL); it takes over the lock the last kill left
            int stored = ReferenceSweep.storedRuns(out);
            InProcessCli.Result r = InProcessCli.run("run", spec.toString(), "--out", out.toString(), "--master", "local[2]",
                    "--min-task-cost", "0");
            assertEquals(0, r.code(), r::all);
            assertTrue(r.out().contains(planned + " runs planned, " + stored + " already stored, " + (planned - stored) + " run now"), r::all);
            assertTrue(r.all().contains("taking over the lock"), r::all);
            report.add(String.format(Locale.ROOT, "final resume: %d already stored, %d run now; exit 0", stored, planned - stored));
        }
        Map<String, TableSnapshot> got = ReferenceSweep.tables(out);
        for (String t : List.of("runs", "checkpoints", "best_lr")) expected.get(t).assertSameAs(got.get(t), "killed " + kills + " times vs uninterrupted");
        report.add(String.format(Locale.ROOT, "result: runs %d, checkpoints %d, best_lr %d rows, bit-identical to the uninterrupted run, "
                        + "every run id exactly once: PASS", got.get("runs").rows().size(), got.get("checkpoints").rows().size(),
                got.get("best_lr").rows().size()));
        Files.write(Path.of("target", "kill-test-report.txt"), report);
        report.forEach(l -> System.out.println("RandomKillIT: " + l));
    }

    /** The uninterrupted run, in-process. */
    private Path reference(Path spec) {
        Path out = tmp.resolve("reference");
        InProcessCli.Result r = InProcessCli.run("run", spec.toString(), "--out", out.toString(), "--master", "local[2]");
        assertEquals(0, r.code(), () -> "reference: " + r.all());
        return out;
    }

    /**
     * The stored runs (each id at most once: snapshots refuse duplicate keys) and their checkpoints equal the
     * reference's rows of the same run ids, bit for bit. Checkpoint rows of runs not (yet) in {@code runs} are not
     * part of the sweep's state (a resume removes them) and are ignored.
     */
    private static void assertSubsetOfReference(Path out, Map<String, TableSnapshot> expected, String what) throws Exception {
        TableSnapshot runs = TableSnapshot.read(out, "runs");
        Set<String> ids = runs.rows().keySet().stream().map(k -> k.substring("run_id=".length())).collect(Collectors.toSet());
        assertSubset(expected.get("runs"), runs.rows(), what);
        assertEquals(restrict(expected.get("checkpoints"), ids), restrict(TableSnapshot.read(out, "checkpoints"), ids),
                what + ": checkpoints of the stored runs");
    }

    /** The rows of {@code t} (key {@code run_id=ID epoch=E}) whose run id is in {@code ids}. */
    private static TreeMap<String, String> restrict(TableSnapshot t, Set<String> ids) {
        TreeMap<String, String> out = new TreeMap<>();
        t.rows().forEach((k, v) -> {
            if (ids.contains(k.substring("run_id=".length(), k.indexOf(' ')))) out.put(k, v);
        });
        return out;
    }

    private static void assertSubset(TableSnapshot expected, TreeMap<String, String> got, String what) {
        for (var e : got.entrySet()) {
            assertEquals(expected.rows().get(e.getKey()), e.getValue(), what + ": " + expected.table() + " row " + e.getKey());
        }
    }
}
