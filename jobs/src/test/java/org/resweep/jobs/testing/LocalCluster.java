package org.resweep.jobs.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster on 127.0.0.1: one master and {@code n} workers (1 core, 1 GiB each), each its own
 * JVM started from the Spark jars on the test classpath. Workers launch executors only if {@code SPARK_HOME} names
 * a folder whose {@code jars/} holds the Spark runtime jars (here: symbolic links) and {@code SPARK_SCALA_VERSION}
 * is set; every UI and RPC endpoint binds to loopback ({@code SPARK_LOCAL_IP}).
 * {@link #close()} kills the master, the workers and their executors.
 */
public final class LocalCluster implements AutoCloseable {
    /** Seconds to wait for the master and the workers to register. */
    private static final int START_SECONDS = Processes.seconds(600);

    private final Processes procs = new Processes();
    private final Path dir;
    private final Path sparkHome;
    private final Map<String, String> env;
    private final String masterUrl;
    private final Path masterLog;
    private final List<Process> workers = new ArrayList<>();
    private final List<Path> workerLogs = new ArrayList<>();

    private LocalCluster(Path dir) throws IOException {
        this.dir = dir;
        this.sparkHome = dir.resolve("spark-home");
        Path jars = Files.createDirectories(sparkHome.resolve("jars"));
        for (String e : Processes.sparkClasspath()) {
            Path jar = Path.of(e).toAbsolutePath();
            if (!jar.toString().endsWith(".jar")) continue;
            Path link = jars.resolve(jar.getFileName());
            if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) link = jars.resolve("dup-" + jar.getFileName());
            Files.createSymbolicLink(link, jar);
        }
        this.env = Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13", "SPARK_LOCAL_IP", "127.0.0.1",
                "OPENBLAS_NUM_THREADS", "1");
        int port = freePort();
        this.masterUrl = "spark://127.0.0.1:" + port;
        this.masterLog = dir.resolve("master.log");
        procs.java(jvm("256m"), Processes.sparkClasspath(), "org.apache.spark.deploy.master.Master",
                List.of("--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort())),
                env, masterLog);
    }

    /** Starts a master and {@code workers} workers under {@code dir} and waits until every worker has registered. */
    public static LocalCluster start(Path dir, int workers) throws Exception {
        LocalCluster c = new LocalCluster(dir);
        try {
            for (int i = 0; i < workers; i++) c.startWorker(i);
            for (int i = 0; i < workers; i++) {
                Path log = c.workerLogs.get(i);
                Processes.waitFor(() -> Processes.logContains(log, "Successfully registered with master"), START_SECONDS,
                        "worker registration", log);
            }
            return c;
        } catch (Throwable t) {
            c.close();
            throw t;
        }
    }

    private void startWorker(int i) throws IOException {
        Path work = Files.createDirectories(dir.resolve("worker-" + i));
        Path log = dir.resolve("worker-" + i + ".log");
        workers.add(procs.java(jvm("256m"), Processes.sparkClasspath(), "org.apache.spark.deploy.worker.Worker",
                List.of(masterUrl, "--host", "127.0.0.1", "--cores", "1", "--memory", "1g", "--work-dir", work.toString(),
                        "--webui-port", Integer.toString(freePort())), env, log));
        workerLogs.add(log);
    }

    private static List<String> jvm(String heap) throws IOException {
        List<String> a = new ArrayList<>(Processes.moduleFlags());
        a.add("-Xmx" + heap);
        return a;
    }

    /** {@code spark://127.0.0.1:PORT}. */
    public String masterUrl() { return masterUrl; }

    /** Environment for a driver (spark-submit) talking to this cluster. */
    public Map<String, String> env() { return env; }

    public Path masterLog() { return masterLog; }

    public Path workerLog(int i) { return workerLogs.get(i); }

    public Process worker(int i) { return workers.get(i); }

    /** Executor JVMs the worker is running now (its child processes). */
    public List<ProcessHandle> executors(int i) { return workers.get(i).toHandle().children().toList(); }

    /**
     * The stderr logs of the executors worker {@code i} launched for applications not in {@code except}
     * ({@code WORK_DIR/APP_ID/EXECUTOR_ID/stderr}; Spark's default logging writes "Finished task" lines there).
     */
    public List<Path> executorLogs(int i, Set<String> exceptApps) {
        try (Stream<Path> s = Files.walk(dir.resolve("worker-" + i), 3)) {
            return s.filter(p -> p.getFileName().toString().equals("stderr") && p.getNameCount() >= 3)
                    .filter(p -> !exceptApps.contains(p.getParent().getParent().getFileName().toString())).sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of(); // a folder appeared or vanished while walking: the caller polls again
        }
    }

    /**
     * A log file ({@code stdout} or {@code stderr}) of the driver the workers launched as {@code driverId} in cluster
     * deploy mode ({@code WORK_DIR/DRIVER_ID/}), or null while no worker has it.
     */
    public Path driverLog(String driverId, String name) {
        for (int i = 0; i < workers.size(); i++) {
            Path p = dir.resolve("worker-" + i).resolve(driverId).resolve(name);
            if (Files.exists(p)) return p;
        }
        return null;
    }

    /** Application ids worker {@code i} has run an executor for so far. */
    public Set<String> apps(int i) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("worker-" + i))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("app-")).collect(Collectors.toSet());
        }
    }

    /** kill -9 of worker {@code i} and of its executors (as when its machine dies). */
    public void killWorker(int i) {
        Processes.killTree(workers.get(i).toHandle());
    }

    /** The processes of this cluster, to start drivers whose trees {@link #close()} also ends. */
    public Processes processes() { return procs; }

    @Override
    public void close() {
        procs.close();
    }

    /** A TCP port free on 127.0.0.1 now (another process could take it before it is used: unlikely in a test). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
