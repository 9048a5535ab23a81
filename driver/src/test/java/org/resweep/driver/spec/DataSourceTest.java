package org.resweep.driver.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data check reads IDX headers: present, readable, right magic numbers, matching counts. */
class DataSourceTest {
    static final String ALLOWED = "; allowed: " + DataSource.ALLOWED;

    static byte[] idx(int magic, int... dims) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeInt(magic);
            for (int d : dims) out.writeInt(d);
            long body = 1;
            for (int d : dims) body *= d;
            out.write(new byte[(int) body]);
        }
        return b.toByteArray();
    }

    static void write(Path p, byte[] bytes, boolean gz) throws IOException {
        try (OutputStream raw = Files.newOutputStream(p); OutputStream out = gz ? new GZIPOutputStream(raw) : raw) {
            out.write(bytes);
        }
    }

    @Test
    void mnist10kNeedsNoFiles() {
        assertEquals(new DataSource("mnist10k", 10_000), DataSource.check("mnist10k", "data"));
    }

    @Test
    void idxFilesPlainAndGzipped(@TempDir Path dir) throws IOException {
        write(dir.resolve("a-images-idx3-ubyte"), idx(0x803, 3, 28, 28), false);
        write(dir.resolve("a-labels-idx1-ubyte.gz"), idx(0x801, 3), true);
        assertEquals(new DataSource("idx:" + dir.resolve("a"), 3), DataSource.check("idx:" + dir.resolve("a"), "data"));
    }

    @Test
    void wrongMagicIsUnreadable(@TempDir Path dir) throws IOException {
        write(dir.resolve("a-images-idx3-ubyte"), idx(0x801, 3), false);
        write(dir.resolve("a-labels-idx1-ubyte"), idx(0x801, 3), false);
        String name = "idx:" + dir.resolve("a");
        SpecException e = assertThrows(SpecException.class, () -> DataSource.check(name, "data"));
        assertEquals("data: '" + name + "' is not readable: " + dir.resolve("a-images-idx3-ubyte")
                + " is not an IDX image file (magic 2049)" + ALLOWED, e.getMessage());
    }

    @Test
    void countMismatchIsUnreadable(@TempDir Path dir) throws IOException {
        write(dir.resolve("a-images-idx3-ubyte"), idx(0x803, 3, 2, 5), false);
        write(dir.resolve("a-labels-idx1-ubyte"), idx(0x801, 4), false);
        String name = "idx:" + dir.resolve("a");
        SpecException e = assertThrows(SpecException.class, () -> DataSource.check(name, "data[0]"));
        assertEquals("data[0]: '" + name + "' is not readable: " + dir.resolve("a-images-idx3-ubyte") + " holds 3 images but "
                + dir.resolve("a-labels-idx1-ubyte") + " 4 labels" + ALLOWED, e.getMessage());
    }

    @Test
    void truncatedFileIsUnreadable(@TempDir Path dir) throws IOException {
        write(dir.resolve("a-images-idx3-ubyte"), new byte[] {0, 0, 8}, false);
        write(dir.resolve("a-labels-idx1-ubyte"), idx(0x801, 3), false);
        String name = "idx:" + dir.resolve("a");
        SpecException e = assertThrows(SpecException.class, () -> DataSource.check(name, "data"));
        assertEquals("data: '" + name + "' is not readable: " + dir.resolve("a-images-idx3-ubyte")
                + " cannot be read as IDX (EOFException)" + ALLOWED, e.getMessage());
    }

    @Test
    void missingLabelsAreNamed(@TempDir Path dir) throws IOException {
        write(dir.resolve("a-images-idx3-ubyte"), idx(0x803, 3, 2, 5), false);
        String name = "idx:" + dir.resolve("a");
        SpecException e = assertThrows(SpecException.class, () -> DataSource.check(name, "data"));
        String base = dir.resolve("a") + "-labels-idx1-ubyte";
        assertEquals("data: '" + name + "' is not readable: neither " + base + " nor " + base + ".gz exists" + ALLOWED,
                e.getMessage());
    }
}
