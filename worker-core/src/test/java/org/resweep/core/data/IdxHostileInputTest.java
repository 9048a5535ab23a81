package org.resweep.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IDX files that claim or expand to far more than they should (gzip bombs, sparse giant files, headers promising
 * gigabytes). Runs in the surefire execution {@code hostile-inputs-small-heap} (-Xmx256m): reading any of these
 * whole would throw OutOfMemoryError; the reader must stop one byte past what the header promises.
 */
class IdxHostileInputTest {
    @TempDir Path dir;

    @BeforeAll
    static void smallHeap() {
        Assumptions.assumeTrue(System.getProperty("resweep.smallHeap") != null, "runs in the small-heap execution");
        assertTrue(Runtime.getRuntime().maxMemory() <= 300L << 20, "heap " + Runtime.getRuntime().maxMemory());
    }

    /** gzip members of 16 MiB of zeros, concatenated {@code members} times (a valid multi-member gzip stream). */
    private static void appendZeroMembers(OutputStream out, int members) throws IOException {
        byte[] member = IdxFiles.gzip(new byte[16 << 20]);
        for (int i = 0; i < members; i++) out.write(member);
    }

    @Test
    void gzipBombIsRefusedWithoutInflatingIt() throws IOException {
        // 1000 28×28 images as promised, then 640 MiB of zeros more: 2.5 times the test heap.
        Path images = dir.resolve("bomb-images-idx3-ubyte");
        try (OutputStream out = Files.newOutputStream(images)) {
            out.write(IdxFiles.gzip(IdxFiles.images(1000, 28, 28, new byte[784_000])));
            appendZeroMembers(out, 40);
        }
        Path labels = IdxFiles.write(dir.resolve("bomb-labels-idx1-ubyte"), IdxFiles.labels(1000, new byte[1000]));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(images, labels));
        assertTrue(e.getMessage().startsWith(images + ": more than 67108864 unexpected bytes after the data: the header "
                + "promises count × rows × cols = 1000 × 28 × 28 = 784000 data bytes (784016 bytes in all); the file "
                + "decompresses to more than that"), e.getMessage());
        // the same through the data-set loader a spec or `inspect --data idx:...` uses
        String name = "idx:" + dir.resolve("bomb");
        assertThrows(DataFormatException.class, () -> Datasets.describe(name));
    }

    @Test
    void smallExcessAfterGzipIsCountedExactly() {
        byte[] im = IdxFiles.images(2, 3, 4, new byte[24]);
        byte[] longer = java.util.Arrays.copyOf(im, im.length + 1000);
        byte[] gz = IdxFiles.gzip(longer);
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.decompressIfGzip(gz, "mem"));
        assertTrue(e.getMessage().startsWith("mem: 1000 unexpected bytes after the data"), e.getMessage());
    }

    @Test
    void labelsBombIsRefusedToo() throws IOException {
        Path labels = dir.resolve("lb-labels-idx1-ubyte");
        try (OutputStream out = Files.newOutputStream(labels)) {
            out.write(IdxFiles.gzip(IdxFiles.labels(3, new byte[3])));
            appendZeroMembers(out, 40);
        }
        Path images = IdxFiles.write(dir.resolve("lb-images-idx3-ubyte"), IdxFiles.images(3, 2, 5, new byte[30]));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(images, labels));
        assertTrue(e.getMessage().startsWith(labels + ": more than 67108864 unexpected bytes after the data: the header "
                + "promises count = 3 = 3 data bytes"), e.getMessage());
    }

    @Test
    void hugeSparseRawFileIsMeasuredNotRead() throws IOException {
        Path images = dir.resolve("sparse-images-idx3-ubyte");
        IdxFiles.write(images, IdxFiles.images(2, 3, 4, new byte[24]));
        long size = 3L << 30; // 3 GiB, sparse: no disk space used
        try (RandomAccessFile f = new RandomAccessFile(images.toFile(), "rw")) {
            f.setLength(size);
        }
        Path labels = IdxFiles.write(dir.resolve("sparse-labels-idx1-ubyte"), IdxFiles.labels(2, new byte[2]));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(images, labels));
        assertTrue(e.getMessage().startsWith(images + ": " + (size - 40) + " unexpected bytes after the data"), e.getMessage());
    }

    @Test
    void headerPromisingHundredsOfMegabytesOfATinyGzipIsTruncatedNotAllocated() throws IOException {
        // 100,000 64×64 images = 409.6 MB promised (within the supported maximum), 1 MB present.
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.write(IdxFiles.images(100_000, 64, 64, new byte[1 << 20]));
        Path images = IdxFiles.write(dir.resolve("claim-images-idx3-ubyte"), IdxFiles.gzip(content.toByteArray()));
        Path labels = IdxFiles.write(dir.resolve("claim-labels-idx1-ubyte"), IdxFiles.labels(1, new byte[1]));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(images, labels));
        assertTrue(e.getMessage().contains("truncated: the header promises count × rows × cols = 100000 × 64 × 64 = "
                + "409600000 data bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("but the file has " + (16 + (1 << 20)) + " bytes"), e.getMessage());
    }

    @Test
    void headerBeyondTheSupportedSizeIsRefusedBeforeReading() throws IOException {
        // 600,000 64×64 images = 2.46e9 bytes > the 2^31-64 supported; the file is a gzip bomb behind the header.
        Path images = dir.resolve("big-images-idx3-ubyte");
        try (OutputStream out = Files.newOutputStream(images)) {
            out.write(IdxFiles.gzip(IdxFiles.images(600_000, 64, 64, new byte[0])));
            appendZeroMembers(out, 40);
        }
        Path labels = IdxFiles.write(dir.resolve("big-labels-idx1-ubyte"), IdxFiles.labels(1, new byte[1]));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(images, labels));
        assertEquals(images + ": count × rows × cols = 2457600000 pixel bytes; at most 2147483583 are supported (use "
                + "fewer samples)", e.getMessage());
    }

    @Test
    void twentyThousandEmptyGzipMembersAreReadIterativelyNotRecursively() throws IOException {
        // The JDK's GZIPInputStream recurses once per member: 20,000 empty members overflowed the stack.
        Path images = dir.resolve("members-images-idx3-ubyte");
        byte[][] data = IdxFiles.random(3, 4, 5, 7);
        byte[] empty = IdxFiles.gzip(new byte[0]);
        try (OutputStream out = Files.newOutputStream(images)) {
            out.write(IdxFiles.gzip(data[0]));
            for (int i = 0; i < 20_000; i++) out.write(empty);
        }
        Path labels = IdxFiles.write(dir.resolve("members-labels-idx1-ubyte"), data[1]);
        RawDigits d = IdxReader.read(images, labels);
        assertEquals(3, d.count());
        assertEquals(IdxReader.rawHash(data[0], data[1]), d.rawHash());
    }

    @Test
    void gzipThatInflatesFarBeyondRealImageDataIsRefusedEarly() throws IOException {
        // 100,000 28×28 images = 78.4 MB promised and present as 80 MiB of gzipped zeros (ratio ~1000:1).
        Path images = dir.resolve("ratio-images-idx3-ubyte");
        try (OutputStream out = Files.newOutputStream(images)) {
            out.write(IdxFiles.gzip(IdxFiles.images(100_000, 28, 28, new byte[0])));
            appendZeroMembers(out, 5);
        }
        Path labels = IdxFiles.write(dir.resolve("ratio-labels-idx1-ubyte"), IdxFiles.labels(100_000, new byte[100_000]));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(images, labels));
        assertTrue(e.getMessage().startsWith(images + ": gzip data decompresses to more than 100 times its compressed size"),
                e.getMessage());
        assertTrue(e.getMessage().contains("at most 100:1 is accepted"), e.getMessage());
    }

    @Test
    void smallGzipPromisingGigabytesOfZerosIsRefusedWithoutTheGigabytes() throws IOException {
        // Header 2,700,000 × 28 × 28 (2.1 GB, just under the byte limit), followed by that many zeros, gzipped in
        // pieces (the file is a few MB); formerly inflated whole → OutOfMemoryError.
        Path images = dir.resolve("bomb2-images-idx3-ubyte.gz");
        try (OutputStream out = Files.newOutputStream(images)) {
            out.write(IdxFiles.gzip(IdxFiles.images(2_700_000, 28, 28, new byte[0])));
            appendZeroMembers(out, 8);
        }
        Path labels = IdxFiles.write(dir.resolve("bomb2-labels-idx1-ubyte"), IdxFiles.labels(1, new byte[1]));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(images, labels));
        assertTrue(e.getMessage().startsWith(images + ": gzip data decompresses to more than 100 times"), e.getMessage());
    }

    @Test
    void rawFileLargerThanTheHeapCanHoldIsRefusedNotOutOfMemory() throws IOException {
        // 200,000 28×28 images = 156.8 MB, really present (sparse file): needs ~400 MiB of heap, the test has 256.
        Path images = dir.resolve("heap-images-idx3-ubyte");
        IdxFiles.write(images, IdxFiles.images(200_000, 28, 28, new byte[0]));
        try (RandomAccessFile f = new RandomAccessFile(images.toFile(), "rw")) {
            f.setLength(16 + 156_800_000L);
        }
        Path labels = IdxFiles.write(dir.resolve("heap-labels-idx1-ubyte"), IdxFiles.labels(1, new byte[1]));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(images, labels));
        assertTrue(e.getMessage().startsWith(images + ": the header promises 156800016 bytes (after decompression); "
                + "reading them needs about"), e.getMessage());
        assertTrue(e.getMessage().contains("RESWEEP_JAVA_OPTS=-Xmx"), e.getMessage());
    }

    @Test
    void garbageAfterTheLastGzipMemberIsRefused() {
        byte[][] data = IdxFiles.random(3, 4, 5, 7);
        byte[] gz = IdxFiles.gzip(data[0]);
        byte[] withGarbage = java.util.Arrays.copyOf(gz, gz.length + 5);
        withGarbage[gz.length] = 'x';
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.decompressIfGzip(withGarbage, "mem"));
        assertEquals("mem: bytes after the last gzip member are not gzip data; allowed: gzip members only (remove the "
                + "trailing bytes)", e.getMessage());
    }
}
