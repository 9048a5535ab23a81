package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.driver.results.ResultSchema;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.jobs.testing.InProcessCli;
import org.resweep.jobs.testing.SweepFixtures;

/**
 * {@code compact} and {@code --retry-failed}'s superseding rewrite resweep's own part files of an older schema version
 * into the current layout, by column name, with every value unchanged (review7 F7: {@code compact} of a version-2
 * directory was an internal error — the old records were written column-shifted into the current schema).
 */
class OlderLayoutRewriteTest {
    @TempDir
    Path tmp;

    private static final String RUNS = "SELECT * FROM runs ORDER BY run_id";
    private static final String CHECKPOINTS = "SELECT * FROM checkpoints ORDER BY run_id, epoch";

    private static String sql(Path dir, String query) {
        InProcessCli.Result r = InProcessCli.run("sql", "--engine", "duckdb", "--format", "csv", "--out", dir.toString(), query);
        assertEquals(0, r.code(), r.err());
        return r.out();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, -1, -2})
    void compactKeepsEveryValue(int v) throws Exception {
        int version = Math.abs(v); // negative: half the runs in that layout, half resumed in the current one
        Path d = SweepFixtures.older(tmp.resolve("v" + v), "old" + version, version, v < 0);
        String runs = sql(d, RUNS), cps = sql(d, CHECKPOINTS);
        assertEquals(12 + 1, runs.lines().count(), runs);
        assertEquals(24 + 1, cps.lines().count(), cps);
        assertTrue(SweepDirectory.partNames(d.resolve("runs")).size() >= 2, SweepDirectory.partNames(d.resolve("runs")).toString());
        if (v < 0) { // the two layouts really are both there
            assertEquals("schema_version,n\n" + version + ",6\n" + ResultSchema.VERSION + ",6\n",
                    sql(d, "SELECT schema_version, count(*) AS n FROM runs GROUP BY 1 ORDER BY 1"));
        }
        InProcessCli.Result c = InProcessCli.run("compact", d.toString());
        assertEquals(0, c.code(), c.out() + c.err());
        assertEquals(1, SweepDirectory.partNames(d.resolve("runs")).size());
        assertEquals(1, SweepDirectory.partNames(d.resolve("checkpoints")).size());
        assertEquals(runs, sql(d, RUNS));
        assertEquals(cps, sql(d, CHECKPOINTS));
        // the stored schema_version of each row is kept: it says which code wrote the row
        assertEquals("schema_version,n\n" + (v > 0 ? version + ",12\n" : version + ",6\n" + ResultSchema.VERSION + ",6\n"),
                sql(d, "SELECT schema_version, count(*) AS n FROM runs GROUP BY 1 ORDER BY 1"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void supersedingDropsOnlyTheRetriedRows(int version) throws Exception {
        Path d = SweepFixtures.older(tmp.resolve("r" + version), "retry" + version, version);
        String runs = sql(d, RUNS), cps = sql(d, CHECKPOINTS);
        String id = runs.lines().skip(3).findFirst().orElseThrow().split(",")[1];
        assertTrue(id.matches("[0-9a-f]{16}"), id);
        try (SweepDirectory s = SweepDirectory.open(d)) {
            s.supersede(Map.of(id, 1));
        }
        assertEquals(without(runs, id), sql(d, RUNS));
        assertEquals(without(cps, id), sql(d, CHECKPOINTS));
        assertFalse(sql(d, RUNS).contains(id));
    }

    private static String without(String csv, String id) {
        List<String> kept = csv.lines().filter(l -> !l.contains(id)).toList();
        assertTrue(kept.size() < csv.lines().count());
        return kept.stream().collect(Collectors.joining("\n", "", "\n"));
    }
}
