package org.resweep.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.core.util.Hashing;

class IdxReaderTest {
    @TempDir Path dir;

    private static final byte[] PIX = {
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
        (byte) 255, (byte) 254, 13, 14, 15, 16, 17, 18, 19, 20, 21, (byte) 128};

    private Path img(String name, byte[] content) { return IdxFiles.write(dir.resolve(name), content); }

    private static void assertMessage(Throwable e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), () -> "message lacks '" + p + "': " + e.getMessage());
    }

    @Test
    void readsRawFiles() {
        byte[] im = IdxFiles.images(2, 3, 4, PIX), lb = IdxFiles.labels(2, new byte[] {7, 0});
        RawDigits r = IdxReader.read(img("a-images-idx3-ubyte", im), img("a-labels-idx1-ubyte", lb));
        assertEquals(2, r.count());
        assertEquals(3, r.rows());
        assertEquals(4, r.cols());
        assertArrayEquals(PIX, r.pixels());
        assertArrayEquals(new byte[] {7, 0}, r.labels());
        byte[] both = Arrays.copyOf(im, im.length + lb.length);
        System.arraycopy(lb, 0, both, im.length, lb.length);
        assertEquals(Hashing.sha256Hex(both), r.rawHash());
        assertEquals(1, r.classCounts()[7]);
    }

    @Test
    void detectsGzipByContentNotName() {
        byte[] im = IdxFiles.images(2, 3, 4, PIX), lb = IdxFiles.labels(2, new byte[] {7, 0});
        RawDigits raw = IdxReader.read(img("r-i", im), img("r-l", lb));
        // gzip content under a plain name, plain content under a .gz name
        RawDigits mixed = IdxReader.read(img("g-i", IdxFiles.gzip(im)), img("g-l.gz", lb));
        assertArrayEquals(raw.pixels(), mixed.pixels());
        assertArrayEquals(raw.labels(), mixed.labels());
        assertEquals(raw.rawHash(), mixed.rawHash(), "hash is of the decompressed bytes");
    }

    @Test
    void labelsFilePassedAsImages() {
        Path lab = img("l", IdxFiles.labels(2, new byte[] {1, 2}));
        Path lab2 = img("l2", IdxFiles.labels(2, new byte[] {1, 2}));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(lab, lab2));
        assertMessage(e, lab.toString(), "magic number = 0x00000801", "expected 0x00000803", "swapped");
    }

    @Test
    void imagesFilePassedAsLabels() {
        Path im = img("i", IdxFiles.images(2, 3, 4, PIX));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(im, im));
        assertMessage(e, "magic number = 0x00000803", "expected 0x00000801", "labels");
    }

    @Test
    void notIdxAtAll() {
        Path junk = img("junk", "hello, this is text and not IDX".getBytes());
        Path lab = img("l", IdxFiles.labels(2, new byte[] {1, 2}));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(junk, lab));
        assertMessage(e, junk.toString(), "not an IDX file");
    }

    @Test
    void truncatedImages() {
        byte[] im = IdxFiles.images(2, 3, 4, PIX);
        Path cut = img("i", Arrays.copyOf(im, im.length - 5));
        Path lab = img("l", IdxFiles.labels(2, new byte[] {1, 2}));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(cut, lab));
        assertMessage(e, cut.toString(), "truncated", "2 × 3 × 4 = 24", "35 bytes");
    }

    @Test
    void truncatedHeader() {
        Path cut = img("i", Arrays.copyOf(IdxFiles.images(2, 3, 4, PIX), 10));
        Path lab = img("l", IdxFiles.labels(2, new byte[] {1, 2}));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(cut, lab));
        assertMessage(e, cut.toString(), "10 bytes", "16-byte header");
    }

    @Test
    void truncatedGzip() {
        byte[] gz = IdxFiles.gzip(IdxFiles.images(2, 3, 4, PIX));
        Path cut = img("i.gz", Arrays.copyOf(gz, gz.length - 12));
        Path lab = img("l", IdxFiles.labels(2, new byte[] {1, 2}));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(cut, lab));
        assertMessage(e, cut.toString(), "gzip", "truncated");
    }

    @Test
    void trailingBytes() {
        byte[] lb = IdxFiles.labels(2, new byte[] {1, 2});
        Path im = img("i", IdxFiles.images(2, 3, 4, PIX));
        Path lab = img("l", Arrays.copyOf(lb, lb.length + 3));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(im, lab));
        assertMessage(e, lab.toString(), "3 unexpected bytes");
    }

    @Test
    void countMismatch() {
        Path im = img("i", IdxFiles.images(2, 3, 4, PIX));
        Path lab = img("l", IdxFiles.labels(3, new byte[] {1, 2, 3}));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(im, lab));
        assertMessage(e, im.toString(), lab.toString(), "count = 2", "count = 3", "must be equal");
    }

    @Test
    void tooFewPixels() {
        Path im = img("i", IdxFiles.images(2, 3, 3, Arrays.copyOf(PIX, 18)));
        Path lab = img("l", IdxFiles.labels(2, new byte[] {1, 2}));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(im, lab));
        assertMessage(e, im.toString(), "3 × 3 = 9", "at least 10");
    }

    @Test
    void zeroCountAndZeroRows() {
        Path lab = img("l", IdxFiles.labels(2, new byte[] {1, 2}));
        Path zeroCount = img("i0", IdxFiles.images(0, 3, 4, new byte[0]));
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.read(zeroCount, lab)),
                "count = 0", "must be ≥ 1");
        Path zeroRows = img("ir", IdxFiles.images(2, 0, 4, new byte[0]));
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.read(zeroRows, lab)),
                "rows = 0", "must be ≥ 1");
    }

    @Test
    void labelOutOfRange() {
        Path im = img("i", IdxFiles.images(2, 3, 4, PIX));
        Path lab = img("l", IdxFiles.labels(2, new byte[] {1, (byte) 200}));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(im, lab));
        assertMessage(e, lab.toString(), "sample 1", "is 200", "0..9");
    }

    @Test
    void missingFile() {
        Path lab = img("l", IdxFiles.labels(2, new byte[] {1, 2}));
        Path none = dir.resolve("nope-images-idx3-ubyte");
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(none, lab));
        assertMessage(e, none.toString(), "no such file");
    }

    @Test
    void errorsAreIllegalArgumentExceptions() {
        assertTrue(IllegalArgumentException.class.isAssignableFrom(DataFormatException.class));
    }
}
