package org.resweep.driver.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession every resweep command uses. The user's Spark settings stay the user's: resweep sets a
 * setting only where the user's configuration ({@code spark-submit --conf}, {@code spark-defaults.conf},
 * {@code -Dspark.*} system properties, {@code resweep --conf}) has none ({@link SparkConf#setIfMissing}), with
 * exceptions it must force ({@link #FORCED}):
 * <ul>
 *   <li>{@code spark.serializer} is {@link KryoSerializer} and {@code spark.kryo.registrator} includes
 *       {@link ResweepKryoRegistrator} (added to the user's list, if any): task inputs and results are records that
 *       only resweep's Kryo serializers ship;</li>
 *   <li>{@code spark.sql.datetime.java8API.enabled} is true: resweep reads timestamps of Rows as {@code Instant}.</li>
 * </ul>
 * Defaults ({@link #DEFAULTS}): Kryo with {@code registrationRequired}, one BLAS thread per executor task
 * ({@code OPENBLAS_NUM_THREADS=1}), G1 regions of 4 MiB in executor JVMs ({@link #G1_REGION_FLAG}), no console progress bar, 4 shuffle partitions, adaptive query execution; in
 * local mode also no UI and driver bound to loopback ({@link #LOCAL_DEFAULTS}). The log level is the one of the
 * log4j2 configuration in effect unless {@code quiet}.
 */
public final class SparkSessions {
    private SparkSessions() {}

    /**
     * The JVM option that makes G1's heap regions 4 MiB. Spark serialises every task's result into a fresh buffer of
     * {@code ChunkedByteBuffer.estimateBufferChunkSize(-1)} = 1 MiB; with G1 an object of half a region or more is
     * humongous, and regions are 1–2 MiB below an 8 GiB heap (an executor's default 1 GiB; a 4 GiB driver). A humongous
     * allocation while the old generation is above the initiating occupancy starts a young collection, so with small
     * regions a stream of short tasks (a split run's checkpoint tasks, ≈ 0.5 s each) meets a collection nearly per task:
     * up to 5 s of collector CPU in a 101-checkpoint split measurement on local[2], taken from the cores the tasks run on
     * ({@code benchmarks/results/split-bench-2026-12-01-vm-s7.md}). The {@code ./resweep} launcher gives its JVM
     * (driver, and executor in local mode) the same option; executors on a cluster get it through
     * {@code spark.executor.defaultJavaOptions} ({@link #DEFAULTS}). Ignored by other collectors.
     */
    public static final String G1_REGION_FLAG = "-XX:G1HeapRegionSize=4m";

    /** Settings resweep applies when the user's configuration has none. */
    public static final Map<String, String> DEFAULTS = ordered(
            "spark.kryo.registrationRequired", "true",
            "spark.executorEnv.OPENBLAS_NUM_THREADS", "1",
            // prepended by Spark to spark.executor.extraJavaOptions (which may override it)
            "spark.executor.defaultJavaOptions", G1_REGION_FLAG,
            "spark.ui.showConsoleProgress", "false",
            "spark.sql.shuffle.partitions", "4",
            "spark.sql.adaptive.enabled", "true",
            "spark.sql.debug.maxToStringFields", "256",
            // timestamps (runs.completed_at) are instants: Parquet TIMESTAMP_MICROS, UTC text
            "spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS",
            "spark.sql.session.timeZone", "UTC",
            // list input paths on the driver, never with a Spark job: that job ships Hadoop classes Kryo's
            // registrationRequired rejects (a query over more than 32 directories failed)
            "spark.sql.sources.parallelPartitionDiscovery.threshold", String.valueOf(Integer.MAX_VALUE));

    /**
     * Settings resweep forces, whatever the user's configuration says: its task inputs and results are records only
     * its Kryo serializers ship, and its code reads timestamps of Rows as {@link java.time.Instant}.
     */
    public static final Map<String, String> FORCED = ordered(
            "spark.serializer", KryoSerializer.class.getName(),
            "spark.sql.datetime.java8API.enabled", "true");

    /** Further defaults in local mode (no UI unless asked for; everything on loopback). */
    public static final Map<String, String> LOCAL_DEFAULTS = ordered(
            "spark.ui.enabled", "false",
            "spark.driver.host", "127.0.0.1",
            "spark.driver.bindAddress", "127.0.0.1");

    /** The master when neither the caller nor the configuration names one. */
    public static final String DEFAULT_MASTER = "local[*]";

    /** The settings resweep needs, on top of {@code spark.*} system properties, without master. */
    public static SparkConf conf(String appName) {
        return withResweepSettings(new SparkConf(), appName);
    }

    /**
     * Adds resweep's settings to {@code conf} (Modified): the defaults only where missing, the forced Kryo settings
     * always. The master, if not set, becomes {@link #DEFAULT_MASTER}.
     */
    public static SparkConf withResweepSettings(SparkConf conf, String appName) {
        conf.setIfMissing("spark.app.name", appName);
        conf.setIfMissing("spark.master", DEFAULT_MASTER);
        DEFAULTS.forEach(conf::setIfMissing);
        if (conf.get("spark.master").startsWith("local")) LOCAL_DEFAULTS.forEach(conf::setIfMissing);
        FORCED.forEach(conf::set);
        conf.set("spark.kryo.registrator", registrators(conf.get("spark.kryo.registrator", "")));
        return conf;
    }

    /** The user's registrator list with resweep's appended (once). */
    static String registrators(String user) {
        String ours = ResweepKryoRegistrator.class.getName();
        for (String r : user.split(",")) if (r.trim().equals(ours)) return user;
        return user.isBlank() ? ours : user + "," + ours;
    }

    /**
     * Starts (or returns the active) session; the log level is the log4j2 configuration's.
     * The master is, in order: the {@code master} argument, {@code spark.master} (e.g. given by {@code spark-submit}),
     * else {@code local[*]}.
     */
    public static SparkSession start(String master, String appName) {
        return start(master, appName, Map.of());
    }

    /** As {@link #start(String, String)}, with {@code extra} settings set last (e.g. static SQL settings such as the warehouse). */
    public static SparkSession start(String master, String appName, Map<String, String> extra) {
        SparkConf conf = new SparkConf();
        if (master != null) conf.setMaster(master);
        withResweepSettings(conf, appName);
        extra.forEach(conf::set);
        return start(conf, appName, false);
    }

    /**
     * Starts (or returns the active) session with {@code conf} as it is.
     *
     * @param description the description (Spark UI) of the jobs this thread starts until it sets another one
     * @param quiet       only errors from Spark's log (otherwise the log4j2 configuration decides)
     */
    public static SparkSession start(SparkConf conf, String description, boolean quiet) {
        JavaModuleAccess.ensureSparkOpens(); // a cluster-mode driver JVM lacks Spark's module flags
        SparkSession s = SparkSession.builder().config(conf).getOrCreate();
        if (quiet) s.sparkContext().setLogLevel("ERROR");
        s.sparkContext().setJobDescription(description); // no job without a description
        return s;
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return java.util.Collections.unmodifiableMap(m);
    }
}
