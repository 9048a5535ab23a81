package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/** The HDFS probe's timeout setting ({@link SweepDirs#probe}): a bad value is the user's mistake (exit 2), named. */
class SweepDirsTest {
    @Test
    void theProbeTimeoutIsMillisecondsFrom100To3600000() {
        assertEquals(SweepDirs.PROBE_TIMEOUT_MS, SweepDirs.probeTimeoutMs(null));
        assertEquals(100, SweepDirs.probeTimeoutMs("100"));
        assertEquals(45_000, SweepDirs.probeTimeoutMs(" 45000 "));
        assertEquals(3_600_000, SweepDirs.probeTimeoutMs("3600000"));
        for (String bad : new String[] {"abc", "20s", "", "0", "-5", "99", "3600001", "99999999999"}) {
            ExitCodes.UserError e = assertThrows(ExitCodes.UserError.class, () -> SweepDirs.probeTimeoutMs(bad), bad);
            assertEquals("--conf spark.hadoop.resweep.probe.timeout-ms: '" + bad + "' is not allowed; allowed: milliseconds, an "
                    + "integer from 100 to 3600000", e.getMessage());
        }
    }

    /** Refused before any connection: port 1 of the loopback address would otherwise be "cannot reach" (exit 1). */
    @Test
    void aBadProbeTimeoutIsRefusedBeforeTheProbe() {
        Configuration conf = new Configuration(false);
        conf.set(SweepDirs.PROBE_TIMEOUT_KEY, "abc");
        assertThrows(ExitCodes.UserError.class, () -> SweepDirs.probe(new Path("hdfs://127.0.0.1:1/x"), () -> conf, "DIR hdfs://127.0.0.1:1/x"));
    }
}
