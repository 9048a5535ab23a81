package org.resweep.core.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.resweep.core.util.DeterministicRandom;

/** Builds IDX payloads and files for tests. */
final class IdxFiles {
    private IdxFiles() {}

    static byte[] images(int count, int rows, int cols, byte[] pixels) {
        return ByteBuffer.allocate(16 + pixels.length).putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows)
                .putInt(cols).put(pixels).array();
    }

    static byte[] labels(int count, byte[] labels) {
        return ByteBuffer.allocate(8 + labels.length).putInt(IdxReader.LABELS_MAGIC).putInt(count).put(labels).array();
    }

    /** Random images whose pixels are uniform bytes (full rank for count > rows·cols), labels i mod 10. */
    static byte[][] random(int count, int rows, int cols, long seed) {
        DeterministicRandom r = new DeterministicRandom(seed);
        byte[] px = new byte[count * rows * cols];
        for (int i = 0; i < px.length; i++) px[i] = (byte) (r.nextLong() >>> 56);
        byte[] lab = new byte[count];
        for (int i = 0; i < count; i++) lab[i] = (byte) (i % 10);
        return new byte[][] {images(count, rows, cols, px), labels(count, lab)};
    }

    static byte[] gzip(byte[] b) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
                gz.write(b);
            }
            return bos.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Path write(Path file, byte[] content) {
        try {
            return Files.write(file, content);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
