package org.resweep.core.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.core.util.Npy;
import org.resweep.core.util.NumpyProcess;

/**
 * Cross-check of the whole preprocessing against a second implementation in NumPy ({@code numpy.linalg.eigh},
 * float64 two-pass covariance of pixels scaled to [0, 1]), skipped when {@code /usr/bin/python3} has no numpy.
 */
class WhiteningNumpyTest {
    @TempDir Path dir;

    static final String SCRIPT = String.join("\n",
            "import gzip, sys, numpy as np",
            "im = gzip.open('images.gz').read(); lb = gzip.open('labels.gz').read()",
            "b = np.frombuffer(im, dtype=np.uint8, offset=16).reshape(-1, 784).astype(np.float64) / 255.0",
            "labels = np.frombuffer(lb, dtype=np.uint8, offset=8)",
            "mu = b.mean(axis=0); c = (b - mu).T @ (b - mu) / len(b)",
            "w, v = np.linalg.eigh(c)",
            "order = np.argsort(-w, kind='stable')[:10]; w = w[order]; v = v[:, order]",
            "for k in range(10):",
            "    j = int(np.argmax(np.abs(v[:, k])))",
            "    if v[j, k] < 0: v[:, k] = -v[:, k]",
            "x = ((b - mu) @ v / np.sqrt(w)).T   # 10 x N, feature-major",
            "y = np.zeros((10, len(labels))); y[labels, np.arange(len(labels))] = 1",
            "xj = np.load('x.npy'); yj = np.load('y.npy')",
            "print(float(np.max(np.abs(x - xj))), float(np.max(np.abs(y - yj))))");

    private Path resource(String name, String as) throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(Datasets.RESOURCE_DIR + name)) {
            return Files.write(dir.resolve(as), in.readAllBytes());
        }
    }

    @Test
    void matchesNumpyPca() throws Exception {
        Assumptions.assumeTrue(NumpyProcess.available(), "/usr/bin/python3 with numpy is not available");
        Dataset ds = Datasets.load("mnist10k");
        resource("mnist10k-images-idx3-ubyte.gz", "images.gz");
        resource("mnist10k-labels-idx1-ubyte.gz", "labels.gz");
        Npy.write(dir.resolve("x.npy"), ds.x(), ds.d(), ds.n());
        Npy.write(dir.resolve("y.npy"), ds.y(), ds.d(), ds.n());
        String[] out = NumpyProcess.run(dir, SCRIPT).split(" ");
        double dx = Double.parseDouble(out[0]), dy = Double.parseDouble(out[1]);
        assertTrue(dx < DataTolerances.SECOND_IMPLEMENTATION, "max |x_java − x_numpy| = " + dx);
        assertTrue(dy == 0.0, "one-hot targets must agree exactly, max diff " + dy);
    }
}
