package org.resweep.core.data;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.resweep.core.util.Hashing;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST, raw or gzip-compressed (recognised by the gzip magic bytes
 * {@code 1f 8b}, never by the file name).
 *
 * <p>Images ({@code idx3}): big-endian header {@code magic = 0x00000803, count, rows, cols}, then
 * {@code count · rows · cols} unsigned bytes. Labels ({@code idx1}): {@code magic = 0x00000801, count}, then
 * {@code count} bytes in 0..9. Every deviation — wrong magic, bad dimension, truncated or over-long file,
 * mismatched counts, label out of range — is a {@link DataFormatException} naming the file, the field, the
 * value and what is allowed.
 */
public final class IdxReader {
    /** Magic number of an unsigned-byte, three-dimensional IDX file (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an unsigned-byte, one-dimensional IDX file (labels). */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Fewest pixels an image may have: the PCA keeps {@link Whitening#K} components. */
    public static final int MIN_PIXELS = Whitening.K;
    /** Most pixels an image may have: the PCA solves a dense (rows·cols)² eigenproblem (4096: about a minute). */
    public static final int MAX_PIXELS = 4096;
    static final int IMAGES_HEADER = 16;
    static final int LABELS_HEADER = 8;
    /** Largest pixel payload a Java byte array holds (a few bytes below Integer.MAX_VALUE, VM-dependent). */
    static final long MAX_BYTES = Integer.MAX_VALUE - 64;

    private IdxReader() {}

    /** Reads and validates an images file and its labels file. */
    public static RawDigits read(Path images, Path labels) {
        return parse(readPayload(images), images.toString(), readPayload(labels), labels.toString());
    }

    /**
     * Validates decompressed IDX payloads (headers included) and returns their content.
     *
     * @param images decompressed images file. Not modified.
     * @param labels decompressed labels file. Not modified.
     */
    public static RawDigits parse(byte[] images, String imagesSource, byte[] labels, String labelsSource) {
        int[] dims = imagesHeader(images, imagesSource);
        int count = labelsHeader(labels, labelsSource);
        if (dims[0] != count) {
            throw new DataFormatException("sample counts differ: images file " + imagesSource + " has count = "
                    + dims[0] + " but labels file " + labelsSource + " has count = " + count
                    + "; they must be equal (pair files of the same set, e.g. train-images with train-labels)");
        }
        byte[] lab = java.util.Arrays.copyOfRange(labels, LABELS_HEADER, labels.length);
        for (int i = 0; i < lab.length; i++) {
            int v = lab[i] & 0xFF;
            if (v >= RawDigits.CLASSES) {
                throw new DataFormatException(labelsSource + ": label of sample " + i + " is " + v
                        + "; allowed labels are 0.." + (RawDigits.CLASSES - 1));
            }
        }
        byte[] pix = java.util.Arrays.copyOfRange(images, IMAGES_HEADER, images.length);
        return new RawDigits(imagesSource, labelsSource, count, dims[1], dims[2], pix, lab, rawHash(images, labels));
    }

    /** {@code rawHash}: hex SHA-256 of the decompressed images file followed by the decompressed labels file. */
    public static String rawHash(byte[] images, byte[] labels) {
        MessageDigest md = Hashing.sha256();
        md.update(images);
        md.update(labels);
        return HexFormat.of().formatHex(md.digest());
    }

    /** Validates an images header and the file length; returns {count, rows, cols}. */
    static int[] imagesHeader(byte[] b, String src) {
        if (b.length >= 4) checkMagic(readInt(b, 0), IMAGES_MAGIC, src, "images", "0x00000801 is a labels (idx1) file: were images and labels swapped?");
        requireHeader(b, IMAGES_HEADER, src, "images (idx3)");
        int count = readInt(b, 4), rows = readInt(b, 8), cols = readInt(b, 12);
        requirePositive(count, "count", src);
        requirePositive(rows, "rows", src);
        requirePositive(cols, "cols", src);
        long pixels = (long) rows * cols;
        if (pixels < MIN_PIXELS) {
            throw new DataFormatException(src + ": rows × cols = " + rows + " × " + cols + " = " + pixels
                    + " pixels per image; at least " + MIN_PIXELS + " are needed (the PCA keeps " + Whitening.K
                    + " components)");
        }
        if (pixels > MAX_PIXELS) {
            throw new DataFormatException(src + ": rows × cols = " + rows + " × " + cols + " = " + pixels
                    + " pixels per image; at most " + MAX_PIXELS + " are supported (the PCA eigenproblem is pixels²)");
        }
        long total = pixels * count;
        if (total > MAX_BYTES) {
            throw new DataFormatException(src + ": count × rows × cols = " + total + " pixel bytes; at most "
                    + MAX_BYTES + " are supported (use fewer samples)");
        }
        requireLength(b, IMAGES_HEADER, total, src, "count × rows × cols = " + count + " × " + rows + " × " + cols);
        return new int[] {count, rows, cols};
    }

    /** Validates a labels header and the file length; returns the count. */
    static int labelsHeader(byte[] b, String src) {
        if (b.length >= 4) checkMagic(readInt(b, 0), LABELS_MAGIC, src, "labels", "0x00000803 is an images (idx3) file: were images and labels swapped?");
        requireHeader(b, LABELS_HEADER, src, "labels (idx1)");
        int count = readInt(b, 4);
        requirePositive(count, "count", src);
        requireLength(b, LABELS_HEADER, count, src, "count = " + count);
        return count;
    }

    private static void requireHeader(byte[] b, int header, String src, String kind) {
        if (b.length < header) {
            throw new DataFormatException(src + ": file is " + b.length + " bytes (after decompression), shorter than the "
                    + header + "-byte header of an IDX " + kind + " file (truncated or not IDX)");
        }
    }

    private static void checkMagic(int magic, int expected, String src, String kind, String swapHint) {
        if (magic == expected) return;
        String hint;
        if (magic == (expected ^ 0x2)) {
            hint = swapHint;
        } else if ((magic >>> 8) == 0x08) {
            hint = "type 0x08 (unsigned byte) but " + (magic & 0xFF) + " dimensions";
        } else if ((magic >>> 16) != 0) {
            hint = "not an IDX file (IDX magic numbers start with two zero bytes)";
        } else {
            hint = "element type 0x" + String.format("%02X", (magic >>> 8) & 0xFF) + "; only unsigned byte (0x08) is supported";
        }
        throw new DataFormatException(String.format("%s: magic number = 0x%08X is not allowed for %s; expected 0x%08X (%s)",
                src, magic, kind, expected, hint));
    }

    private static void requirePositive(int v, String field, String src) {
        if (v < 1) throw new DataFormatException(src + ": header field " + field + " = " + v + "; must be ≥ 1");
    }

    private static void requireLength(byte[] b, int header, long payload, String src, String promise) {
        long expected = header + payload;
        if (b.length < expected) {
            throw new DataFormatException(src + ": truncated: the header promises " + promise + " = " + payload
                    + " data bytes after the " + header + "-byte header (" + expected + " bytes in all), but the file has "
                    + b.length + " bytes (after decompression)");
        }
        if (b.length > expected) {
            throw new DataFormatException(src + ": " + (b.length - expected) + " unexpected bytes after the data: the header promises "
                    + promise + " = " + payload + " data bytes (" + expected + " bytes in all), the file has " + b.length);
        }
    }

    static int readInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    /** Reads a whole file and decompresses it if it starts with the gzip magic bytes. */
    public static byte[] readPayload(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new DataFormatException(file + ": permission denied", e);
        } catch (IOException e) {
            throw new DataFormatException(file + ": cannot be read (" + e + ")", e);
        }
        return decompressIfGzip(bytes, file.toString());
    }

    /** Whether {@code b} starts with the gzip magic bytes {@code 1f 8b}. */
    public static boolean isGzip(byte[] b) { return b.length >= 2 && (b[0] & 0xFF) == 0x1f && (b[1] & 0xFF) == 0x8b; }

    /**
     * Returns {@code bytes} decompressed if it is gzip data (all concatenated members), else {@code bytes} itself.
     *
     * @param bytes file content. Not modified.
     */
    public static byte[] decompressIfGzip(byte[] bytes, String src) {
        if (!isGzip(bytes)) return bytes;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes), 1 << 16)) {
            return in.readAllBytes();
        } catch (EOFException e) {
            throw new DataFormatException(src + ": gzip data is truncated (unexpected end of the compressed stream)", e);
        } catch (ZipException e) {
            throw new DataFormatException(src + ": gzip data is corrupt (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DataFormatException(src + ": gzip data cannot be read (" + e + ")", e);
        }
    }
}
