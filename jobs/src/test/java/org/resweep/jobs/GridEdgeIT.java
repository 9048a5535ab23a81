package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `run`'s end-of-command grid-edge warning counts only configurations that have a grid of rates. */
class GridEdgeIT {
    @TempDir
    Path tmp;

    String run(String yaml) throws Exception {
        Path spec = tmp.resolve("s" + yaml.hashCode() + ".yaml");
        Files.writeString(spec, yaml);
        StringWriter out = new StringWriter(), err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("run", spec.toString(), "--out", tmp.resolve("out" + yaml.hashCode()).toString(),
                "--master", "local[1]");
        assertEquals(0, code, out + "\n" + err);
        return out + "\n" + err;
    }

    @Test
    void singleRateSweepsGetNoWarningAndGridsAtTheEdgeDo() throws Exception {
        // Spectra at initialisation: one rate, nothing to widen.
        String init = run("name: at-init\nepochs: 0\nhessian: init_end\naxes:\n  depth: [2, 4]\n  shortcut: 2\n"
                + "  init: xavier\n  learning_rate: 0.1\n");
        assertFalse(init.contains("sits on the edge"), init);
        // Two small rates: the larger one trains further in 5 epochs, so every best rate is at the edge.
        String grid = run("name: grid\nepochs: 5\naxes:\n  depth: 2\n  shortcut: [0, 2]\n  init: xavier\n"
                + "  learning_rate: [0.001, 0.002]\n");
        assertTrue(grid.contains("sits on the edge of its grid in 2 of 2 configurations"), grid);
    }
}
