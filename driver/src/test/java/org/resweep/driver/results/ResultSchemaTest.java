package org.resweep.driver.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.train.RunConfig;
import org.resweep.core.train.RunResult;
import org.resweep.driver.testing.FakeRuns;

class ResultSchemaTest {

    /** The golden copy: a change to any table must be deliberate (update the file and bump VERSION). */
    @Test
    void schemaMatchesGoldenFile() throws IOException {
        String golden;
        try (InputStream in = getClass().getResourceAsStream("/results-schema-v" + ResultSchema.VERSION + ".txt")) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String now = ResultSchema.all().stream().map(TableSchema::describe).collect(Collectors.joining("\n"));
        assertEquals(golden, now);
    }

    @Test
    void everyRunConfigComponentHasAColumn() {
        Set<String> covered = ConfigColumns.FIELDS.stream().map(ConfigColumns.Field::component).collect(Collectors.toSet());
        for (RecordComponent c : RunConfig.class.getRecordComponents()) {
            if (c.getType() == NetworkSpec.class) {
                for (RecordComponent n : NetworkSpec.class.getRecordComponents()) {
                    assertTrue(covered.contains("net." + n.getName()), "no column for RunConfig.net." + n.getName());
                }
            } else {
                assertTrue(covered.contains(c.getName()), "no column for RunConfig." + c.getName());
            }
        }
    }

    @Test
    void rowsFollowTheSchema() {
        RunConfig c = FakeRuns.grid(new int[] {4}, new double[] {0.5}, 1, 5).get(0);
        RunResult r = new FakeRuns().run(c);
        ExecutedRun e = new ExecutedRun(r, "h", "17", "0.46.1", "linux/amd64");
        Object[] row = ResultRows.runRow(e, new SweepProvenance("sw", "1.0", "4.2.0"), 0.25, java.time.Instant.parse("2024-01-01T00:00:00Z"));
        TableSchema t = ResultSchema.RUNS;
        assertEquals(c.runId(), row[t.indexOf("run_id")]);
        assertEquals(4, row[t.indexOf("depth")]);
        assertEquals("mid", row[t.indexOf("positions")]);
        assertEquals(c.seed(), row[t.indexOf("seed")]);
        assertEquals(r.finalLoss(), row[t.indexOf("final_loss")]);
        assertNull(row[t.indexOf("diverged_epoch")]);
        assertEquals(r.checkpoints().get(0).stats().cond(), row[t.indexOf("init_cond")]);
        assertEquals(5, row[t.indexOf("end_hessian_epoch")]);
        List<Object[]> cps = ResultRows.checkpointRows(e, "sw");
        assertEquals(2, cps.size());
        assertEquals(5, cps.get(1)[ResultSchema.CHECKPOINTS.indexOf("epoch")]);
    }
}
