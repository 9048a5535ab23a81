package org.resweep.driver.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.resweep.driver.results.ResultSchema;
import org.resweep.driver.spark.SweepTables;
import org.resweep.driver.store.ParquetRunIds;
import org.resweep.driver.store.SweepDirectory;

/**
 * What the driver's sweep tests share: a driver main launched in its own JVM (as a user's {@code resweep run} is), the
 * logs it writes, a column of a local sweep table, and a table read through Spark without its volatile columns, for
 * comparing two sweeps row by row. (The jobs module's {@code Processes} launches the CLI the same way.)
 */
public final class SweepTestKit {
    private SweepTestKit() {}

    /**
     * Starts {@code main} in a new JVM with Spark's module flags, this test's class path, Spark on the loopback address
     * and one BLAS thread; stdout and stderr go to {@code log}.
     *
     * @param jvmArgs e.g. {@code -Xmx1g}, system properties
     * @param args    the main's arguments
     */
    public static Process startJvm(Class<?> main, Path log, List<String> jvmArgs, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(Files.readString(Path.of("..", "conf", "jvm-module-flags")).trim().split("\\s+")));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        return pb.start();
    }

    /** The text of a log, or "(no log)" (for assertion messages). */
    public static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Column {@code col} of every row of a local sweep table ({@code DIR/runs}, {@code DIR/checkpoints}); none if absent. */
    public static List<String> column(Path table, String col) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(table)) return out;
        for (String p : SweepDirectory.partNames(table)) out.addAll(ParquetRunIds.read(table.resolve(p), col));
        return out;
    }

    /** The run ids of every row of a local sweep table (duplicates kept). */
    public static List<String> ids(Path table) throws IOException { return column(table, "run_id"); }

    /**
     * Table {@code name} ("runs" or "checkpoints") of sweep directory {@code dir}, without the columns {@code volatileCols}
     * (wall times, timestamps, hosts: what differs between two runs of the same sweep), ordered by {@code order}.
     */
    public static List<Row> comparable(SparkSession spark, Path dir, String name, List<String> volatileCols, String... order)
            throws IOException {
        Dataset<Row> t = SweepTables.read(spark, dir, name.equals("runs") ? ResultSchema.RUNS : ResultSchema.CHECKPOINTS);
        List<Column> keep = new ArrayList<>();
        for (String c : t.columns()) if (!volatileCols.contains(c)) keep.add(functions.col(c));
        return t.select(keep.toArray(new Column[0])).orderBy(order[0], Arrays.copyOfRange(order, 1, order.length)).collectAsList();
    }
}
