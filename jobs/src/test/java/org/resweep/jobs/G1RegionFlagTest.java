package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.resweep.driver.spark.SparkSessions;
import org.resweep.jobs.testing.Processes;

/**
 * G1's region size for the JVMs that run Spark tasks ({@link SparkSessions#G1_REGION_FLAG}): large enough that
 * Spark's per-task result buffer is not a humongous object; given by the launcher to its JVM, by the benchmarks to
 * theirs, and to cluster executors through {@code spark.executor.defaultJavaOptions} unless the user set that.
 */
class G1RegionFlagTest {
    private static final Pattern FLAG = Pattern.compile("-XX:G1HeapRegionSize=(\\d+)([kmg]?)");

    /** Bytes of a {@code -XX:G1HeapRegionSize=N[kmg]} option. */
    private static long regionBytes(String option) {
        Matcher m = FLAG.matcher(option);
        assertTrue(m.matches(), option);
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            case "g" -> n << 30;
            default -> n;
        };
    }

    @Test
    void sparksTaskResultBufferIsNotHumongousInTheseRegions() {
        // what the executor allocates to serialise each task's result (SerializerHelper.serializeToChunkedBuffer)
        long chunk = org.apache.spark.util.io.ChunkedByteBuffer$.MODULE$.estimateBufferChunkSize(-1L);
        long array = chunk + 16; // a byte[]: header and length
        long region = regionBytes(SparkSessions.G1_REGION_FLAG);
        assertTrue(array < region / 2, "a " + array + "-byte array is humongous in regions of " + region + " bytes");
        // the premise: in G1's regions of a heap below 8 GiB (2 MiB at most) it is humongous
        assertTrue(array >= (2L << 20) / 2, "Spark's result buffer is now " + chunk + " bytes: is the flag still needed?");
    }

    @Test
    void theLauncherAndTheBenchmarksGiveTheFlagToTheJvmsThatRunSpark() throws Exception {
        String launcher = Files.readString(Processes.repoRoot().resolve("resweep"));
        // in the case of the commands that start Spark, before RESWEEP_JAVA_OPTS (which may override it)
        String sparkCase = launcher.substring(launcher.indexOf("  *) read -r -a FLAGS < \"$ROOT/conf/jvm-module-flags\""));
        sparkCase = sparkCase.substring(0, sparkCase.indexOf(";;"));
        assertTrue(sparkCase.contains("FLAGS+=(" + SparkSessions.G1_REGION_FLAG + ")"), sparkCase);
        assertTrue(launcher.indexOf("\"${FLAGS[@]}\" ${RESWEEP_JAVA_OPTS:-}") > 0, "FLAGS come before RESWEEP_JAVA_OPTS");
        String bench = Files.readString(Processes.repoRoot().resolve("benchmarks").resolve("lib.sh"));
        assertTrue(bench.contains("java \"${flags[@]}\" " + SparkSessions.G1_REGION_FLAG + " \"${extra[@]}\""), bench);
    }

    @Test
    void executorsGetTheFlagUnlessTheUserSetTheirDefaultOptions() {
        SparkConf ours = SparkSessions.withResweepSettings(new SparkConf(false).setMaster("spark://h:7077"), "t");
        assertEquals(SparkSessions.G1_REGION_FLAG, ours.get("spark.executor.defaultJavaOptions"));
        SparkConf theirs = SparkSessions.withResweepSettings(new SparkConf(false).setMaster("spark://h:7077")
                .set("spark.executor.defaultJavaOptions", "-XX:+UseParallelGC"), "t");
        assertEquals("-XX:+UseParallelGC", theirs.get("spark.executor.defaultJavaOptions"));
    }
}
