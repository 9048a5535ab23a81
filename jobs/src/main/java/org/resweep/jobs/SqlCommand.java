package org.resweep.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.resweep.jobs.sql.DuckDbEngine;
import org.resweep.jobs.sql.QueryResult;
import org.resweep.jobs.sql.SparkSqlEngine;
import org.resweep.jobs.sql.SqlEngine;
import org.resweep.jobs.sql.SweepSource;
import org.resweep.jobs.sql.Sweeps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code resweep sql [--out DIR]… [--engine duckdb|spark] [--format table|csv|json] "QUERY"}: one read-only query over
 * the views runs, checkpoints and best_lr of one or more sweeps (docs/results-schema.md, "Querying").
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Run one read-only SQL query (SELECT or WITH) over the views runs, checkpoints and best_lr of one or",
                "more sweeps, and print the result. Every view has a `sweep` column (the sweep's name). Other statements",
                "(INSERT, CREATE, COPY, SET, ...) are refused. Columns: docs/results-schema.md.",
                "Example: resweep sql --out output/example \"SELECT depth, shortcut, best_lr, mean_final_loss FROM best_lr\""})
public final class SqlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = {"a sweep directory, or a directory of sweep directories; repeat "
            + "for several (default: every sweep under output/). A path or Hadoop URI, resolved like every path (a scheme-less "
            + "path against fs.defaultFS); directories not on the local filesystem (hdfs://...) are read with Spark."})
    List<String> out = new ArrayList<>();

    @Option(names = "--engine", paramLabel = "ENGINE", description = "duckdb (embedded, fast; the default for local "
            + "directories) or spark (Spark SQL; the default for directories on other filesystems)")
    String engine;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table, csv or json (default: ${DEFAULT-VALUE})")
    String format;

    @Mixin
    SparkOptions sparkOptions;

    @Parameters(index = "0", paramLabel = "QUERY", description = "one SQL query")
    String query;

    /** The resolved --out values, once known (for the one line of a filesystem that fails during the query). */
    private String where;

    @Override
    public Integer call() throws Exception {
        return ExitCodes.reaching(() -> "--out " + (where != null ? where : String.join(", --out ", out.isEmpty() ? List.of("output") : out)),
                this::query);
    }

    private Integer query() throws Exception {
        ResultPrinter.Format f;
        try {
            f = ResultPrinter.Format.valueOf(format.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ExitCodes.UserError("--format: unknown value '" + format + "'; allowed: table, csv, json");
        }
        // the engine is chosen from the resolved locations before any filesystem is contacted
        // (the Hadoop configuration is built only when a directory may be on another filesystem: it costs ~0.5 s)
        boolean localDefault = sparkOptions.defaultFsIsLocal();
        List<org.apache.hadoop.fs.Path> locations = Sweeps.locations(out, sparkOptions::hadoopConf, localDefault);
        where = String.join(", --out ", locations.stream().map(Object::toString).toList());
        SqlEngine e = engine(locations); // a user's mistake (an engine that cannot read there) is exit 2 before any probe
        for (org.apache.hadoop.fs.Path l : locations) SweepDirs.probe(l, sparkOptions::hadoopConf, "--out " + l);
        List<SweepSource> sweeps = Sweeps.resolve(out, sparkOptions::hadoopConf, localDefault);
        QueryResult r;
        try {
            r = e.query(sweeps, query);
        } catch (SqlEngine.SqlRefused refused) {
            throw new ExitCodes.UserError(refused.getMessage() + " (views: runs, checkpoints, best_lr; see docs/results-schema.md)");
        }
        spec.commandLine().getOut().print(ResultPrinter.print(f, r.columns(), r.rows()));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private SqlEngine engine(List<org.apache.hadoop.fs.Path> locations) {
        boolean allLocal = locations.stream().allMatch(l -> org.resweep.driver.store.SweepPaths.local(l) != null);
        String want = engine == null ? null : engine.trim().toLowerCase(Locale.ROOT);
        if (want == null) want = allLocal && DuckDbEngine.available() ? "duckdb" : "spark";
        return switch (want) {
            case "spark" -> new SparkSqlEngine(sparkOptions::start);
            case "duckdb" -> {
                if (!allLocal) {
                    throw new ExitCodes.UserError("--engine: duckdb reads local directories only; --out "
                            + locations.stream().filter(l -> org.resweep.driver.store.SweepPaths.local(l) == null).findFirst().orElseThrow()
                            + " is not on the local filesystem (a Hadoop URI, or a path resolved against fs.defaultFS): use --engine spark");
                }
                if (!DuckDbEngine.available()) {
                    throw new ExitCodes.UserError("--engine: duckdb is not in this build (the spark-submit jar leaves it out); "
                            + "use --engine spark or the resweep launcher");
                }
                yield new DuckDbEngine();
            }
            default -> throw new ExitCodes.UserError("--engine: unknown value '" + engine + "'; allowed: duckdb, spark");
        };
    }
}
