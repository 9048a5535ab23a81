package org.resweep.jobs.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.SparkSqlParser;
import org.apache.spark.sql.functions;
import org.resweep.driver.results.ResultSchema;
import org.resweep.driver.results.TableSchema;
import org.resweep.driver.spark.SparkSessions;
import org.resweep.driver.spark.SweepTables;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code resweep sql --engine spark}: Spark SQL over the same views as {@link DuckDbEngine} (also the engine for
 * sweeps on Hadoop filesystems and under {@code spark-submit}).
 *
 * <p>Read-only: the text is parsed with the session's parser, must be a single statement ({@code parsePlan}) that is
 * a query by the grammar ({@code parseQuery}), and no node of its plan may be a command or a write. The session (a
 * fresh {@code newSession()} of the shared context) has direct file queries off ({@code spark.sql.runSQLOnFiles}),
 * the reflection functions ({@link #BANNED_FUNCTIONS}) removed, and a warehouse directory in a temporary folder that
 * is deleted afterwards, so nothing is written to the working directory.
 */
public final class SparkSqlEngine implements SqlEngine {
    /** Built-in functions that call arbitrary Java methods: removed from the session. */
    public static final List<String> BANNED_FUNCTIONS = List.of("reflect", "java_method", "try_reflect");

    /** Starts the shared session: description (app name, job description) and settings the engine forces. */
    public interface SessionStarter {
        SparkSession start(String description, Map<String, String> forced);
    }

    private final SessionStarter starter;

    /** With resweep's default settings on {@code master} (null: {@code spark.master}, else local[*]). */
    public SparkSqlEngine(String master) { this((d, forced) -> SparkSessions.start(master, d, forced)); }

    /** With a session the caller starts (e.g. with the user's Spark settings). */
    public SparkSqlEngine(SessionStarter starter) { this.starter = starter; }

    @Override
    public String name() { return "spark"; }

    @Override
    public QueryResult query(List<SweepSource> sweeps, String sql) throws Exception {
        checkOneQuery(new SparkSqlParser(), sql); // before Spark starts: a refused statement costs nothing
        Path warehouse = Files.createTempDirectory("resweep-sql-warehouse");
        SparkSession shared = starter.start("resweep sql", Map.of("spark.sql.warehouse.dir", warehouse.toUri().toString()));
        shared.sparkContext().setJobDescription("resweep sql: " + sql);
        try {
            SparkSession spark = shared.newSession();
            spark.conf().set("spark.sql.runSQLOnFiles", "false");
            for (String f : BANNED_FUNCTIONS) {
                spark.sessionState().functionRegistry().dropFunction(
                        new FunctionIdentifier(f, scala.Option.apply("builtin"), scala.Option.apply("system")));
            }
            registerViews(spark, sweeps);
            checkOneQuery(spark.sessionState().sqlParser(), sql);
            try {
                Dataset<Row> df = spark.sql(sql);
                List<Object[]> rows = new ArrayList<>();
                for (Row r : df.collectAsList()) {
                    Object[] v = new Object[r.size()];
                    for (int i = 0; i < r.size(); i++) v[i] = plain(r.get(i));
                    rows.add(v);
                }
                return new QueryResult(List.of(df.columns()), rows);
            } catch (Exception e) {
                if (!(e instanceof SparkThrowable)) throw e;
                throw new SqlRefused("QUERY: " + SqlEngine.firstLine(e));
            }
        } finally {
            shared.stop();
            // the temporary warehouse this command created (empty unless Spark put something there)
            FileUtils.deleteQuietly(warehouse.toFile());
        }
    }

    /** Refuses anything but one query, with Spark's own parser. */
    static void checkOneQuery(ParserInterface parser, String sql) {
        LogicalPlan plan;
        try {
            plan = parser.parsePlan(sql);
        } catch (ParseException e) {
            throw new SqlRefused("QUERY: " + SqlEngine.firstLine(e));
        }
        boolean query;
        try {
            parser.parseQuery(sql);
            query = true;
        } catch (ParseException e) {
            query = false;
        }
        String bad = query ? writeNode(plan) : plan.nodeName();
        if (bad != null) {
            throw new SqlRefused("QUERY: only a query (SELECT or WITH … SELECT) over the views is allowed; sql is read-only ("
                    + "Spark parsed a " + bad + ")");
        }
    }

    /** The name of the first node of {@code plan} that is a command or a write, or null. */
    private static String writeNode(LogicalPlan plan) {
        String n = plan.getClass().getSimpleName();
        if (plan instanceof Command || n.startsWith("Insert") || n.contains("Create") || n.contains("Replace")
                || n.contains("Statement") || n.startsWith("Append") || n.startsWith("Overwrite")) {
            return plan.nodeName();
        }
        for (LogicalPlan c : CollectionConverters.asJava(plan.children())) {
            String b = writeNode(c);
            if (b != null) return b;
        }
        return null;
    }

    /** Views over every sweep: per table the sweeps' DataFrames (current schema) unioned, with a sweep column. */
    static void registerViews(SparkSession spark, List<SweepSource> sweeps) throws IOException {
        List<TableSchema> tables = ResultSchema.all();
        List<Dataset<Row>> acc = new ArrayList<>();
        for (TableSchema t : tables) acc.add(null);
        for (SweepSource s : sweeps) {
            org.apache.hadoop.fs.Path dir = s.isLocal() ? new org.apache.hadoop.fs.Path(s.local().toAbsolutePath().toUri())
                    : SweepTables.resolve(spark, s.location()); // a Hadoop URI, resolved as every read and write resolves it
            Map<String, Dataset<Row>> v = SweepTables.views(spark, dir);
            for (int i = 0; i < tables.size(); i++) {
                TableSchema t = tables.get(i);
                Dataset<Row> df = v.get(t.name());
                if (t.name().equals(ResultSchema.BEST_LR.name())) {
                    df = df.withColumn("sweep", functions.lit(s.label()));
                } else {
                    List<org.apache.spark.sql.Column> cols = new ArrayList<>();
                    cols.add(functions.lit(s.label()).as("sweep"));
                    for (String c : df.columns()) cols.add(functions.col(c));
                    df = df.select(cols.toArray(new org.apache.spark.sql.Column[0]));
                }
                acc.set(i, acc.get(i) == null ? df : acc.get(i).union(df));
            }
        }
        for (int i = 0; i < tables.size(); i++) acc.get(i).createOrReplaceTempView(tables.get(i).name());
    }

    /** Spark values as the engine-neutral values of {@link QueryResult} (array: a List, struct and map: a Map). */
    static Object plain(Object v) {
        if (v instanceof scala.collection.Seq<?> s) {
            List<Object> l = new ArrayList<>();
            for (Object x : CollectionConverters.asJava(s)) l.add(plain(x));
            return l;
        }
        if (v instanceof Row r && r.schema() != null) { // struct: field name -> value, in the struct's order
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            String[] names = r.schema().fieldNames();
            for (int i = 0; i < names.length; i++) m.put(names[i], plain(r.get(i)));
            return m;
        }
        if (v instanceof scala.collection.Map<?, ?> sm) {
            Map<Object, Object> m = new java.util.LinkedHashMap<>();
            CollectionConverters.asJava(sm).forEach((k, x) -> m.put(plain(k), plain(x)));
            return m;
        }
        if (v instanceof java.sql.Timestamp t) return t.toInstant();
        return v;
    }
}
