package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.jobs.testing.InProcessCli;
import org.resweep.jobs.testing.LocalCluster;
import org.resweep.jobs.testing.Processes;
import org.resweep.jobs.testing.ReferenceSweep;
import org.resweep.jobs.testing.TableSnapshot;

/**
 * The shaded jar on a real Spark standalone cluster (a master and two 1-core workers on 127.0.0.1, separate JVMs),
 * submitted by {@code SparkSubmit} in client deploy mode from a separate driver JVM and in cluster deploy mode (a
 * worker starts the driver), both with no resweep-specific flags: the result tables equal those of an uninterrupted
 * {@code local[2]} run bit for bit — also with every run split into a training task and a checkpoint task, and when
 * one worker (with its executor) is killed with SIGKILL mid-sweep, after which every run id is still stored exactly
 * once. Three sweeps on the cluster in all (the reference, split; its linear runs in cluster deploy mode; the same
 * with a killed worker), each a submit JVM, a driver and its executors. Time limits only guard against a hung test
 * ({@code -Dresweep.it.timeScale} scales them).
 */
// The killed-worker test runs last: it leaves one worker, and a cluster-deploy-mode driver placed after it would take
// that worker's only core, leaving none for an executor.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
    /**
     * Seconds a submitted sweep may take: only a guard against a hung test (the sweep itself takes ~10-20 s on two
     * 1-core executors of an idle machine); scaled by {@code -Dresweep.it.timeScale}.
     */
    private static final int SWEEP_SECONDS = Processes.seconds(900);

    @TempDir
    static Path tmp;
    static LocalCluster cluster;
    static Path spec;

    @BeforeAll
    static void start() throws Exception {
        spec = ReferenceSweep.writeSpec(tmp);
        cluster = LocalCluster.start(tmp.resolve("cluster"), 2);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) cluster.close();
    }

    /**
     * {@code spark-submit --deploy-mode client … run SPEC --out OUT RUN_FLAGS}; with {@code bothExecutorsFirst} the job
     * starts only once both executors are up, so that both work from the first task on (the driver waits for them,
     * at most Spark's 30 s, instead of preparing the sweep meanwhile).
     */
    private Process submit(Path out, Path log, Path spec, boolean bothExecutorsFirst, String... runFlags) throws Exception {
        Path jar = Path.of("target", "resweep-spark.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), jar + " is missing: the IT runs after `package` (mvn verify)");
        List<String> jvm = new ArrayList<>(Processes.moduleFlags());
        jvm.add("-Xmx1g");
        List<String> args = new ArrayList<>(
                List.of("--master", cluster.masterUrl(), "--deploy-mode", "client", "--class", Main.class.getName(),
                        "--conf", "spark.executor.memory=512m", "--conf", "spark.executorEnv.OPENBLAS_NUM_THREADS=1",
                        "--conf", "spark.ui.enabled=false"));
        if (bothExecutorsFirst) { // the ratio counts against spark.cores.max: without it standalone mode expects 0 cores
            args.addAll(List.of("--conf", "spark.cores.max=2", "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0"));
        }
        args.addAll(List.of(jar.toString(), "run", spec.toString(), "--out", out.toString()));
        args.addAll(List.of(runFlags));
        return cluster.processes().java(jvm, Processes.sparkClasspath(), "org.apache.spark.deploy.SparkSubmit", args, cluster.env(), log);
    }

    /**
     * The reference spec ({@link ReferenceSweep#SPEC}) without its ReLU variant: 38 runs, 2 of them diverging, ~4 s of
     * one core. In cluster deploy mode the driver takes one worker's only core, so the sweep runs on one 1-core
     * executor; after the killed worker one executor is left too. The 8 data-path ReLU runs (~20 s of CPU) would only
     * repeat there what the split test proves on both executors.
     */
    private static final String LINEAR_SPEC = ReferenceSweep.spec("it-cluster-mode", false);

    /** Runs {@link #LINEAR_SPEC} plans. */
    private static final int LINEAR_RUNS = ReferenceSweep.RUNS - 8;

    private static Path linearSpec, linearLocal;

    /** {@link #LINEAR_SPEC} run on {@code local[2]} in this JVM (once, by the first test that needs it): its reference. */
    private static synchronized Path linearLocal() throws Exception {
        if (linearLocal == null) {
            linearSpec = Files.writeString(tmp.resolve("it-cluster-mode.yaml"), LINEAR_SPEC);
            Path local = tmp.resolve("linear-local");
            localRun(linearSpec, local);
            assertEquals(LINEAR_RUNS, TableSnapshot.read(local, "runs").rows().size(), "runs of " + LINEAR_SPEC);
            linearLocal = local;
        }
        return linearLocal;
    }

    /** {@code run SPEC --out OUT --master local[2] FLAGS} in this JVM: the local reference of a cluster run. */
    private static void localRun(Path spec, Path out, String... flags) {
        List<String> args = new ArrayList<>(List.of("run", spec.toString(), "--out", out.toString(), "--master", "local[2]"));
        args.addAll(List.of(flags));
        inProcess(args.toArray(new String[0]));
    }

    /** The command line in this JVM; asserts exit 0 and returns its standard output. */
    private static String inProcess(String... args) {
        InProcessCli.Result r = InProcessCli.run(args);
        assertEquals(0, r.code(), () -> String.join(" ", args) + " failed: " + r.all());
        return r.out();
    }

    /**
     * {@code spark-submit --deploy-mode cluster}: a worker starts the driver (without Spark's module flags: resweep adds
     * the opens it needs), which runs the sweep; the driver's log (log4j, its stderr) has the progress and the summary;
     * the tables equal those of the same spec run on {@code local[2]}, bit for bit.
     */
    @Test
    void clusterDeployModeRunEqualsLocalRun() throws Exception {
        Path local = linearLocal();
        int runs = LINEAR_RUNS;
        Path out = tmp.resolve("cluster-mode"), log = tmp.resolve("cluster-mode.log");
        String driver = submitCluster(log, "run", linearSpec.toString(), "--out", out.toString());
        assertTrue(Processes.logContains(log, "State of driver " + driver + " is FINISHED"), () -> Processes.tail(log));
        Path driverLog = cluster.driverLog(driver, "stderr");
        String summary = runs + " runs planned, 0 already stored, " + runs + " run now";
        assertTrue(Processes.logContains(driverLog, "INFO resweep: resweep: sweep ") && Processes.logContains(driverLog, summary),
                () -> "summary not in the driver's log:\n" + Processes.tail(driverLog));
        assertTrue(Processes.logContains(driverLog, "INFO progress: resweep: " + runs + "/" + runs + " runs"),
                () -> "progress not in the driver's log:\n" + Processes.tail(driverLog));
        for (String t : List.of("runs", "checkpoints", "best_lr")) {
            TableSnapshot.read(local, t).assertSameAs(TableSnapshot.read(out, t), "cluster deploy mode vs local[2]");
        }
    }

    /** In cluster deploy mode the default output directory (in the worker's scratch folder) is refused: exit 2, one line. */
    @Test
    void clusterDeployModeRequiresOut() throws Exception {
        Path log = tmp.resolve("cluster-no-out.log");
        String driver = submitCluster(log, "run", spec.toString());
        assertTrue(Processes.logContains(log, "State of driver " + driver + " is FAILED"), () -> Processes.tail(log));
        Path stderr = cluster.driverLog(driver, "stderr");
        assertTrue(Processes.logContains(stderr, "resweep: --out: missing; required in cluster deploy mode"), () -> Processes.tail(stderr));
        assertFalse(Processes.logContains(stderr, "\tat "), () -> "a stack trace:\n" + Processes.tail(stderr));
    }

    /** Submits the jar in cluster deploy mode, waits for the driver to end and returns its id. */
    private String submitCluster(Path log, String... args) throws Exception {
        Path jar = Path.of("target", "resweep-spark.jar").toAbsolutePath();
        List<String> jvm = new ArrayList<>(Processes.moduleFlags());
        jvm.add("-Xmx512m");
        List<String> a = new ArrayList<>(List.of("--master", cluster.masterUrl(), "--deploy-mode", "cluster", "--class", Main.class.getName(),
                "--conf", "spark.standalone.submit.waitAppCompletion=true", "--conf", "spark.driver.memory=512m",
                "--conf", "spark.executor.memory=512m", "--conf", "spark.ui.enabled=false", jar.toString()));
        a.addAll(List.of(args));
        Process submit = cluster.processes().java(jvm, Processes.sparkClasspath(), "org.apache.spark.deploy.SparkSubmit", a, cluster.env(), log);
        assertEquals(0, Processes.await(submit, SWEEP_SECONDS, log), () -> Processes.tail(log));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("submitted as (driver-\\S+)").matcher(Processes.read(log));
        assertTrue(m.find(), () -> "no driver id:\n" + Processes.tail(log));
        return m.group(1);
    }

    /**
     * The reference spec on the cluster with {@code --split always}: each run — linear, ReLU on the data path, diverging
     * — is a training task and a checkpoint task on the executors, its weights staged in the sweep directory between
     * them; the tables equal those of the uninterrupted {@code local[2]} reference, whose runs {@code --split auto} (the
     * default) runs as one task each, bit for bit; both workers ran executors, and no staged weights are left. So one
     * sweep shows that the cluster equals local and that split runs equal one-task runs (formerly two sweeps: the
     * reference on the cluster, and a 4-run split sweep against a local {@code --split never} run; split runs with
     * spectra, weights and several checkpoint tasks equal one-task runs in the driver module's SplitRunIT).
     */
    @Test
    void clusterRunOfSplitRunsEqualsLocalOneTaskRunsBitForBit() throws Exception {
        ReferenceSweep.dir(); // first, while the cluster idles (only this test uses it)
        String plan = inProcess("plan", spec.toString());
        assertTrue(plan.contains("tasks: " + ReferenceSweep.RUNS + " ") && !plan.contains("split runs:"),
                "the local reference runs each run as one task (--split auto splits none):\n" + plan);

        Path out = tmp.resolve("split"), log = tmp.resolve("split.log");
        Process driver = submit(out, log, spec, false, "--split", "always");
        assertEquals(0, Processes.await(driver, SWEEP_SECONDS, log), () -> Processes.tail(log));
        assertTrue(Processes.logContains(log, ReferenceSweep.RUNS + " runs planned, 0 already stored, " + ReferenceSweep.RUNS
                + " run now"), () -> Processes.tail(log));
        for (int i = 0; i < 2; i++) { // the runs ran on the cluster's executors, not in a local driver
            int w = i;
            assertTrue(Processes.logContains(cluster.workerLog(w), "Asked to launch executor"), () -> Processes.tail(cluster.workerLog(w)));
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Got job (\\d+) ").matcher(Processes.read(log));
        int jobs = 0; // DAGScheduler's "Got job N" of every job ("Job N finished" is logged by blocking runJob only)
        while (m.find()) jobs = Math.max(jobs, Integer.parseInt(m.group(1)) + 1);
        assertTrue(jobs >= 2 * ReferenceSweep.RUNS, "a training job and a checkpoints job per split run: " + jobs + " Spark jobs");
        ReferenceSweep.assertSameAsReference(out, "--split always on the standalone cluster vs one task per run on local[2]");
        try (var s = Files.walk(out.resolve("_resweep"))) {
            assertEquals(List.of(), s.filter(Files::isRegularFile).filter(p -> p.toString().contains("staging")).toList(),
                    "no staged weights left");
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void sweepSurvivesKilledWorkerExactlyOnce() throws Exception {
        Path local = linearLocal();
        Path out = tmp.resolve("killed"), log = tmp.resolve("killed.log");
        Process driver = submit(out, log, linearSpec, true, "--min-task-cost", "0"); // a task per run: both executors hold tasks
        // kill worker 1 (and its executor) once the sweep's tasks run: both executors are registered before the job
        // starts (spark.scheduler.minRegisteredResourcesRatio=1.0), so worker 1 holds tasks of the sweep. The driver's
        // own log is read (executor logs reach the worker's files in chunks, too late on an idle machine).
        Processes.waitFor(() -> !driver.isAlive() || Processes.logContains(log, "Starting task"), SWEEP_SECONDS, "the sweep's first task", log);
        cluster.killWorker(1);
        assertFalse(cluster.worker(1).isAlive());
        int stored = ReferenceSweep.storedRuns(out);
        assertTrue(driver.isAlive() && stored < LINEAR_RUNS, "worker killed mid-sweep: " + stored + " of " + LINEAR_RUNS + " runs stored");

        assertEquals(0, Processes.await(driver, SWEEP_SECONDS, log), () -> Processes.tail(log));
        assertTrue(Processes.logContains(log, LINEAR_RUNS + " run now"), () -> Processes.tail(log));
        assertTrue(Processes.logContains(cluster.masterLog(), "Removing worker"), () -> Processes.tail(cluster.masterLog()));
        // the killed executor held a task (one task per run, both executors busy from the first task on), which was
        // rerun: Spark 4.2's TaskSetManager says so in these words
        assertTrue(Processes.logContains(log, "Lost executor") && Processes.logContains(log,
                "failed because while it was being computed, its executor exited for a reason unrelated to the task"),
                () -> "no task lost with the killed worker:\n" + Processes.tail(log));
        // exactly once: snapshots refuse duplicate keys, and the key sets equal those of the same spec run on local[2]
        for (String t : List.of("runs", "checkpoints", "best_lr")) {
            TableSnapshot.read(local, t).assertSameAs(TableSnapshot.read(out, t), "standalone cluster with a killed worker vs local[2]");
        }
    }
}
