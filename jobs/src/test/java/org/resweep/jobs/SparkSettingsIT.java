package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.driver.spark.ResweepKryoRegistrator;
import org.resweep.jobs.testing.Processes;
import org.resweep.jobs.testing.RecordingListener;

/**
 * The user's Spark settings are the ones in effect, with spark-submit's precedence — {@code --conf} over
 * {@code -Dspark.*} over {@code $SPARK_CONF_DIR/spark-defaults.conf} over resweep's defaults — except the Kryo
 * serializer and registrator resweep must force; the log follows the user's {@code log4j2.properties} there; every
 * Spark job of {@code run} and {@code sql} has a description; the UI can be turned on in local mode. Checked in the real command line (own JVM) with a {@link RecordingListener}.
 */
class SparkSettingsIT {
    private static final int SECONDS = Processes.seconds(600);

    private static final String SPEC = """
            name: settings
            seeds: 1
            epochs: 10
            axes:
              depth: [2, 4]
              shortcut: 0
              init: xavier
              learning_rate: 0.01
            """;

    @TempDir
    Path tmp;

    private List<String> cli(Processes procs, Path record, Path log, List<String> extraJvm, List<String> args) throws Exception {
        List<String> a = new ArrayList<>(args);
        a.addAll(List.of("--master", "local[2]", "--conf", "spark.extraListeners=" + RecordingListener.class.getName(),
                "--conf", "spark.resweep.test.record=" + record));
        Process p = procs.cli(extraJvm, a, Map.of("SPARK_CONF_DIR", tmp.resolve("conf").toString()), log);
        assertEquals(0, Processes.await(p, SECONDS, log), () -> Processes.tail(log));
        return Files.readAllLines(record);
    }

    private static Map<String, String> conf(List<String> record) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : record) {
            if (l.startsWith("conf ")) m.put(l.substring(5, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
        }
        return m;
    }

    @Test
    void userSettingsWinAndEveryJobIsDescribed() throws Exception {
        Files.createDirectories(tmp.resolve("conf"));
        Files.writeString(tmp.resolve("conf").resolve("spark-defaults.conf"), """
                # as a Spark installation's conf/spark-defaults.conf
                spark.sql.shuffle.partitions      7
                spark.sql.debug.maxToStringFields 99
                spark.sql.adaptive.enabled        false
                spark.serializer                  org.apache.spark.serializer.JavaSerializer
                """);
        Files.writeString(tmp.resolve("conf").resolve("log4j2.properties"), """
                rootLogger.level = error
                rootLogger.appenderRef.stderr.ref = console
                appender.console.type = Console
                appender.console.name = console
                appender.console.target = SYSTEM_ERR
                appender.console.layout.type = PatternLayout
                appender.console.layout.pattern = USERLOG %p %c{1}: %m%n
                logger.resweep.name = org.resweep
                logger.resweep.level = info
                """);
        Path spec = Files.writeString(tmp.resolve("settings.yaml"), SPEC), out = tmp.resolve("out");
        try (Processes procs = new Processes()) {
            List<String> run = cli(procs, tmp.resolve("run.record"), tmp.resolve("run.log"), List.of("-Dspark.sql.debug.maxToStringFields=77"),
                    List.of("run", spec.toString(), "--out", out.toString(), "--conf", "spark.sql.shuffle.partitions=9"));
            Map<String, String> c = conf(run);
            assertEquals("9", c.get("spark.sql.shuffle.partitions"), "--conf wins over spark-defaults.conf");
            assertEquals("77", c.get("spark.sql.debug.maxToStringFields"), "-D wins over spark-defaults.conf");
            assertEquals("false", c.get("spark.sql.adaptive.enabled"), "spark-defaults.conf wins over resweep's default");
            assertEquals("org.apache.spark.serializer.KryoSerializer", c.get("spark.serializer"), "forced");
            assertEquals(ResweepKryoRegistrator.class.getName(), c.get("spark.kryo.registrator"), "forced");
            assertEquals("false", c.get("spark.ui.enabled"), "no UI in local mode unless asked for");
            // best_lr of a sweep this small is computed on the driver without a Spark job (BestLrJob.DRIVER_MAX_RUNS)
            assertDescribed(run, "resweep sweep ");
            Path runLog = tmp.resolve("run.log"); // the user's log4j2.properties of SPARK_CONF_DIR is the one in effect
            assertTrue(Processes.logContains(runLog, "USERLOG INFO resweep: resweep: sweep "), () -> Processes.tail(runLog));
            assertTrue(Processes.logContains(runLog, "USERLOG INFO progress: resweep: 2/2 runs"), () -> Processes.tail(runLog));

            Path sqlLog = tmp.resolve("sql.log");
            List<String> sql = cli(procs, tmp.resolve("sql.record"), sqlLog, List.of(),
                    List.of("sql", "--engine", "spark", "--out", out.toString(), "--conf", "spark.ui.enabled=true", "--conf", "spark.ui.port=0",
                            "SELECT count(*) AS n FROM runs"));
            assertEquals("true", conf(sql).get("spark.ui.enabled"));
            assertEquals("7", conf(sql).get("spark.sql.shuffle.partitions"), "spark-defaults.conf in effect");
            assertTrue(Processes.logContains(sqlLog, "resweep: Spark UI at http://"), () -> Processes.tail(sqlLog));
            assertDescribed(sql, "resweep sql: SELECT count(*) AS n FROM runs");
        }
    }

    /** Every job has a description, and each of {@code expected} is the description of some job. */
    private static void assertDescribed(List<String> record, String... expected) {
        List<String> jobs = record.stream().filter(l -> l.startsWith("job ")).toList();
        assertFalse(jobs.isEmpty(), "no job recorded");
        for (String j : jobs) assertFalse(j.endsWith("description=null"), () -> "a job without description: " + j + " in " + jobs);
        for (String e : expected) assertTrue(jobs.stream().anyMatch(j -> j.contains("description=" + e)), () -> e + " not in " + jobs);
    }
}
