package org.resweep.driver.testing;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.resweep.driver.results.ResultSchema;
import org.resweep.driver.store.ParquetPartWriter;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.store.TaskOutput;

/** Test helper: stages rows as one task's part files (as an executor would) and commits them. */
public final class StagedRows {
    private StagedRows() {}

    public static void commit(SweepDirectory dir, List<Object[]> runs, List<Object[]> checkpoints) throws IOException {
        dir.fs().mkdirs(dir.stagingDir());
        String n = UUID.randomUUID().toString();
        Path r = new Path(dir.stagingDir(), "runs-" + n + ".parquet");
        long bytes = ParquetPartWriter.write(dir.fs().conf(), r, ResultSchema.RUNS, runs);
        Path c = null;
        if (!checkpoints.isEmpty()) {
            c = new Path(dir.stagingDir(), "checkpoints-" + n + ".parquet");
            bytes += ParquetPartWriter.write(dir.fs().conf(), c, ResultSchema.CHECKPOINTS, checkpoints);
        }
        String[] ids = runs.stream().map(row -> (String) row[ResultSchema.RUNS.indexOf("run_id")]).toArray(String[]::new);
        dir.commitTasks(List.of(new TaskOutput(0, r.toString(), c == null ? null : c.toString(), ids, ids.length, 0, 0, bytes)));
    }
}
