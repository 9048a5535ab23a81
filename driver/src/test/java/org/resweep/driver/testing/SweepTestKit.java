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

    /**
     * The run ids that the commit records of sweep directory {@code dir} name in its runs table: what a resume keeps (a
     * part file that a kill left without its commit record is rolled back, so counting part files races with the commit).
     * A record replaced by a merged one while listing, or one not yet whole (filesystems without rename), is skipped:
     * callers that poll see it at their next call.
     */
    public static java.util.Set<String> committedRunIds(org.apache.hadoop.fs.FileSystem fs, org.apache.hadoop.fs.Path dir) throws IOException {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        org.apache.hadoop.fs.Path commits = new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(dir, "_resweep"), "commits");
        if (!fs.exists(commits)) return ids;
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(commits)) {
            String name = st.getPath().getName();
            if (name.startsWith(".") || !name.endsWith(".json")) continue;
            com.fasterxml.jackson.databind.JsonNode record;
            try (java.io.InputStream in = fs.open(st.getPath())) {
                record = json.readTree(in);
            } catch (java.io.FileNotFoundException | com.fasterxml.jackson.core.JsonProcessingException notNow) {
                continue;
            }
            if (record == null) continue;
            for (com.fasterxml.jackson.databind.JsonNode a : record.path("added")) {
                if ("runs".equals(a.path("table").asText())) a.path("run_ids").forEach(x -> ids.add(x.asText()));
            }
        }
        return ids;
    }

    /** {@link #committedRunIds(org.apache.hadoop.fs.FileSystem, org.apache.hadoop.fs.Path)} of a local sweep directory. */
    public static java.util.Set<String> committedRunIds(Path dir) throws IOException {
        return committedRunIds(org.apache.hadoop.fs.FileSystem.getLocal(new org.apache.hadoop.conf.Configuration()),
                new org.apache.hadoop.fs.Path(dir.toAbsolutePath().toUri()));
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
