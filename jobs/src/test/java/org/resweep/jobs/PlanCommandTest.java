package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.driver.spec.CostModel;
import org.resweep.driver.spec.SweepPlan;
import org.resweep.driver.spec.SweepSpec;
import org.resweep.driver.spec.SweepSpecParser;

/** {@code resweep plan}, run in-process with captured output. */
class PlanCommandTest {
    /** Tests run in the jobs module directory; the repository root is one up. */
    static final Path ROOT = Path.of("..");

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static final String SPEC = """
            name: small
            epochs: 10
            seeds: 2
            axes: {shortcut: [0, 3], depth: [2, 3], init: zero, learning_rate: [0.1, 0.01]}
            """;

    @Test
    void textPlanCountsTasksAndSkippedPoints(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("s.yaml"), SPEC);
        Result r = run("plan", f.toString());
        assertEquals(0, r.code(), r.err());
        String id = SweepSpecParser.parse(f).sweepId();
        assertTrue(r.out().startsWith("sweep small (id " + id + ")\ntasks: 12 (6 configurations × 2 seeds)\n"
                + "skipped: 1 points (4 runs)\n"
                + "  data=mnist10k activation=linear positions=none shortcut=3 depth=2: depth 2 is not a multiple of "
                + "shortcut length 3 (4 runs)\nestimated cost: "), r.out());
        assertEquals("", r.err());
    }

    @Test
    void planShowsStoredWeightsAndTestData(@TempDir Path dir) throws IOException {
        Path plain = Files.writeString(dir.resolve("p.yaml"), SPEC);
        Result r = run("plan", plain.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\ncheckpoints store: spectra no, weights no\ntest data: none\n"), r.out());
        Path held = Files.writeString(dir.resolve("h.yaml"), """
                name: held
                data: mnist10k:train
                test_data: mnist10k:test
                weights: true
                spectra: true
                epochs: 10
                axes: {shortcut: 2, depth: 4, init: zero, learning_rate: 0.1}
                """);
        SweepSpec spec = SweepSpecParser.parse(held);
        int nTest = spec.testData().samples();
        assertTrue(nTest > 0);
        r = run("plan", held.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\ncheckpoints store: spectra yes, weights yes\ntest data: mnist10k:test (" + nTest
                + " samples; every run is evaluated once, at its end)\n"), r.out());
        r = run("plan", "--json", held.toString());
        assertTrue(r.out().contains("\"spectra\":true,\"weights\":true,\"test_data\":\"mnist10k:test\",\"test_samples\":" + nTest), r.out());
        // The test pass is in the estimate: exactly CostModel.heldOut more than the same sweep without test data.
        SweepSpec noTest = SweepSpecParser.parse(Files.writeString(dir.resolve("n.yaml"), Files.readString(held).replace("test_data: mnist10k:test\n", "")));
        double extra = SweepPlan.of(spec).totalCost() - SweepPlan.of(noTest).totalCost();
        double expected = CostModel.heldOut(SweepPlan.of(spec).tasks().get(0).config().net(), nTest);
        assertTrue(expected > 0);
        assertEquals(expected, extra, 1e-9 * SweepPlan.of(spec).totalCost());
    }

    @Test
    void planCountsTheRunsThatAreSplit(@TempDir Path dir) throws IOException {
        Path small = Files.writeString(dir.resolve("s.yaml"), SPEC);
        Result r = run("plan", small.toString());
        assertFalse(r.out().contains("split runs"), r.out());
        assertTrue(run("plan", "--json", small.toString()).out().contains("\"split_runs\":0"));
        // depth 40 (P = 4000) with a Hessian at every one of 100 epochs: ≈ 380 s of checkpoints, negligible training
        Path deep = Files.writeString(dir.resolve("d.yaml"), """
                name: deep
                epochs: 100
                seeds: 2
                hessian: {every: 1}
                axes: {shortcut: 2, depth: [4, 40], init: small, init_scale: 0.01, learning_rate: 0.05}
                """);
        r = run("plan", deep.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\nsplit runs: 2 (their Hessian checkpoints are tasks of their own with `run --split auto`"),
                r.out());
        assertTrue(run("plan", "--json", deep.toString()).out().contains("\"split_runs\":2"));
    }

    @Test
    void jsonPlanIsOneObjectWithTasksAndSkipped(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("s.yaml"), SPEC);
        Result r = run("plan", "--json", f.toString());
        assertEquals(0, r.code(), r.err());
        String json = r.out().strip();
        assertTrue(json.startsWith("{\"name\":\"small\",\"sweep_id\":\"" + SweepSpecParser.parse(f).sweepId()
                + "\",\"tasks\":12,\"configurations\":6,\"seeds\":2,\"duplicates\":0,\"skipped\":[{\"point\":"
                + "\"data=mnist10k activation=linear positions=none shortcut=3 depth=2\",\"reason\":\"depth 2 is not a "
                + "multiple of shortcut length 3\",\"runs\":4}],\"skipped_runs\":4,\"cost\":{\"total\":"), json);
        assertTrue(json.endsWith("}"));
        assertEquals(1, json.lines().count());
        assertFalse(json.contains("task_list"));
    }

    @Test
    void taskListIsInExpansionOrder(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("s.yaml"), SPEC);
        Result r = run("plan", "--json", "--tasks", f.toString());
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile("\"run_id\":\"([0-9a-f]{16})\"").matcher(r.out());
        List<String> ids = new ArrayList<>();
        while (m.find()) ids.add(m.group(1));
        assertEquals(12, ids.size());
        assertEquals(12, ids.stream().distinct().count());
    }

    @Test
    void badSpecExitsTwoWithTheFieldAndNoStackTrace(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("bad.yaml"), SPEC.replace("0.01]", "-0.01]"));
        Result r = run("plan", f.toString());
        assertEquals(2, r.code());
        assertEquals("resweep: " + f + ": axes.learning_rate[1]: -0.01 is not allowed; allowed: finite numbers > 0, "
                + "a list of them, or {from: A, to: B, per_decade: K} (values, log-spaced)\n", r.err().replace("\r", ""));
        assertEquals("", r.out());
    }

    @Test
    void missingFileAndMissingArgumentExitTwo(@TempDir Path dir) {
        Result r = run("plan", dir.resolve("nope.yaml").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("nope.yaml: cannot be read"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        Result none = run("plan");
        assertEquals(2, none.code());
        assertTrue(none.err().contains("SPEC"), none.err());
    }

    @Test
    void longSkipListsAreCutInTextButNotInJson(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("s.yaml"),
                "name: many\nepochs: 1\naxes: {shortcut: 5, depth: {from: 1, to: 50}, init: zero, learning_rate: 0.1}\n");
        Result r = run("plan", f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("tasks: 10 (10 configurations × 1 seeds)\nskipped: 40 points (40 runs)\n"), r.out());
        assertEquals(20, r.out().lines().filter(l -> l.contains("is not a multiple")).count());
        assertTrue(r.out().contains("  ... and 20 more (--tasks or --json lists all)\n"), r.out());
        Result j = run("plan", "--json", f.toString());
        assertEquals(40, Pattern.compile("\"reason\"").matcher(j.out()).results().count());
    }

    @Test
    void helpWorks() {
        Result r = run("plan", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("--json"));
    }

    @Test
    void shippedExampleSpecsPlan() throws IOException {
        List<Path> specs;
        try (Stream<Path> s = Files.list(ROOT.resolve("conf/sweeps"))) {
            specs = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(specs.contains(ROOT.resolve("conf/sweeps/example.yaml")));
        for (Path p : specs) {
            Result r = run("plan", p.toString());
            if (p.getFileName().toString().startsWith("fig9-fashion") && !Files.isReadable(ReproduceCommand.FASHION)) {
                // Needs Debian's dataset-fashion-mnist; without it the data check must name the missing files.
                assertEquals(2, r.code(), p.toString());
                assertTrue(r.err().contains("is not usable") && r.err().contains("fashion-mnist/train"), r.err());
            } else {
                assertEquals(0, r.code(), p + ": " + r.err());
            }
        }
        Result r = run("plan", ROOT.resolve("conf/sweeps/example.yaml").toString());
        assertTrue(r.out().contains("\ntasks: 120 (60 configurations × 2 seeds)\nskipped: 2 points (24 runs)\n"), r.out());
    }

    /** Every complete spec (a ```yaml block with a name) in docs/sweep-spec.md must plan; the docs cannot rot. */
    @Test
    void specsInTheDocsPlan(@TempDir Path dir) throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/sweep-spec.md"));
        Matcher m = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(doc);
        int n = 0;
        while (m.find()) {
            String yaml = m.group(1);
            if (!yaml.startsWith("name:") && !yaml.contains("\nname:")) continue;
            Path f = Files.writeString(dir.resolve("doc" + n + ".yaml"), yaml);
            Result r = run("plan", f.toString());
            assertEquals(0, r.code(), yaml + "\n" + r.err());
            n++;
        }
        assertTrue(n >= 3, "docs hold " + n + " complete specs");
    }
}
