package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.jobs.testing.SweepFixtures;

/**
 * A runs part file damaged in the middle (its bytes overwritten, no checksum file to tell) makes DuckDB fail with a
 * message that names no file ("TProtocolException: Invalid data"): {@code sql} names the damaged file instead, in one
 * line, exit 2; the file is left where it is.
 */
class SqlDamagedFileTest {
    @TempDir
    Path tmp;

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {4, 64})
    void aDamagedPartFileIsNamed(int fraction) throws Exception {
        Path dir = SweepFixtures.v2(tmp.resolve("a"), "alpha", true, true);
        List<String> parts = SweepDirectory.partNames(dir.resolve("runs"));
        assertTrue(!parts.isEmpty(), "the fixture has runs files");
        Path victim = dir.resolve("runs").resolve(parts.get(0));
        byte[] b = Files.readAllBytes(victim);
        byte[] noise = new byte[b.length / fraction];
        new Random(7).nextBytes(noise);
        System.arraycopy(noise, 0, b, b.length / 4, noise.length); // the middle: header and footer intact
        Files.write(victim, b);
        Files.deleteIfExists(victim.resolveSibling("." + victim.getFileName() + ".crc"));

        StringWriter out = new StringWriter(), err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("sql", "--out", dir.toString(), "SELECT * FROM runs");
        String e = err.toString();
        assertEquals(2, code, e);
        assertTrue(e.contains(victim.toAbsolutePath() + " is damaged ("), e);
        assertTrue(e.contains("move it out of"), e);
        assertEquals(1, e.strip().lines().count(), "one line: " + e);
        assertTrue(!e.contains("\tat "), "no stack trace: " + e);
        assertTrue(java.util.Arrays.equals(b, Files.readAllBytes(victim)), "the file is left as it is");
    }
}
