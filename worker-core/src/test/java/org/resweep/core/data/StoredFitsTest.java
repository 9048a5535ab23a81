package org.resweep.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoredFitsTest {
    static void assertSameBits(WhiteningFit want, WhiteningFit got, String what) {
        assertEquals(want.pixels(), got.pixels(), what);
        // assertArrayEquals on doubles compares Double.doubleToLongBits: -0.0 ≠ 0.0
        assertArrayEquals(want.mean(), got.mean(), what + " mean");
        assertArrayEquals(want.basis(), got.basis(), what + " basis");
        assertArrayEquals(want.eigenvalues(), got.eigenvalues(), what + " eigenvalues");
        assertArrayEquals(want.scales(), got.scales(), what + " scales");
        assertEquals(Double.doubleToRawLongBits(want.totalVariance()), Double.doubleToRawLongBits(got.totalVariance()), what);
    }

    /** The build stored the fits of the three embedded sets, and each is Whitening.fit's, bit for bit. */
    @Test
    void storedFitsAreTheComputedOnes() {
        Map<String, WhiteningFit> stored = StoredFits.stored();
        Set<String> hashes = new HashSet<>();
        for (String name : StoredFits.STORED) {
            RawDigits raw = Datasets.readRaw(name);
            hashes.add(raw.rawHash());
            WhiteningFit s = stored.get(raw.rawHash());
            assertNotNull(s, name + ": no stored fit (the build runs StoredFits.main at process-classes)");
            assertSameBits(Whitening.fit(raw), s, name);
            assertSameBits(s, StoredFits.fit(raw), name + " via StoredFits.fit");
            assertSameBits(s, Datasets.prepare(name).fit(), name + " via Datasets.prepare");
        }
        assertEquals(hashes, stored.keySet());
    }

    /** Other images are fitted, not looked up. */
    @Test
    void otherImagesAreFitted() {
        RawDigits all = Datasets.readRaw(Datasets.EMBEDDED);
        int n = 500, d = all.pixelsPerImage();
        byte[] px = java.util.Arrays.copyOf(all.pixels(), n * d), lab = java.util.Arrays.copyOf(all.labels(), n);
        RawDigits part = new RawDigits("part", "part", n, all.rows(), all.cols(), px, lab, "not-stored");
        assertSameBits(Whitening.fit(part), StoredFits.fit(part), "500 digits");
    }

    @Test
    void writeReadRoundTripAndRejectsOtherFiles() throws IOException {
        WhiteningFit f = new WhiteningFit(2, new double[] {0.5, -0.0}, new double[] {Double.MIN_VALUE, -1.0 / 3},
                new double[] {7.25}, new double[] {1 / Math.sqrt(7.25)}, 9.5);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StoredFits.write(Map.of("h", f), out);
        Map<String, WhiteningFit> back = StoredFits.read(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(Set.of("h"), back.keySet());
        assertSameBits(f, back.get("h"), "round trip");
        byte[] longer = java.util.Arrays.copyOf(out.toByteArray(), out.size() + 1);
        assertThrows(IOException.class, () -> StoredFits.read(new ByteArrayInputStream(longer)));
        assertThrows(IOException.class, () -> StoredFits.read(new ByteArrayInputStream(new byte[] {0, 3, 'a', 'b', 'c'})));
    }
}
