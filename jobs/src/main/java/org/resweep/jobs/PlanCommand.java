package org.resweep.jobs;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.resweep.driver.spec.PlannedRun;
import org.resweep.driver.spec.SplitPolicy;
import org.resweep.driver.spec.Skipped;
import org.resweep.driver.spec.SweepPlan;
import org.resweep.driver.spec.SweepSpec;
import org.resweep.driver.spec.SweepSpecParser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code resweep plan SPEC}: validates a sweep spec and expands it — task count, skipped points and why, merged
 * duplicates, estimated relative cost — without starting Spark. A bad spec exits 2 with a message naming the field,
 * the value and what is allowed.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Expand a sweep spec without running it: task count, skipped points and why, estimated cost.",
                "The format is described in docs/sweep-spec.md."})
public final class PlanCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC", description = "the sweep spec (YAML)")
    Path specFile;

    @Option(names = "--json", description = "print one JSON object (keys tasks, skipped, ...) instead of text")
    boolean json;

    @Option(names = "--tasks", description = "also list every task: run id, estimated cost, configuration")
    boolean listTasks;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        SweepSpec s = SweepSpecParser.parse(specFile);
        for (String w : s.warnings()) Announce.line(spec.commandLine().getErr(), "resweep: warning: " + specFile + ": " + w);
        SweepPlan plan = SweepPlan.of(s);
        PrintWriter out = spec.commandLine().getOut();
        if (json) out.println(Json.write(toJson(plan)));
        else printText(plan, out);
        if (ErrorMapping.outputClosed(out)) return ExitCodes.OK; // the reader has gone: nothing more to say
        plan.requireTasks(specFile.toString()); // a grid with no run is bad input: exit 2 after showing why
        return ExitCodes.OK;
    }

    /** The plan as a JSON-ready map (key order fixed). */
    Map<String, Object> toJson(SweepPlan plan) {
        SweepSpec s = plan.spec();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("sweep_id", s.sweepId());
        m.put("tasks", plan.tasks().size());
        m.put("configurations", plan.tasks().size() / s.seeds());
        m.put("seeds", s.seeds());
        m.put("duplicates", plan.duplicates());
        List<Object> skipped = new ArrayList<>();
        for (Skipped k : plan.skipped()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("point", k.point());
            e.put("reason", k.reason());
            e.put("runs", k.runs());
            skipped.add(e);
        }
        m.put("skipped", skipped);
        m.put("skipped_runs", plan.skippedRuns());
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("total", plan.totalCost());
        cost.put("max", plan.tasks().stream().mapToDouble(PlannedRun::cost).max().orElse(0));
        cost.put("min", plan.tasks().stream().mapToDouble(PlannedRun::cost).min().orElse(0));
        cost.put("unit", "seconds of one core of the reference machine (see docs/sweep-spec.md)");
        m.put("cost", cost);
        m.put("split_runs", splitRuns(plan));
        m.put("spectra", s.spectra());
        m.put("weights", s.weights());
        m.put("test_data", s.testData() == null ? null : s.testData().name());
        m.put("test_samples", s.testData() == null ? 0 : s.testData().samples());
        if (listTasks) {
            List<Object> tasks = new ArrayList<>();
            for (PlannedRun t : plan.tasks()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("run_id", t.config().runId());
                e.put("seed", t.config().seed());
                e.put("cost", t.cost());
                e.put("config", t.config().canonical());
                tasks.add(e);
            }
            m.put("task_list", tasks);
        }
        return m;
    }

    /** Runs {@code run --split auto} splits into a training task and checkpoint tasks. */
    private static long splitRuns(SweepPlan plan) {
        return plan.tasks().stream().filter(SplitPolicy.AUTO::splits).count();
    }

    private void printText(SweepPlan plan, PrintWriter out) {
        SweepSpec s = plan.spec();
        int n = plan.tasks().size();
        out.printf(Locale.ROOT, "sweep %s (id %s)%n", s.name(), s.sweepId());
        out.printf(Locale.ROOT, "tasks: %d (%d configurations × %d seeds)%n", n, n / s.seeds(), s.seeds());
        if (plan.duplicates() > 0) {
            out.printf(Locale.ROOT, "merged: %d runs repeated an earlier point (same run id)%n", plan.duplicates());
        }
        SkippedPoints.print(plan, out, listTasks, "--tasks or --json lists all");
        double total = plan.totalCost();
        double max = plan.tasks().stream().mapToDouble(PlannedRun::cost).max().orElse(0);
        double min = plan.tasks().stream().mapToDouble(PlannedRun::cost).min().orElse(0);
        out.printf(Locale.ROOT, "estimated cost: %s of one core in total; largest task %s (%.1f%% of the total), "
                + "smallest %s (reference machine: docs/sweep-spec.md)%n", duration(total), duration(max),
                total > 0 ? 100 * max / total : 0.0, duration(min));
        long split = splitRuns(plan);
        if (split > 0) {
            out.printf(Locale.ROOT, "split runs: %d (their Hessian checkpoints are tasks of their own with `run --split auto`, "
                    + "the default; docs/sweep-spec.md)%n", split);
        }
        out.printf(Locale.ROOT, "checkpoints store: spectra %s, weights %s%n", s.spectra() ? "yes" : "no", s.weights() ? "yes" : "no");
        out.printf(Locale.ROOT, "test data: %s%n", s.testData() == null ? "none"
                : s.testData().name() + " (" + s.testData().samples() + " samples; every run is evaluated once, at its end)");
        if (listTasks) {
            out.println("run_id           seed                 cost       configuration");
            for (PlannedRun t : plan.tasks()) {
                out.printf(Locale.ROOT, "%s %20d %10.3g %s%n", t.config().runId(), t.config().seed(), t.cost(),
                        t.config().canonical());
                if (ErrorMapping.outputClosed(out)) return;
            }
        }
    }

    /** A duration in seconds as text: {@code 12 ms}, {@code 3.4 s}, {@code 5.2 min}, {@code 1.5 h}. */
    static String duration(double seconds) {
        if (seconds < 1) return String.format(Locale.ROOT, "%.3g ms", seconds * 1000);
        if (seconds < 120) return String.format(Locale.ROOT, "%.3g s", seconds);
        if (seconds < 7200) return String.format(Locale.ROOT, "%.3g min", seconds / 60);
        return String.format(Locale.ROOT, "%.3g h", seconds / 3600);
    }
}
