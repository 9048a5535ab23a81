package org.resweep.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tiny .npy files whose headers declare billions of values. Runs with -Xmx256m (surefire execution
 * {@code hostile-inputs-small-heap}): allocating what the header declares would throw OutOfMemoryError.
 */
class NpyHostileInputTest {
    @TempDir Path dir;

    @BeforeAll
    static void smallHeap() {
        Assumptions.assumeTrue(System.getProperty("resweep.smallHeap") != null, "runs in the small-heap execution");
        assertTrue(Runtime.getRuntime().maxMemory() <= 300L << 20, "heap " + Runtime.getRuntime().maxMemory());
    }

    /** A version-1.0 .npy: the preamble {@link Npy#header} writes for {@code shape}, then {@code data}. */
    private Path npy(String name, byte[] data, int... shape) throws IOException {
        byte[] h = Npy.header(shape);
        byte[] all = Arrays.copyOf(h, h.length + data.length);
        System.arraycopy(data, 0, all, h.length, data.length);
        return Files.write(dir.resolve(name), all);
    }

    @Test
    void hugeDeclaredShapeIsComparedWithTheFileLengthFirst() throws IOException {
        Path f = npy("hugeshape.npy", new byte[16], 20_000_000, 10, 10);
        BadInputException e = assertThrows(BadInputException.class, () -> Npy.read(f));
        assertEquals(f + ": truncated: shape [20000000, 10, 10] needs 16000000000 data bytes after the header; the file "
                + "has 16", e.getMessage());
        Path one = npy("hugeshape1d.npy", new byte[0], (int) Npy.MAX_VALUES);
        assertTrue(assertThrows(BadInputException.class, () -> Npy.read(one)).getMessage()
                .contains("needs " + Npy.MAX_VALUES * 8 + " data bytes"));
    }

    @Test
    void headerOnlyReadGivesTheShapeWithoutTheData() throws IOException {
        Path f = npy("h.npy", new byte[0], 20_000_000, 10, 10);
        assertArrayEqualsInt(new int[] {20_000_000, 10, 10}, Npy.readHeader(f).shape());
        assertEquals(16_000_000_000L, Npy.readHeader(f).dataBytes());
    }

    @Test
    void moreValuesThanAnArrayHoldsAreRefusedByTheHeader() throws IOException {
        Path f = npy("over.npy", new byte[0], 100_000, 100_000);
        BadInputException e = assertThrows(BadInputException.class, () -> Npy.read(f));
        assertEquals(f + ": shape [100000, 100000] has 10000000000 values; at most " + Npy.MAX_VALUES
                + " are supported", e.getMessage());
        // beyond the internal count's saturation (8 × Integer.MAX_VALUE): still the exact number (review7 F11)
        Path g = npy("over2.npy", new byte[0], 300_000_000, 10, 10);
        assertEquals(g + ": shape [300000000, 10, 10] has 30000000000 values; at most " + Npy.MAX_VALUES + " are supported",
                assertThrows(BadInputException.class, () -> Npy.read(g)).getMessage());
        Path h = npy("over3.npy", new byte[0], 2_000_000_000, 2_000_000_000, 10);
        assertEquals(h + ": shape [2000000000, 2000000000, 10] has 40000000000000000000 values; at most " + Npy.MAX_VALUES
                + " are supported", assertThrows(BadInputException.class, () -> Npy.read(h)).getMessage());
    }

    @Test
    void streamsOfUnknownLengthGrowWithTheDataPresent() {
        byte[] h = Npy.header(200_000_000);
        byte[] all = Arrays.copyOf(h, h.length + 800);
        String msg = assertThrows(BadInputException.class,
                () -> Npy.read(new ByteArrayInputStream(all), "stream")).getMessage();
        assertTrue(msg.startsWith("stream: truncated: shape [200000000] needs 1600000000 data bytes"), msg);
    }

    @Test
    void hugeHeaderLengthIsRefused() throws IOException {
        byte[] pre = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
        Path f = Files.write(dir.resolve("hdr.npy"), pre);
        String msg = assertThrows(BadInputException.class, () -> Npy.read(f)).getMessage();
        assertEquals(f + ": header length 2147483647 is not allowed; at most 65536 bytes", msg);
        assertTrue(new String(pre, StandardCharsets.ISO_8859_1).startsWith("\u0093NUMPY"));
    }

    private static void assertArrayEqualsInt(int[] a, int[] b) { assertTrue(Arrays.equals(a, b), Arrays.toString(b)); }
}
