package org.resweep.jobs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.resweep.driver.spark.SweepTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code resweep sql [--out DIR] [--format table|csv|json] "QUERY"}: Spark SQL over runs, checkpoints, best_lr. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Run a Spark SQL query over a sweep's tables (views runs, checkpoints, best_lr) and print the result.",
                "Example: resweep sql --out output/fig7 \"SELECT depth, shortcut, best_lr, mean_final_loss FROM best_lr\""})
public final class SqlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "the sweep directory (default: the only sweep under output/)")
    Path out;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table, csv or json (default: ${DEFAULT-VALUE})")
    String format;

    @Mixin
    SparkOptions sparkOptions;

    @Parameters(index = "0", paramLabel = "QUERY", description = "the SQL query")
    String query;

    @Override
    public Integer call() throws Exception {
        ResultPrinter.Format f;
        try {
            f = ResultPrinter.Format.valueOf(format.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ExitCodes.UserError("--format: unknown value '" + format + "'; allowed: table, csv, json");
        }
        Path dir = SweepDirs.resolve(out);
        SparkSession spark = sparkOptions.start("resweep sql");
        try {
            spark.sparkContext().setJobDescription("resweep sql: " + query);
            SweepTables.registerViews(spark, dir);
            Dataset<Row> result;
            try {
                result = spark.sql(query);
            } catch (Exception e) {
                if (!(e instanceof AnalysisException)) throw e;
                throw new ExitCodes.UserError("QUERY: " + e.getMessage().lines().findFirst().orElse("") + " (views: runs, "
                        + "checkpoints, best_lr; see docs/results-schema.md)");
            }
            List<Object[]> rows = new ArrayList<>();
            for (Row r : result.collectAsList()) {
                Object[] v = new Object[r.size()];
                for (int i = 0; i < r.size(); i++) v[i] = plain(r.get(i));
                rows.add(v);
            }
            spec.commandLine().getOut().print(ResultPrinter.print(f, Arrays.asList(result.columns()), rows));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        } finally {
            spark.stop();
        }
    }

    /** Spark array values (Scala Seq) as Java lists. */
    private static Object plain(Object v) {
        if (v instanceof scala.collection.Seq<?> s) {
            List<Object> l = new ArrayList<>();
            s.foreach(x -> l.add(plain(x)));
            return l;
        }
        return v;
    }
}
