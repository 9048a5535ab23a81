package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.core.util.Npy;

/** {@code resweep inspect}, in-process with captured output, on the embedded MNIST. */
class InspectCommandTest {
    /** docs/model.md §6 comparisons across depths: rounding of a P-dimensional eigenproblem, far above 1e-15·cond. */
    static final double CLOSED_FORM_REL = 1e-10;

    static PlanCommandTest.Result run(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "inspect";
        System.arraycopy(args, 0, all, 1, args.length);
        return PlanCommandTest.run(all);
    }

    /** The number stored under {@code key} in a JSON object written by {@link Json}. */
    static double num(String json, String key) {
        var node = Json.read(json).get(key);
        assertTrue(node != null, "no key " + key + " in " + json);
        return Json.toDouble(node);
    }

    @Test
    void twoShortcutAtZeroHasIndexHalfAndDepthIndependentCond() {
        var r4 = run("--depth", "4", "--shortcut", "2", "--init", "zero");
        var r12 = run("--depth", "12", "--shortcut", "2", "--init", "zero", "--eigen", "ejml");
        assertEquals(0, r4.code(), r4.err());
        assertEquals(0, r12.code(), r12.err());
        assertEquals(0.0, num(r4.out(), "grad_norm"));
        assertEquals(0.5, num(r4.out(), "index"));
        assertEquals(0.5, num(r12.out(), "index"));
        assertEquals(1200, num(r12.out(), "num_params"));
        double c4 = num(r4.out(), "cond"), c12 = num(r12.out(), "cond");
        assertEquals(c4, c12, CLOSED_FORM_REL * c4);
        assertTrue(r12.out().contains("\"backend\":\"ejml\""), r12.out());
        for (String k : new String[] {"loss", "grad_norm", "num_params", "max_abs_eig", "p10_abs_eig", "min_abs_eig",
                "cond", "index", "trace", "min_eig", "max_eig", "backend"}) {
            assertTrue(r4.out().contains("\"" + k + "\":"), "missing " + k);
        }
    }

    @Test
    void threeShortcutAtZeroHasZeroHessian() {
        var r = run("--depth", "6", "--shortcut", "3", "--init", "zero");
        assertEquals(0, r.code(), r.err());
        assertEquals(0.0, num(r.out(), "grad_norm"));
        assertEquals(0.0, num(r.out(), "max_abs_eig"));
        assertEquals(0.0, num(r.out(), "trace"));
    }

    @Test
    void exportsRoundTripAndReloadedWeightsGiveTheSameState(@TempDir Path dir) {
        Path w = dir.resolve("w.npy"), h = dir.resolve("h.npy"), s = dir.resolve("s.npy"), data = dir.resolve("data");
        var a = run("--depth", "4", "--shortcut", "2", "--init", "xavier", "--seed", "3", "--activation", "tanh",
                "--positions", "mid", "--export-weights", w.toString(), "--export-hessian", h.toString(),
                "--export-spectrum", s.toString(), "--export-data", data.toString());
        assertEquals(0, a.code(), a.err());
        Npy.Array wa = Npy.read(w), ha = Npy.read(h), sa = Npy.read(s);
        assertArrayEquals(new int[] {4, 10, 10}, wa.shape());
        assertArrayEquals(new int[] {400, 400}, ha.shape());
        assertArrayEquals(new int[] {400}, sa.shape());
        assertArrayEquals(new int[] {10000, 10}, Npy.read(data.resolve("X.npy")).shape());
        assertArrayEquals(new int[] {10000, 10}, Npy.read(data.resolve("Y.npy")).shape());
        double tr = 0;
        for (int i = 0; i < 400; i++) tr += ha.data()[i * 400 + i];
        assertEquals(tr, num(a.out(), "trace"), 1e-9 * Math.abs(tr));
        for (int i = 1; i < 400; i++) assertTrue(sa.data()[i - 1] <= sa.data()[i], "spectrum sorted");
        for (int i = 0; i < 400; i++)
            for (int j = 0; j < i; j++) assertEquals(ha.data()[i * 400 + j], ha.data()[j * 400 + i]);

        var b = run("--depth", "4", "--shortcut", "2", "--weights", w.toString(), "--activation", "tanh", "--positions", "mid");
        assertEquals(0, b.code(), b.err());
        assertEquals(num(a.out(), "loss"), num(b.out(), "loss"));
        assertEquals(num(a.out(), "cond"), num(b.out(), "cond"));
    }

    @Test
    void trainingReportsTheStateAfterTheEpochs() {
        var r = run("--depth", "4", "--shortcut", "2", "--init", "small", "--epochs", "50", "--lr", "0.1", "--no-hessian");
        assertEquals(0, r.code(), r.err());
        assertTrue(num(r.out(), "loss") < num(r.out(), "initial_loss"));
        assertTrue(num(r.out(), "loss") >= num(r.out(), "l_star"));
        assertFalse(r.out().contains("\"cond\""), "--no-hessian leaves the Hessian fields out");
        assertTrue(r.out().contains("\"status\":\"ok\""));
    }

    @Test
    void badInputExitsTwoWithAMessageAndNoStackTrace(@TempDir Path dir) throws Exception {
        String[][] cases = {
                {"depth: 5 is not a multiple of shortcut length 2", "--depth", "5", "--shortcut", "2", "--init", "zero"},
                {"init: unknown value 'bogus'", "--depth", "4", "--shortcut", "2", "--init", "bogus"},
                {"activation: unknown value 'sigmoid'", "--depth", "4", "--shortcut", "2", "--init", "zero", "--activation", "sigmoid"},
                {"--epochs: needs --lr", "--depth", "4", "--shortcut", "2", "--init", "zero", "--epochs", "5"},
                {"--init: missing", "--depth", "4", "--shortcut", "2"},
                {"learning_rate: -1.0 is not allowed", "--depth", "4", "--shortcut", "2", "--init", "zero", "--epochs", "5", "--lr", "-1"},
                {"--path: 'moment' needs a linear network", "--depth", "4", "--shortcut", "2", "--init", "zero", "--activation", "relu", "--path", "moment"},
                {"Invalid value for option '--depth'", "--depth", "ten", "--shortcut", "2", "--init", "zero"},
                {"--weights: ", "--depth", "4", "--shortcut", "2", "--weights", dir.resolve("none.npy").toString()},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length - 1];
            System.arraycopy(c, 1, args, 0, args.length);
            var r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + " → " + r.err());
            assertTrue(r.err().contains(c[0]), "expected '" + c[0] + "' in: " + r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
            assertEquals("", r.out());
        }
        Path w = dir.resolve("w3.npy");
        Npy.write(w, new double[3 * 10 * 10], 3, 10, 10);
        var r = run("--depth", "4", "--shortcut", "2", "--weights", w.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("has shape [3, 10, 10]; this network needs (4, 10, 10)"), r.err());
        assertFalse(Files.exists(dir.resolve("h.npy")));
    }
}
