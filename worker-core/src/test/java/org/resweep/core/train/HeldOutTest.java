package org.resweep.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.resweep.core.data.Dataset;
import org.resweep.core.data.Datasets;
import org.resweep.core.data.RawDigits;
import org.resweep.core.loss.DataPath;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.NetworkSpec;

/** The embedded sample's train/test split, whitening fitted on the training part only, and test loss/accuracy of runs. */
class HeldOutTest {

    @Test
    void splitIsDisjointAndCoversTheSample() {
        RawDigits all = Datasets.readRaw(Datasets.EMBEDDED), tr = Datasets.readRaw(Datasets.EMBEDDED_TRAIN),
                te = Datasets.readRaw(Datasets.EMBEDDED_TEST);
        assertEquals(8000, tr.count());
        assertEquals(2000, te.count());
        // Digit i of the sample is test digit i / 5 when i mod 5 = 4, else training digit i − ⌊(i + 1) / 5⌋.
        int ppi = all.pixelsPerImage();
        for (int i = 0; i < all.count(); i++) {
            boolean held = i % 5 == 4;
            int k = held ? i / 5 : i - (i + 1) / 5;
            byte[] want = Arrays.copyOfRange(all.pixels(), i * ppi, (i + 1) * ppi);
            byte[] got = Arrays.copyOfRange((held ? te : tr).pixels(), k * ppi, (k + 1) * ppi);
            assertArrayEquals(want, got, "digit " + i);
            assertEquals(all.labels()[i], (held ? te : tr).labels()[k]);
        }
        for (int c : te.classCounts()) assertTrue(c > 100, "every class is held out: " + Arrays.toString(te.classCounts()));
        assertNotEquals(tr.rawHash(), te.rawHash());
    }

    @Test
    void heldOutSetIsWhitenedWithTheTrainingFit() {
        Dataset train = Datasets.load(Datasets.EMBEDDED_TRAIN), test = Datasets.loadHeldOut(Datasets.EMBEDDED_TEST, Datasets.EMBEDDED_TRAIN);
        assertEquals(2000, test.n());
        // The training set is white by construction; the held-out set, whitened with the training fit, is not exactly.
        assertEquals(1.0, secondMoment(train, 0), 1e-9);
        double m = secondMoment(test, 0);
        assertTrue(Math.abs(m - 1) > 1e-6 && Math.abs(m - 1) < 0.5, "test E[x₀²] = " + m);
        // Its own fit would have made it white: the held-out set is not whitened by itself.
        assertEquals(1.0, secondMoment(Datasets.load(Datasets.EMBEDDED_TEST), 0), 1e-9);
    }

    private static double secondMoment(Dataset ds, int q) {
        double s = 0;
        for (int i = 0; i < ds.n(); i++) s += ds.x()[q * ds.n() + i] * ds.x()[q * ds.n() + i];
        return s / ds.n();
    }

    @Test
    void runsRecordTestLossAndAccuracyOfTheirFinalWeights() {
        NetworkSpec net = NetworkSpec.linear(4, 2, 10);
        RunConfig cfg = new RunConfig(Datasets.EMBEDDED_TRAIN, net, InitKind.SMALL, 0.01, 0.2, 200, 0, HessianSchedule.INIT_AND_END,
                false, true, Datasets.EMBEDDED_TEST);
        assertTrue(cfg.canonical().endsWith(";weights=true;test=mnist10k:test;replicate=0"), cfg.canonical());
        RunResult r = Runner.run(cfg);
        assertEquals(RunResult.OK, r.status(), r.message());
        double[] w = r.checkpoints().get(r.checkpoints().size() - 1).weights();
        Dataset test = Datasets.loadHeldOut(Datasets.EMBEDDED_TEST, Datasets.EMBEDDED_TRAIN);
        assertEquals(new DataPath(net, test).loss(w), r.testLoss(), 0.0, "the data-path loss on the held-out set");
        // Accuracy by an independent forward pass: f(x) = Π_k (I + W2 W1) x for a 2-shortcut linear network.
        int correct = 0;
        for (int i = 0; i < test.n(); i++) {
            double[] u = new double[10];
            for (int q = 0; q < 10; q++) u[q] = test.x()[q * test.n() + i];
            for (int k = 0; k < 2; k++) {
                double[] h = matVec(w, 2 * k, u), z = matVec(w, 2 * k + 1, h);
                for (int q = 0; q < 10; q++) u[q] += z[q];
            }
            int best = 0, label = 0;
            for (int q = 1; q < 10; q++) {
                if (u[q] > u[best]) best = q;
                if (test.y()[q * test.n() + i] > test.y()[label * test.n() + i]) label = q;
            }
            if (best == label) correct++;
        }
        assertEquals(correct / 2000.0, r.testAccuracy(), 0.0);
        assertTrue(r.testAccuracy() > 0.5, "a trained linear map classifies MNIST-PCA10 far above chance: " + r.testAccuracy());
        RunResult none = Runner.run(new RunConfig(Datasets.EMBEDDED_TRAIN, net, InitKind.SMALL, 0.01, 0.2, 5, 0, HessianSchedule.NONE, false));
        assertTrue(Double.isNaN(none.testLoss()) && Double.isNaN(none.testAccuracy()));
    }

    /** W[l]·v, W column-major at offset l·100. */
    private static double[] matVec(double[] w, int l, double[] v) {
        double[] out = new double[10];
        for (int j = 0; j < 10; j++)
            for (int i = 0; i < 10; i++) out[i] += w[l * 100 + j * 10 + i] * v[j];
        return out;
    }
}
