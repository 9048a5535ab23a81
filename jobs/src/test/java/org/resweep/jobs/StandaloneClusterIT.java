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
import org.resweep.jobs.testing.LocalCluster;
import org.resweep.jobs.testing.Processes;
import org.resweep.jobs.testing.ReferenceSweep;
import org.resweep.jobs.testing.TableSnapshot;

/**
 * The shaded jar on a real Spark standalone cluster (a master and two 1-core workers on 127.0.0.1, separate JVMs),
 * submitted by {@code SparkSubmit} in client deploy mode from a separate driver JVM and in cluster deploy mode (a
 * worker starts the driver), both with no resweep-specific flags: the result tables equal those of an uninterrupted
 * {@code local[2]} run bit for bit — also when one worker (with its executor) is killed with SIGKILL mid-sweep, after
 * which every run id is still stored exactly once. Time limits only guard against a hung test
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
        ReferenceSweep.dir(); // before the cluster: the two would share the machine's two cores
        spec = ReferenceSweep.writeSpec(tmp);
        cluster = LocalCluster.start(tmp.resolve("cluster"), 2);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) cluster.close();
    }

    private Process submit(Path out, Path log) throws Exception {
        return submit(out, log, spec);
    }

    private Process submit(Path out, Path log, Path spec, String... runFlags) throws Exception {
        Path jar = Path.of("target", "resweep-spark.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), jar + " is missing: the IT runs after `package` (mvn verify)");
        List<String> jvm = new ArrayList<>(Processes.moduleFlags());
        jvm.add("-Xmx1g");
        List<String> args = new ArrayList<>(
                List.of("--master", cluster.masterUrl(), "--deploy-mode", "client", "--class", Main.class.getName(),
                        "--conf", "spark.executor.memory=512m", "--conf", "spark.executorEnv.OPENBLAS_NUM_THREADS=1",
                        "--conf", "spark.ui.enabled=false",
                        // the job starts once both executors are up, so that both work from the first task on
                        "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                        jar.toString(), "run", spec.toString(), "--out", out.toString()));
        args.addAll(List.of(runFlags));
        return cluster.processes().java(jvm, Processes.sparkClasspath(), "org.apache.spark.deploy.SparkSubmit", args, cluster.env(), log);
    }

    /**
     * The reference spec ({@link ReferenceSweep#SPEC}) without its ReLU variant: 38 runs, 2 of them diverging. In
     * cluster deploy mode the driver takes one worker's only core, so the sweep runs on one 1-core executor; the 8
     * data-path ReLU runs (~20 s of CPU) would only repeat what the client-mode tests prove on the same executors.
     */
    private static final String CLUSTER_MODE_SPEC = """
            name: it-cluster-mode
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
              - {shortcut: 0, init: xavier, depth: 8, learning_rate: 1.0}
            """;

    /** {@code run SPEC --out OUT --master local[2] FLAGS} in this JVM: the local reference of a cluster run. */
    private static void localRun(Path spec, Path out, String... flags) {
        java.io.StringWriter o = new java.io.StringWriter(), e = new java.io.StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new java.io.PrintWriter(o, true));
        cl.setErr(new java.io.PrintWriter(e, true));
        List<String> args = new ArrayList<>(List.of("run", spec.toString(), "--out", out.toString(), "--master", "local[2]"));
        args.addAll(List.of(flags));
        assertEquals(0, cl.execute(args.toArray(new String[0])), () -> "local run failed: " + o + e);
    }

    /**
     * {@code spark-submit --deploy-mode cluster}: a worker starts the driver (without Spark's module flags: resweep adds
     * the opens it needs), which runs the sweep; the driver's log (log4j, its stderr) has the progress and the summary;
     * the tables equal those of the same spec run on {@code local[2]}, bit for bit.
     */
    @Test
    void clusterDeployModeRunEqualsLocalRun() throws Exception {
        Path clusterSpec = Files.writeString(tmp.resolve("it-cluster-mode.yaml"), CLUSTER_MODE_SPEC);
        Path local = tmp.resolve("cluster-mode-local");
        localRun(clusterSpec, local);
        int runs = TableSnapshot.read(local, "runs").rows().size();
        assertEquals(38, runs, "runs of " + CLUSTER_MODE_SPEC);
        Path out = tmp.resolve("cluster-mode"), log = tmp.resolve("cluster-mode.log");
        String driver = submitCluster(log, "run", clusterSpec.toString(), "--out", out.toString());
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
                "--conf", "spark.executor.memory=512m", jar.toString()));
        a.addAll(List.of(args));
        Process submit = cluster.processes().java(jvm, Processes.sparkClasspath(), "org.apache.spark.deploy.SparkSubmit", a, cluster.env(), log);
        assertEquals(0, Processes.await(submit, SWEEP_SECONDS, log), () -> Processes.tail(log));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("submitted as (driver-\\S+)").matcher(Processes.read(log));
        assertTrue(m.find(), () -> "no driver id:\n" + Processes.tail(log));
        return m.group(1);
    }

    @Test
    void clusterRunEqualsLocalRunBitForBit() throws Exception {
        Path out = tmp.resolve("full"), log = tmp.resolve("full.log");
        Process driver = submit(out, log);
        assertEquals(0, Processes.await(driver, SWEEP_SECONDS, log), () -> Processes.tail(log));
        assertTrue(Processes.logContains(log, ReferenceSweep.RUNS + " runs planned, 0 already stored, " + ReferenceSweep.RUNS
                + " run now"), () -> Processes.tail(log));
        for (int i = 0; i < 2; i++) { // the runs ran on the cluster's executors, not in a local driver
            int w = i;
            assertTrue(Processes.logContains(cluster.workerLog(w), "Asked to launch executor"), () -> Processes.tail(cluster.workerLog(w)));
        }
        ReferenceSweep.assertSameAsReference(out, "standalone cluster vs local[2]");
    }

    /**
     * A small sweep whose runs are Hessian-dominated (5 checkpoints each, with spectra), for the split-run test: 4 runs,
     * so that both executors take training and checkpoint tasks; more checkpoints would only repeat the same tasks.
     */
    private static final String SPLIT_SPEC = """
            name: it-split
            data: mnist10k
            seeds: 2
            epochs: 8
            hessian: {every: 2}
            spectra: true
            axes:
              activation: linear
              depth: [4]
              learning_rate: [0.1, 0.3]
            variants:
              - {shortcut: 2, init: small, init_scale: 0.01}
            """;

    /**
     * {@code run --split always} on the cluster: each run is a training task and checkpoint tasks on the executors,
     * its weights staged in the sweep directory between them; the tables equal those of the same spec run in one task
     * per run ({@code --split never}) on {@code local[2]}, bit for bit, and no staged weights are left.
     */
    @Test
    void splitRunsOnTheClusterEqualOneTaskRuns() throws Exception {
        Path splitSpec = Files.writeString(tmp.resolve("it-split.yaml"), SPLIT_SPEC);
        Path local = tmp.resolve("split-local");
        localRun(splitSpec, local, "--split", "never");

        Path out = tmp.resolve("split"), log = tmp.resolve("split.log");
        Process driver = submit(out, log, splitSpec, "--split", "always");
        assertEquals(0, Processes.await(driver, SWEEP_SECONDS, log), () -> Processes.tail(log));
        assertTrue(Processes.logContains(log, "4 runs planned, 0 already stored, 4 run now"), () -> Processes.tail(log));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Job (\\d+) finished").matcher(Processes.read(log));
        int jobs = 0;
        while (m.find()) jobs = Math.max(jobs, Integer.parseInt(m.group(1)) + 1);
        assertTrue(jobs >= 8, "a training job and a checkpoints job per split run: " + jobs + " Spark jobs");
        for (String t : List.of("runs", "checkpoints", "best_lr")) {
            TableSnapshot.read(local, t).assertSameAs(TableSnapshot.read(out, t), "--split always on the cluster vs --split never on local[2]");
        }
        assertEquals(20, TableSnapshot.read(out, "checkpoints").rows().size(), "4 runs x 5 checkpoints, each once");
        try (var s = Files.walk(out.resolve("_resweep"))) {
            assertEquals(List.of(), s.filter(Files::isRegularFile).filter(p -> p.toString().contains("staging")).toList(),
                    "no staged weights left");
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void sweepSurvivesKilledWorkerExactlyOnce() throws Exception {
        Path out = tmp.resolve("killed"), log = tmp.resolve("killed.log");
        Process driver = submit(out, log);
        // kill worker 1 (and its executor) once the sweep's tasks run: both executors are registered before the job
        // starts (spark.scheduler.minRegisteredResourcesRatio=1.0), so worker 1 holds tasks of the sweep. The driver's
        // own log is read (executor logs reach the worker's files in chunks, too late on an idle machine).
        Processes.waitFor(() -> !driver.isAlive() || Processes.logContains(log, "Starting task"), SWEEP_SECONDS, "the sweep's first task", log);
        cluster.killWorker(1);
        assertFalse(cluster.worker(1).isAlive());
        int stored = ReferenceSweep.storedRuns(out);
        assertTrue(driver.isAlive() && stored < ReferenceSweep.RUNS,
                "worker killed mid-sweep: " + stored + " of " + ReferenceSweep.RUNS + " runs stored");

        assertEquals(0, Processes.await(driver, SWEEP_SECONDS, log), () -> Processes.tail(log));
        assertTrue(Processes.logContains(log, ReferenceSweep.RUNS + " run now"), () -> Processes.tail(log));
        assertTrue(Processes.logContains(cluster.masterLog(), "Removing worker"), () -> Processes.tail(cluster.masterLog()));
        // exactly once: snapshots refuse duplicate keys, and the key sets equal the reference's
        ReferenceSweep.assertSameAsReference(out, "standalone cluster with a killed worker vs local[2]");
    }
}
