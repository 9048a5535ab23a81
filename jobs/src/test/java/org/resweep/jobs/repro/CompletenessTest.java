package org.resweep.jobs.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.store.SweepFs;
import org.resweep.driver.store.SweepMeta;
import org.resweep.driver.store.SweepState;
import org.resweep.jobs.testing.SweepFixtures;

/**
 * Which sweeps of a reproduction the report must not judge ({@link Completeness}, review7 F12), on sweep directories
 * written through the store's commit protocol ({@link SweepFixtures}: 12 runs). An unfinished one is made as an
 * interrupted {@code run --extend} leaves it: its plan reconciled to one more run, that run never stored.
 */
class CompletenessTest {
    @TempDir
    Path tmp;

    static org.apache.hadoop.fs.Path hadoop(Path p) { return new org.apache.hadoop.fs.Path(p.toAbsolutePath().toUri()); }

    static SweepFs fs(Path p) { return new SweepFs(hadoop(p), new Configuration()); }

    /** A sweep directory {@code dir} named {@code name} with 12 stored runs, planning {@code extra} more. */
    static Path sweep(Path dir, String name, int extra) throws Exception {
        SweepFixtures.v2(dir, name, false, false);
        if (extra > 0) {
            List<String> ids = new ArrayList<>(SweepMeta.read(dir).plannedRunIds());
            for (int i = 0; i < extra; i++) ids.add("not-yet-run-" + i);
            try (SweepDirectory d = SweepDirectory.open(dir)) {
                SweepState.reconcile(d, name, name + "-id", "name: " + name + "\n", ids, true);
            }
        }
        return dir;
    }

    static Optional<Section> notEvaluated(Path dir) throws Exception {
        return Completeness.notEvaluated(fs(dir), hadoop(dir), SweepMeta.read(dir).name());
    }

    @Test
    void countsStoredAgainstPlannedRuns() throws Exception {
        Path done = sweep(tmp.resolve("a/fig7"), "fig7-quick", 0), cut = sweep(tmp.resolve("b/fig7"), "fig7-quick", 1);
        assertEquals(new Completeness(12, 12), Completeness.of(fs(done), hadoop(done)));
        assertEquals(new Completeness(12, 13), Completeness.of(fs(cut), hadoop(cut)));
        assertTrue(notEvaluated(done).isEmpty());
        Section s = notEvaluated(cut).orElseThrow();
        assertEquals(Experiment.FIG7, s.experiment());
        assertEquals(List.of(), s.figures());
        assertEquals(1, s.claims().size());
        assertEquals(Verdict.NOT_EVALUATED, s.claims().get(0).verdict());
        assertEquals("not evaluated: sweep incomplete", s.claims().get(0).verdict().text());
        assertTrue(s.markdown().startsWith("**Incomplete (12 of 13 runs): rerun reproduce to finish it.** `fig7` holds 12 of 13 runs."),
                s.markdown());
        // a sweep that is no experiment's is not judged at all, finished or not
        assertTrue(notEvaluated(sweep(tmp.resolve("c/mine"), "mine", 1)).isEmpty());
    }

    @Test
    void stagesOfARefinedExperiment() throws Exception {
        // a finished coarse stage whose refinement has not started: the experiment is unfinished
        Path coarse = sweep(tmp.resolve("r/fig8-coarse"), "fig8-quick-coarse", 0);
        Section s = notEvaluated(coarse).orElseThrow();
        assertEquals(Experiment.FIG8, s.experiment());
        assertTrue(s.markdown().startsWith("**Incomplete (refinement not started): rerun reproduce to finish it.** Its coarse stage is finished "
                + "(12 of 12 runs) but its refinement (`fig8`) has not started."), s.markdown());
        // the refinement started: the coarse stage is judged with it; an unfinished lower-rate stage makes it unfinished
        Path fig8 = sweep(tmp.resolve("r/fig8"), "fig8-quick", 0);
        assertTrue(notEvaluated(coarse).isEmpty());
        assertTrue(notEvaluated(fig8).isEmpty());
        Path lower = sweep(tmp.resolve("r/fig8-lower"), "fig8-quick-lower", 2);
        assertTrue(notEvaluated(lower).isEmpty(), "a lower stage is judged with its refinement");
        s = notEvaluated(fig8).orElseThrow();
        assertTrue(s.markdown().startsWith("**Incomplete (12 of 14 runs): rerun reproduce to finish it.** `fig8-lower` holds 12 of 14 runs."),
                s.markdown());
        // an unfinished coarse stage beside a refinement is named first
        sweep(tmp.resolve("r2/fig8-coarse"), "fig8-quick-coarse", 1);
        sweep(tmp.resolve("r2/fig8"), "fig8-quick", 3);
        s = notEvaluated(tmp.resolve("r2/fig8")).orElseThrow();
        assertTrue(s.markdown().contains("`fig8-coarse` holds 12 of 13 runs, `fig8` holds 12 of 15 runs"), s.markdown());
    }
}
