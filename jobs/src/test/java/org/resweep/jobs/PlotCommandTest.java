package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.jobs.testing.SweepFixtures;

/** {@code resweep plot} on sweeps that are not one of the paper's experiments (no Spark: the tables are read with DuckDB). */
class PlotCommandTest {
    private static String[] run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    private static void assertPng(Path f) throws Exception {
        assertTrue(Files.isRegularFile(f), f + " missing");
        try (InputStream in = Files.newInputStream(f)) {
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, in.readNBytes(4), f.toString());
        }
        assertTrue(Files.size(f) > 2000, f + " is nearly empty");
    }

    @Test
    void anySweepGetsItsFigures(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("sweeps");
        SweepFixtures.v2(dir.resolve("a"), "my-sweep", true, true);
        SweepFixtures.v2(dir.resolve("b"), "no-hessian", false, false);
        String[] r = run("plot", dir.toString());
        assertEquals("0", r[0], r[2]);
        Path fig = dir.resolve("figures");
        for (String f : List.of("loss-curves", "loss-vs-lr", "best-vs-depth", "hessian-cond", "hessian-index", "hessian-max-abs-eig",
                "spectrum-1", "spectrum-2", "spectrum-1-sorted", "spectrum-2-sorted")) {
            assertPng(fig.resolve("my-sweep-" + f + ".png"));
            assertTrue(r[1].contains("resweep: my-sweep: " + fig.resolve("my-sweep-" + f + ".png")), r[1]);
        }
        assertFalse(Files.exists(fig.resolve("my-sweep-spectrum-3.png")), "two configurations have spectra");
        for (String f : List.of("loss-curves", "loss-vs-lr", "best-vs-depth")) assertPng(fig.resolve("no-hessian-" + f + ".png"));
        assertFalse(Files.exists(fig.resolve("no-hessian-hessian-cond.png")), "no Hessian, no Hessian figure");
    }

    @Test
    void aDirectoryWithoutSweepsIsBadInput(@TempDir Path tmp) {
        String[] r = run("plot", tmp.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("holds no sweep directory"), r[2]);
    }
}
