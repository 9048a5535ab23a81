package org.resweep.driver.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.resweep.driver.results.ResultSchema;

/**
 * Decides, for a spec about to run in an existing (or new) directory, whether it is a new sweep, a resume or an
 * extension — comparing the set of planned run ids, so reformatting or reordering a spec is not a change.
 */
public final class SweepState {
    private SweepState() {}

    /** A spec that does not match the directory's sweep (exit 2). */
    public static final class SpecChangedException extends IllegalArgumentException {
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
        SweepMeta stored = SweepMeta.read(dir.path());
        TreeSet<String> wanted = new TreeSet<>(runIds);
        if (stored == null) {
            SweepMeta m = new SweepMeta(sweepId, name, ResultSchema.VERSION, new ArrayList<>(wanted), 0);
            m.write(dir.path(), specText);
            return m;
        }
        if (stored.schemaVersion() > ResultSchema.VERSION) {
            throw new SpecChangedException("sweep directory " + dir.path() + " holds tables of schema version "
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
            throw new SpecChangedException("spec differs from the sweep stored in " + dir.path() + " (sweep "
                    + stored.sweepId() + ", " + have.size() + " runs): the spec plans " + wanted.size() + " runs, "
                    + added.size() + " new and " + dropped.size() + " no longer in the spec. Use --extend to add the new "
                    + "points to this sweep, or --out DIR for a new sweep.");
        }
        int k = stored.extensions() + 1;
        if (Files.exists(dir.path().resolve(SweepMeta.YAML))) {
            Files.copy(dir.path().resolve(SweepMeta.YAML), dir.path().resolve("sweep." + k + ".yaml"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        TreeSet<String> union = new TreeSet<>(have);
        union.addAll(wanted);
        SweepMeta m = new SweepMeta(stored.sweepId(), stored.name(), stored.schemaVersion(), new ArrayList<>(union), k);
        m.write(dir.path(), specText);
        return m;
    }
}
