package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

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
        assertTrue(r12.out().contains("\"eigen_backend\":\"ejml\""), r12.out());
        for (String k : new String[] {"loss", "grad_norm", "num_params", "max_abs_eig", "p10_abs_eig", "min_abs_eig",
                "cond", "index", "trace", "min_eig", "max_eig", "eigen_backend"}) {
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
    void curvatureStatisticsFinalWeightsAndGradient(@TempDir Path dir) {
        Path w = dir.resolve("final.npy"), g = dir.resolve("grad.npy"), s = dir.resolve("s.npy");
        var r = run("--depth", "4", "--shortcut", "2", "--init", "small", "--epochs", "200", "--lr", "0.2",
                "--export-final-weights", w.toString(), "--export-gradient", g.toString(), "--export-spectrum", s.toString());
        assertEquals(0, r.code(), r.err());
        // The JSON statistics are those of the exported spectrum (r = d² = 100).
        var st = org.resweep.core.eig.Spectrum.stats(Npy.read(s).data(), 100);
        assertEquals(st.indexRaw(), num(r.out(), "index_raw"));
        assertEquals(st.index1e6(), num(r.out(), "index_1e6"));
        assertEquals(st.index1e3(), num(r.out(), "index_1e3"));
        assertEquals(st.negMass(), num(r.out(), "neg_mass"));
        assertEquals(100, num(r.out(), "top_r"));
        assertEquals(st.indexTop(), num(r.out(), "index_top"));
        assertEquals(st.condTop(), num(r.out(), "cond_top"));
        assertEquals(st.nFlat(), num(r.out(), "n_flat"));
        // The final weights and the gradient are those the statistics were taken at.
        Npy.Array wa = Npy.read(w), ga = Npy.read(g);
        assertArrayEquals(new int[] {4, 10, 10}, wa.shape());
        assertArrayEquals(new int[] {4, 10, 10}, ga.shape());
        double gn = 0, wn = 0;
        for (double v : ga.data()) gn += v * v;
        for (int l = 0; l < 4; l++) {
            double f = 0;
            for (int k = l * 100; k < (l + 1) * 100; k++) f += wa.data()[k] * wa.data()[k];
            wn += Math.sqrt(f) / 4;
        }
        assertEquals(num(r.out(), "grad_norm"), Math.sqrt(gn), 1e-12 * Math.sqrt(gn));
        assertEquals(num(r.out(), "weight_norm_mean"), wn, 1e-12 * wn);
        assertTrue(num(r.out(), "weight_norm_mean") > 0.5, "training moved the weights away from W ≈ 0");
        var b = run("--depth", "4", "--shortcut", "2", "--weights", w.toString());
        assertEquals(num(r.out(), "loss"), num(b.out(), "loss"), 0.0);
        assertTrue(num(r.out(), "escape_epoch") >= 1);
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
                {"--shortcut: 2 does not divide --depth 5; allowed: 0 (plain) or a divisor of the depth", "--depth", "5", "--shortcut", "2", "--init", "zero"},
                {"--init: unknown value 'bogus'", "--depth", "4", "--shortcut", "2", "--init", "bogus"},
                {"--activation: unknown value 'sigmoid'", "--depth", "4", "--shortcut", "2", "--init", "zero", "--activation", "sigmoid"},
                {"--epochs: needs --lr", "--depth", "4", "--shortcut", "2", "--init", "zero", "--epochs", "5"},
                {"--init: missing", "--depth", "4", "--shortcut", "2"},
                {"--lr: -1.0 is not allowed; allowed: finite numbers > 0", "--depth", "4", "--shortcut", "2", "--init", "zero", "--epochs", "5", "--lr", "-1"},
                {"--path: 'moment' needs a linear network", "--depth", "4", "--shortcut", "2", "--init", "zero", "--activation", "relu", "--path", "moment"},
                {"Invalid value for option '--depth'", "--depth", "ten", "--shortcut", "2", "--init", "zero"},
                {"--weights: ", "--depth", "4", "--shortcut", "2", "--weights", dir.resolve("none.npy").toString()},
                {"--depth: 1000 gives P = 100000 parameters; allowed: depth ≤ 163 with the Hessian", "--depth", "1000", "--shortcut", "0", "--init", "zero"},
                {"--epochs: 2000000000 is not allowed; allowed: 0 to 100000000", "--depth", "2", "--shortcut", "0", "--init", "zero", "--epochs", "2000000000", "--lr", "0.1"},
                {"--seed: -1 is not allowed; allowed: integers ≥ 0", "--depth", "2", "--shortcut", "0", "--init", "zero", "--seed", "-1"},
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

    /** Case inspect-diverged-no-report: a divergence is reported (exit 0), not mistaken for bad input. */
    @Test
    void divergedTrainingIsReportedWithTheHessianSkipped() {
        for (String[] extra : new String[][] {{}, {"--eigen", "ejml"}, {"--path", "data"}}) {
            String[] args = {"--depth", "2", "--shortcut", "0", "--init", "xavier", "--epochs", "3", "--lr", "1e300"};
            String[] all = java.util.Arrays.copyOf(args, args.length + extra.length);
            System.arraycopy(extra, 0, all, args.length, extra.length);
            var r = run(all);
            assertEquals(0, r.code(), r.err());
            assertEquals("", r.err());
            assertTrue(r.out().contains("\"status\":\"diverged\",\"epochs_run\":1,\"diverged_epoch\":1,"), r.out());
            assertTrue(r.out().contains("\"hessian_skipped\":\"Hessian not computed: the loss is not finite (training "
                    + "diverged at epoch 1)\""), r.out());
            assertEquals(0.0, num(r.out(), "last_finite_epoch"));
            assertEquals(num(r.out(), "initial_loss"), num(r.out(), "last_finite_loss"));
            assertTrue(num(r.out(), "initial_loss") > 0);
            assertFalse(r.out().contains("\"cond\""), "no Hessian statistics at non-finite weights");
            // the non-finite loss is reported as a number, in the JSON policy's spelling (never null)
            assertTrue(Pattern.compile("\"loss\":\"(NaN|Infinity)\",\"grad_norm\":\"(NaN|Infinity)\"").matcher(r.out()).find(),
                    r.out());
        }
        var noHessian = run("--depth", "2", "--shortcut", "0", "--init", "xavier", "--epochs", "3", "--lr", "1e300", "--no-hessian");
        assertEquals(0, noHessian.code(), noHessian.err());
        assertTrue(noHessian.out().contains("\"diverged_epoch\":1"));
        assertFalse(noHessian.out().contains("hessian_skipped"), "nothing was asked, nothing skipped");
        // a finite but diverged state still gets its Hessian statistics
        var finite = run("--depth", "2", "--shortcut", "0", "--init", "xavier", "--epochs", "3", "--lr", "10");
        assertEquals(0, finite.code(), finite.err());
        assertTrue(finite.out().contains("\"status\":\"diverged\""), finite.out());
        assertTrue(finite.out().contains("\"cond\":"), finite.out());
    }

    /** The report keeps non-finite numbers as doubles (the JSON writer's policy decides their spelling), never null. */
    @Test
    void trainingReportKeepsNonFiniteLossesAsNumbers() {
        var tr = new org.resweep.core.train.Trajectory("diverged", 2, 2, new double[] {3.5, 7.25, Double.POSITIVE_INFINITY},
                new double[] {1, 2, Double.NaN}, java.util.List.of(), new double[] {1});
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        InspectCommand.putTraining(m, tr);
        assertEquals(java.util.List.of("status", "epochs_run", "diverged_epoch", "initial_loss", "last_finite_epoch",
                "last_finite_loss"), java.util.List.copyOf(m.keySet()));
        assertEquals(2, m.get("diverged_epoch"));
        assertEquals(1, m.get("last_finite_epoch"));
        assertEquals(7.25, m.get("last_finite_loss"));
        assertEquals("Hessian not computed: the loss is not finite (training diverged at epoch 2)",
                InspectCommand.nonFiniteState(new double[] {1}, Double.POSITIVE_INFINITY, 1, tr));
        assertEquals("Hessian not computed: the weights are not finite",
                InspectCommand.nonFiniteState(new double[] {Double.NaN}, 1, 1, null));
        assertEquals(null, InspectCommand.nonFiniteState(new double[] {1}, 1, 1, null));
    }

    /** An initialisation so large that the loss overflows: the same report, no eigen-solver error, exit 0. */
    @Test
    void hugeInitialisationIsReportedNotAnError() {
        var r = run("--depth", "2", "--shortcut", "0", "--init", "small", "--init-scale", "1e200");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"hessian_skipped\":\"Hessian not computed: the loss is not finite\""), r.out());
    }
}
