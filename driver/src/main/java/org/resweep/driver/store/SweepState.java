package org.resweep.driver.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;
import org.resweep.driver.results.ResultSchema;

/**
 * Decides, for a spec about to run in an existing (or new) directory, whether it is a new sweep, a resume or an
 * extension — comparing the set of planned run ids, so reformatting or reordering a spec is not a change.
 * {@code --extend} only ever adds points: a spec that leaves out stored points is refused.
 */
public final class SweepState {
    private SweepState() {}

    /** A spec that does not match the directory's sweep (exit 2). */
    public static final class SpecChangedException extends SweepDirectoryException {
        private static final long serialVersionUID = 1L;

        public SpecChangedException(String message) { super(message); }
    }

    /**
     * Reconciles the request with {@code DIR/sweep.json}, writing it (and sweep.yaml) for a new or extended sweep.
     *
     * @param sweepId id for a new sweep (an existing sweep keeps its stored id, also when extended)
     * @param runIds  the run ids the spec plans; Not modified.
     * @return the metadata in force
     */
    public static SweepMeta reconcile(SweepDirectory dir, String name, String sweepId, String specText, List<String> runIds,
                                      boolean extend)
            throws IOException {
        SweepFs fs = dir.fs();
        SweepMeta stored = SweepMeta.read(fs, dir.path());
        TreeSet<String> wanted = new TreeSet<>(runIds);
        if (stored == null) {
            SweepMeta m = new SweepMeta(sweepId, name, ResultSchema.VERSION, new ArrayList<>(wanted), 0);
            m.write(fs, dir.path(), specText);
            return m;
        }
        if (stored.schemaVersion() > ResultSchema.VERSION) {
            throw new SpecChangedException("sweep directory " + SweepPaths.display(dir.path()) + " holds tables of schema version "
                    + stored.schemaVersion() + ", newer than this resweep's " + ResultSchema.VERSION + ": use that resweep, or a new --out");
        }
        // an older version resumes: new part files have the current layout, and every reader projects each file's
        // layout onto the current one (docs/results-schema.md, "Older sweep directories")
        TreeSet<String> have = new TreeSet<>(stored.plannedRunIds());
        if (have.equals(wanted)) return stored;
        TreeSet<String> added = new TreeSet<>(wanted);
        added.removeAll(have);
        TreeSet<String> dropped = new TreeSet<>(have);
        dropped.removeAll(wanted);
        if (!extend) {
            throw new SpecChangedException("spec differs from the sweep stored in " + SweepPaths.display(dir.path()) + " (sweep "
                    + stored.sweepId() + ", " + have.size() + " runs): the spec plans " + wanted.size() + " runs, "
                    + added.size() + " new and " + dropped.size() + " no longer in the spec. Use --extend to add the new "
                    + "points to this sweep, or --out DIR for a new sweep.");
        }
        if (!dropped.isEmpty()) {
            throw new SpecChangedException("--extend: the spec leaves out " + dropped.size() + " of the " + have.size()
                    + " runs stored in " + SweepPaths.display(dir.path()) + " (e.g. run_id " + dropped.first() + "; see `resweep sql --out "
                    + SweepPaths.display(dir.path()) + " \"select * from runs where run_id = '" + dropped.first() + "'\"`); --extend only adds "
                    + "points: keep every earlier value in the spec (" + SweepPaths.display(new Path(dir.path(), SweepMeta.YAML)) + " is the stored one)");
        }
        int k = stored.extensions() + 1;
        Path yaml = new Path(dir.path(), SweepMeta.YAML);
        if (fs.exists(yaml)) fs.replace(new Path(dir.path(), "sweep." + k + ".yaml"), fs.read(yaml));
        SweepMeta m = new SweepMeta(stored.sweepId(), stored.name(), stored.schemaVersion(), new ArrayList<>(wanted), k);
        m.write(fs, dir.path(), specText);
        return m;
    }
}
