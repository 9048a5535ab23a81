package org.resweep.driver.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import org.resweep.core.train.Checkpoint;
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

    @Test
    void curvatureAndWeightColumns() {
        RunConfig c0 = FakeRuns.grid(new int[] {4}, new double[] {0.5}, 1, 5).get(0);
        RunConfig c = new RunConfig(c0.dataset(), c0.net(), c0.init(), c0.initScale(), c0.learningRate(), c0.epochs(),
                c0.replicate(), c0.hessian(), c0.storeSpectrum(), true);
        RunResult r = new FakeRuns().run(c);
        ExecutedRun e = new ExecutedRun(r, "h", "17", "0.46.1", "linux/amd64");
        TableSchema t = ResultSchema.RUNS;
        Object[] row = ResultRows.runRow(e, new SweepProvenance("sw", "1.0", "4.2.0"), 0.25, java.time.Instant.parse("2024-01-01T00:00:00Z"));
        assertEquals(Boolean.TRUE, row[t.indexOf("store_weights")]);
        assertEquals(r.checkpoints().get(1).stats().topR(), row[t.indexOf("end_top_r")]);
        assertEquals(r.checkpoints().get(0).stats().negMass(), row[t.indexOf("init_neg_mass")]);
        assertEquals(r.checkpoints().get(1).stats().nFlat(), row[t.indexOf("end_n_flat")]);
        int esc = r.escapeEpoch();
        assertEquals(esc < 0 ? null : esc, row[t.indexOf("escape_epoch")]);
        assertNull(row[t.indexOf("weight_norm_curve")], "FakeRuns records no weight-norm curve");
        TableSchema k = ResultSchema.CHECKPOINTS;
        Object[] cp = ResultRows.checkpointRows(e, "sw").get(1);
        Checkpoint last = r.checkpoints().get(1);
        assertEquals(last.weightNormMean(), cp[k.indexOf("weight_norm_mean")]);
        assertEquals(last.weightNormMax(), cp[k.indexOf("weight_norm_max")]);
        assertEquals(last.unitProductNormMean(), cp[k.indexOf("unit_product_norm_mean")]);
        assertSame(last.weights(), cp[k.indexOf("weights")]);
        assertEquals(last.stats().condTop(), cp[k.indexOf("cond_top")]);
        assertEquals(last.stats().indexTop(), cp[k.indexOf("index_top")]);
        // A checkpoint without weight statistics (NaN) gives nulls, not NaN.
        Checkpoint bare = new Checkpoint(0, 1, 1, null, null);
        RunResult r2 = new RunResult(c, "ok", "", 1, 1, 1, 0, 0, -1, new double[] {1}, new double[] {0}, List.of(bare),
                "moment", "", "h", 0.1);
        Object[] cp2 = ResultRows.checkpointRows(new ExecutedRun(r2, "h", "17", "0.46.1", "x"), "sw").get(0);
        assertNull(cp2[k.indexOf("weight_norm_mean")]);
        assertNull(cp2[k.indexOf("cond_top")]);
    }
}
