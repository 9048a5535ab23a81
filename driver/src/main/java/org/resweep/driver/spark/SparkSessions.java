package org.resweep.driver.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession every resweep command uses: Kryo with {@code registrationRequired} and
 * {@link ResweepKryoRegistrator}; one BLAS thread per executor task ({@code OPENBLAS_NUM_THREADS=1}, SPEC
 * PLATFORM); in local mode no UI, driver bound to loopback, few shuffle partitions and quiet logs.
 *
 * <p>The master is, in order: the {@code master} argument, a master given by {@code spark-submit}
 * ({@code spark.master}), else {@code local[*]}.
 */
public final class SparkSessions {
    private SparkSessions() {}

    /** The Spark settings resweep needs, without master. */
    public static SparkConf conf(String appName) {
        return new SparkConf()
                .setAppName(appName)
                .set("spark.serializer", KryoSerializer.class.getName())
                .set("spark.kryo.registrationRequired", "true")
                .set("spark.kryo.registrator", ResweepKryoRegistrator.class.getName())
                .set("spark.executorEnv.OPENBLAS_NUM_THREADS", "1")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.sql.shuffle.partitions", "4")
                .set("spark.sql.adaptive.enabled", "true")
                .set("spark.sql.debug.maxToStringFields", "256")
                // timestamps (runs.completed_at) are instants: Parquet TIMESTAMP_MICROS, java.time.Instant in Rows, UTC text
                .set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
                .set("spark.sql.datetime.java8API.enabled", "true")
                .set("spark.sql.session.timeZone", "UTC")
                // list input paths on the driver, never with a Spark job: that job ships Hadoop classes Kryo's
                // registrationRequired rejects (a query over more than 32 directories failed)
                .set("spark.sql.sources.parallelPartitionDiscovery.threshold", String.valueOf(Integer.MAX_VALUE));
    }

    /** Starts (or returns the active) session. */
    public static SparkSession start(String master, String appName) {
        return start(master, appName, java.util.Map.of());
    }

    /** Starts (or returns the active) session, with extra settings (e.g. static SQL settings such as the warehouse). */
    public static SparkSession start(String master, String appName, java.util.Map<String, String> extra) {
        SparkConf conf = conf(appName);
        extra.forEach(conf::set);
        String m = master != null ? master : conf.get("spark.master", System.getProperty("spark.master", "local[*]"));
        conf.setMaster(m);
        if (m.startsWith("local")) {
            conf.set("spark.ui.enabled", "false")
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1");
        }
        SparkSession s = SparkSession.builder().config(conf).getOrCreate();
        s.sparkContext().setLogLevel("WARN");
        return s;
    }
}
