package org.resweep.driver.testing;

import java.io.IOException;
import java.util.List;
import org.resweep.driver.store.SweepDirectory;

/** Test helper: commits rows as one task's part files (staged, then committed as an executor's would be). */
public final class StagedRows {
    private StagedRows() {}

    public static void commit(SweepDirectory dir, List<Object[]> runs, List<Object[]> checkpoints) throws IOException {
        dir.commit(runs, checkpoints);
    }
}
