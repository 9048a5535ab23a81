package org.resweep.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.resweep.driver.spark.SparkSessions;
import picocli.CommandLine.Option;

/**
 * The Spark options of every command that starts Spark (a picocli mixin): {@code --master}, {@code --conf KEY=VALUE}
 * (repeatable, as {@code spark-submit}'s) and {@code --quiet}.
 *
 * <p>Settings, highest precedence first: {@code --master}; {@code --conf}; {@code -Dspark.*} system properties (e.g.
 * in {@code RESWEEP_JAVA_OPTS}; under {@code spark-submit}, its own settings); {@code spark-defaults.conf} of
 * {@code $SPARK_CONF_DIR}, else {@code $SPARK_HOME/conf} (read here only outside {@code spark-submit}, which reads
 * it itself); resweep's defaults ({@link SparkSessions#DEFAULTS}). Outside {@code spark-submit},
 * {@code log4j2.properties} of the same folder, if present, configures the log (as for Spark's own scripts) unless
 * {@code -Dlog4j2.configurationFile} is given; {@code --quiet} keeps only errors.
 */
public final class SparkOptions {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local, local[N], local[*], spark://HOST:PORT, ... (default: spark.master, else local[*])")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "a Spark setting, as spark-submit's --conf (repeatable; wins over -Dspark.* and spark-defaults.conf)")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--quiet", description = "only errors in Spark's log (default: the log4j2 configuration's level)")
    boolean quiet;

    /** The system property {@code spark-submit} sets in the driver JVM (client and cluster deploy mode). */
    static final String DEPLOY_MODE = "spark.submit.deployMode";

    /** Whether this JVM is a driver started by {@code spark-submit} in cluster deploy mode (on a worker). */
    static boolean clusterDeployMode() {
        return "cluster".equals(System.getProperty(DEPLOY_MODE));
    }

    private static boolean underSparkSubmit() {
        return System.getProperty(DEPLOY_MODE) != null;
    }

    /**
     * Validates the master, checks that a standalone master is reachable, then starts the session.
     *
     * @param description the app name outside spark-submit, and the description of the jobs of this command
     * @throws ExitCodes.UserError           a malformed master or setting
     * @throws MasterUrl.UnreachableException no standalone master answers
     */
    public SparkSession start(String description) {
        return start(description, Map.of());
    }

    /** As {@link #start(String)}, with settings the command must force (e.g. a temporary SQL warehouse) set last. */
    public SparkSession start(String description, Map<String, String> forced) {
        if (!underSparkSubmit()) UserLogConfig.apply(System.getenv());
        SparkConf c = settings(System.getenv(), description);
        forced.forEach(c::set);
        String m = c.get("spark.master");
        MasterUrl.check(m, master != null ? "--master" : conf.containsKey("spark.master") ? "--conf spark.master" : "spark.master");
        MasterUrl.probe(m);
        SparkSession s = SparkSessions.start(c, description, quiet);
        s.sparkContext().uiWebUrl().foreach(url -> {
            System.err.println("resweep: Spark UI at " + url);
            return null;
        });
        return s;
    }

    private org.apache.hadoop.conf.Configuration hadoopConf;

    /**
     * The Hadoop configuration the session will have — Spark's own {@code SparkHadoopUtil.newConfiguration} of the
     * effective settings (core-site.xml on the classpath, then every {@code spark.hadoop.*} setting) — built without
     * starting Spark, so sweep-directory arguments resolve before Spark starts exactly as they will after
     * ({@link org.resweep.driver.store.SweepPaths#resolve}). Built once.
     */
    public org.apache.hadoop.conf.Configuration hadoopConf() {
        if (hadoopConf == null) {
            hadoopConf = org.apache.spark.deploy.SparkHadoopUtil.get().newConfiguration(settings(System.getenv(), "resweep"));
        }
        return hadoopConf;
    }

    /**
     * Whether {@code fs.defaultFS} of {@link #hadoopConf()} is certainly the local filesystem, decided without building
     * it: no {@code spark.hadoop.fs.defaultFS} (nor the older {@code fs.default.name}) among {@code --conf},
     * {@code -D} and {@code spark-defaults.conf}, and no {@code core-site.xml} on the classpath (Hadoop's own default
     * is {@code file:///}).
     */
    public boolean defaultFsIsLocal() {
        for (String k : List.of("spark.hadoop.fs.defaultFS", "spark.hadoop.fs.default.name")) {
            if (conf.containsKey(k) || System.getProperty(k) != null) return false;
            if (!underSparkSubmit() && sparkDefaults(System.getenv()).containsKey(k)) return false;
        }
        return Thread.currentThread().getContextClassLoader().getResource("core-site.xml") == null
                && SparkOptions.class.getClassLoader().getResource("core-site.xml") == null;
    }

    /** The effective settings (see the class comment), resweep's included. */
    SparkConf settings(Map<String, String> env, String appName) {
        SparkConf c = new SparkConf(); // -Dspark.* (under spark-submit: its merged settings)
        if (!underSparkSubmit()) sparkDefaults(env).forEach(c::setIfMissing);
        for (var e : conf.entrySet()) {
            if (e.getKey().isBlank()) throw new ExitCodes.UserError("--conf: '=" + e.getValue() + "' names no key; allowed: KEY=VALUE");
            c.set(e.getKey(), e.getValue());
        }
        if (master != null) c.setMaster(master);
        return SparkSessions.withResweepSettings(c, appName);
    }

    /** Spark's configuration folder: {@code $SPARK_CONF_DIR}, else {@code $SPARK_HOME/conf}, else none. */
    static Path confDir(Map<String, String> env) {
        String d = env.get("SPARK_CONF_DIR");
        if (d != null && !d.isBlank()) return Path.of(d);
        String home = env.get("SPARK_HOME");
        return home != null && !home.isBlank() ? Path.of(home, "conf") : null;
    }

    /** The {@code spark.*} entries of {@code spark-defaults.conf} (values trimmed, as Spark reads them). */
    static Map<String, String> sparkDefaults(Map<String, String> env) {
        Path dir = confDir(env);
        Map<String, String> out = new LinkedHashMap<>();
        if (dir == null) return out;
        Path f = dir.resolve("spark-defaults.conf");
        if (!Files.isRegularFile(f)) return out;
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(f)) {
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new ExitCodes.UserError(f + ": cannot be read as Spark properties (" + e.getMessage() + "); allowed: lines 'KEY VALUE'");
        }
        for (String k : new java.util.TreeSet<>(p.stringPropertyNames())) {
            if (k.startsWith("spark.")) out.put(k, p.getProperty(k).trim());
        }
        return out;
    }

    /** Applies the user's {@code log4j2.properties} of Spark's configuration folder, if any. */
    static final class UserLogConfig {
        private UserLogConfig() {}

        static void apply(Map<String, String> env) {
            if (System.getProperty("log4j2.configurationFile") != null) return;
            Path dir = confDir(env);
            if (dir == null || !Files.isRegularFile(dir.resolve("log4j2.properties"))) return;
            var ctx = (org.apache.logging.log4j.core.LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
            ctx.setConfigLocation(dir.resolve("log4j2.properties").toUri());
        }
    }
}
