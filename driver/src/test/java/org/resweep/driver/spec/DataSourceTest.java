package org.resweep.driver.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data check runs the loader's own validation (Datasets.describe) and reports its problem under the spec
 * path; these tests check that the path, the data name, the file and the problem all reach the message.
 */
class DataSourceTest {
    static final String ALLOWED = "; allowed: " + DataSource.ALLOWED;

    /** An IDX file: magic, dims, then prod(dims) bytes from {@code fill}. */
    static byte[] idx(int magic, int[] dims, int fill) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeInt(magic);
            for (int d : dims) out.writeInt(d);
            long body = 1;
            for (int d : dims) body *= d;
            for (long i = 0; i < body; i++) out.write((int) ((i * 37 + fill) % (fill == 0 ? 256 : 10)));
        }
        return b.toByteArray();
    }

    static void write(Path p, byte[] bytes, boolean gz) throws IOException {
        try (OutputStream raw = Files.newOutputStream(p); OutputStream out = gz ? new GZIPOutputStream(raw) : raw) {
            out.write(bytes);
        }
    }

    static SpecException fails(String name, String path) {
        return assertThrows(SpecException.class, () -> DataSource.check(name, path));
    }

    @Test
    void mnist10kIsTheEmbeddedSample() {
        assertEquals(new DataSource("mnist10k", 10_000), DataSource.check("mnist10k", "data"));
    }

    @Test
    void idxFilesPlainAndGzipped(@TempDir Path dir) throws IOException {
        write(dir.resolve("a-images-idx3-ubyte"), idx(0x803, new int[] {30, 4, 4}, 0), false);
        write(dir.resolve("a-labels-idx1-ubyte.gz"), idx(0x801, new int[] {30}, 3), true);
        String name = "idx:" + dir.resolve("a");
        assertEquals(new DataSource(name, 30), DataSource.check(name, "data"));
    }

    @Test
    void unknownNameOrEmptyPrefix() {
        assertEquals("data: 'cifar10' is not allowed" + ALLOWED, fails("cifar10", "data").getMessage());
        assertEquals("data[2]: 'idx:' is not allowed" + ALLOWED, fails("idx:", "data[2]").getMessage());
    }

    @Test
    void wrongMagicNamesTheFile(@TempDir Path dir) throws IOException {
        write(dir.resolve("a-images-idx3-ubyte"), idx(0x801, new int[] {30}, 3), false);
        write(dir.resolve("a-labels-idx1-ubyte"), idx(0x801, new int[] {30}, 3), false);
        String name = "idx:" + dir.resolve("a");
        String m = fails(name, "data").getMessage();
        assertTrue(m.startsWith("data: '" + name + "' is not usable: "), m);
        assertTrue(m.contains(dir.resolve("a-images-idx3-ubyte") + ": magic number = 0x00000801"), m);
        assertTrue(m.endsWith(ALLOWED), m);
    }

    @Test
    void countMismatchIsReported(@TempDir Path dir) throws IOException {
        write(dir.resolve("a-images-idx3-ubyte"), idx(0x803, new int[] {30, 4, 4}, 0), false);
        write(dir.resolve("a-labels-idx1-ubyte"), idx(0x801, new int[] {31}, 3), false);
        String m = fails("idx:" + dir.resolve("a"), "data[0]").getMessage();
        assertTrue(m.startsWith("data[0]: 'idx:" + dir.resolve("a") + "' is not usable: sample counts differ"), m);
    }

    @Test
    void truncatedFileIsReported(@TempDir Path dir) throws IOException {
        byte[] full = idx(0x803, new int[] {30, 4, 4}, 0);
        write(dir.resolve("a-images-idx3-ubyte"), Arrays.copyOf(full, full.length - 5), false);
        write(dir.resolve("a-labels-idx1-ubyte"), idx(0x801, new int[] {30}, 3), false);
        String m = fails("idx:" + dir.resolve("a"), "data").getMessage();
        assertTrue(m.contains(dir.resolve("a-images-idx3-ubyte") + ": truncated"), m);
    }

    @Test
    void missingFilesAreNamed(@TempDir Path dir) throws IOException {
        write(dir.resolve("a-images-idx3-ubyte"), idx(0x803, new int[] {30, 4, 4}, 0), false);
        String m = fails("idx:" + dir.resolve("a"), "data").getMessage();
        assertTrue(m.contains("no labels file found; tried " + dir.resolve("a") + "-labels-idx1-ubyte, "), m);
    }
}
