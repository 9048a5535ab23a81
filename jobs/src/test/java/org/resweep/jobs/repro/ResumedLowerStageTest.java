package org.resweep.jobs.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.driver.spark.SparkSessions;
import org.resweep.driver.spec.SweepPlan;
import org.resweep.driver.spec.SweepSpecParser;
import org.resweep.jobs.ReproduceCommand;
import org.resweep.jobs.testing.SweepFixtures;

/**
 * A resumed {@code reproduce} whose fig8 was killed after its refinement, before the lower-rate stage it needs started:
 * the steps of the experiment ({@link ReproduceCommand#runExperiment}, the ones {@code reproduce} takes) run the coarse
 * screen and the refinement again (both stored: nothing of them runs) and then the missing lower stage, planned from the
 * stored sweeps as the first invocation would have. The sweeps are {@link RefinementTest}'s synthetic tables; the stage
 * runner records what it is asked to run instead of training.
 */
class ResumedLowerStageTest {
    static SparkSession spark;

    @BeforeAll
    static void start() {
        // Spark needs more than the 256 MiB of the small-heap execution (which runs this class only under -Dtest=...)
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("resweep.smallHeap") == null, "Spark needs a larger heap");
        spark = SparkSessions.start("local[1]", "ResumedLowerStageTest");
    }

    @AfterAll
    static void stop() { if (spark != null) spark.stop(); }

    @Test
    void aResumedReproductionRunsTheMissingLowerStage(@TempDir Path tmp) throws Exception {
        Path coarse = SweepFixtures.write(tmp.resolve("fig8-coarse"), "fig8-coarse", RefinementTest.coarse(), false);
        BestRates.Derived refinement = Refinement.refine(spark, coarse.toString(), RefinementTest.FIG8, "fig8.yaml");
        SweepPlan stage2 = SweepPlan.of(SweepSpecParser.parse(refinement.text(), "fig8.yaml"));
        SweepFixtures.write(tmp.resolve("fig8"), "fig8", RefinementTest.refined(stage2, RefinementTest::unstableAtDepth4), false,
                refinement.text());

        List<String[]> asked = new ArrayList<>();
        StringBuilder timing = new StringBuilder();
        ReproduceCommand.runExperiment(spark, new org.apache.hadoop.fs.Path(tmp.toUri()), Experiment.FIG8, "fig8.yaml", RefinementTest.FIG8,
                timing, (name, file, text) -> asked.add(new String[] {name, file, text}));

        assertEquals(List.of("fig8-coarse", "fig8", "fig8-lower"), asked.stream().map(a -> a[0]).toList());
        assertEquals(Refinement.coarse(RefinementTest.FIG8, "fig8.yaml", Experiment.FIG8.coarseDivisor()), asked.get(0)[2]);
        assertEquals(refinement.text(), asked.get(1)[2], "the refinement the first invocation ran (its runs are stored: none runs)");
        assertEquals("fig8.yaml (lower rates)", asked.get(2)[1]);
        SweepPlan lower = SweepPlan.of(SweepSpecParser.parse(asked.get(2)[2], "fig8.yaml"));
        assertEquals("fig8-lower", lower.spec().name());
        assertEquals(9, lower.tasks().size(), "the 9 runs the stored refinement needs there (RefinementTest's fixture)");
        assertEquals(2, timing.toString().lines().filter(l -> l.startsWith("- fig8: ")).count(), "the refinement's note and the lower stage's: "
                + timing);
    }
}
