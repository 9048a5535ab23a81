package org.resweep.core.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
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
    /** Bytes past the promised end that are counted (for the message) before reading stops: 64 MiB. */
    static final long MAX_EXTRA_COUNTED = 64L << 20;
    /**
     * Largest decompressed-to-compressed ratio accepted for gzip input once more than {@link #RATIO_FREE_BYTES}
     * are decompressed: 100. Real image data compresses far less (MNIST and Fashion-MNIST gzip files: about 5:1
     * and 3:1); a file that inflates more is refused before it is materialised (a gzip bomb).
     */
    static final long MAX_GZIP_RATIO = 100;
    /** Decompressed bytes always accepted whatever the ratio (small files compress arbitrarily well): 16 MiB. */
    static final long RATIO_FREE_BYTES = 16L << 20;

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
        byte[] lab = Arrays.copyOfRange(labels, LABELS_HEADER, labels.length);
        for (int i = 0; i < lab.length; i++) {
            int v = lab[i] & 0xFF;
            if (v >= RawDigits.CLASSES) {
                throw new DataFormatException(labelsSource + ": label of sample " + i + " is " + v
                        + "; allowed labels are 0.." + (RawDigits.CLASSES - 1));
            }
        }
        byte[] pix = Arrays.copyOfRange(images, IMAGES_HEADER, images.length);
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
        long total = imagesPayload(count, rows, cols, src);
        requireLength(b, IMAGES_HEADER, total, src, "count × rows × cols = " + count + " × " + rows + " × " + cols);
        return new int[] {count, rows, cols};
    }

    /** Validates the dimensions of an images header; returns the payload size count·rows·cols in bytes. */
    static long imagesPayload(int count, int rows, int cols, String src) {
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
        return total;
    }

    /** Validates a labels header and the file length; returns the count. */
    static int labelsHeader(byte[] b, String src) {
        if (b.length >= 4) checkMagic(readInt(b, 0), LABELS_MAGIC, src, "labels", "0x00000803 is an images (idx3) file: were images and labels swapped?");
        requireHeader(b, LABELS_HEADER, src, "labels (idx1)");
        int count = readInt(b, 4);
        requirePositive(count, "count", src);
        if (count > MAX_BYTES) {
            throw new DataFormatException(src + ": header field count = " + count + "; at most " + MAX_BYTES
                    + " labels are supported");
        }
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

    /**
     * Reads a file, decompressing it if it starts with the gzip magic bytes, and never more than its IDX header
     * promises: the header (magic and dimensions) is read first, then at most {@code header + count·…·dims + 1}
     * bytes, so a file that is (or decompresses to) more than its header promises — a gzip bomb — is refused
     * after inflating one byte past the promise, with memory proportional to the promised size (at most
     * {@link #MAX_BYTES}). A file whose first bytes are not an unsigned-byte IDX header yields only its first
     * 16 bytes (enough for {@link #parse} to name the problem).
     *
     * @throws DataFormatException missing, unreadable, corrupt gzip, or longer than its header promises
     */
    public static byte[] readPayload(Path file) {
        String src = file.toString();
        try (InputStream raw = Files.newInputStream(file)) {
            BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
            in.mark(2);
            boolean gz = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            if (gz) return gunzipBounded(in, src);
            long size = Files.isRegularFile(file) ? Files.size(file) : -1;
            return readBounded(in, src, size, null);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new DataFormatException(file + ": permission denied", e);
        } catch (IOException e) {
            throw new DataFormatException(file + ": cannot be read (" + e + ")", e);
        }
    }

    /**
     * Decompresses gzip data (any number of concatenated members, read iteratively) with the bounds of
     * {@link #readBounded}; data after the last member that is not another gzip member is refused.
     */
    private static byte[] gunzipBounded(InputStream in, String src) {
        try (GzipCompressorInputStream gz = GzipCompressorInputStream.builder().setInputStream(in)
                .setDecompressConcatenated(true).get()) {
            return readBounded(gz, src, -1, gz);
        } catch (DataFormatException e) {
            throw e;
        } catch (EOFException e) {
            throw new DataFormatException(src + ": gzip data is truncated (unexpected end of the compressed stream)", e);
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            if (m.contains("after a valid .gz stream") || m.contains("Garbage after")) {
                throw new DataFormatException(src + ": bytes after the last gzip member are not gzip data; "
                        + "allowed: gzip members only (remove the trailing bytes)", e);
            }
            if (m.toLowerCase(java.util.Locale.ROOT).contains("truncated")) {
                throw new DataFormatException(src + ": gzip data is truncated (unexpected end of the compressed stream)", e);
            }
            throw new DataFormatException(src + ": gzip data is corrupt (" + m + ")", e);
        }
    }

    /** Whether {@code b} starts with the gzip magic bytes {@code 1f 8b}. */
    public static boolean isGzip(byte[] b) { return b.length >= 2 && (b[0] & 0xFF) == 0x1f && (b[1] & 0xFF) == 0x8b; }

    /**
     * Returns {@code bytes} decompressed if it is gzip data (all concatenated members), else {@code bytes} itself;
     * decompression stops one byte past what the IDX header promises (see {@link #readPayload}).
     *
     * @param bytes file content. Not modified.
     */
    public static byte[] decompressIfGzip(byte[] bytes, String src) {
        if (!isGzip(bytes)) return bytes;
        return gunzipBounded(new ByteArrayInputStream(bytes), src);
    }

    /**
     * Reads the IDX header, then the payload it promises plus one byte. A short result (truncated file, bad
     * magic, bad dimension) is returned as is for the header checks of {@link #parse} to report.
     *
     * @param size the exact file length if known (a regular uncompressed file), else −1
     * @param gz the gzip stream {@code in} is, for the decompression-ratio bound, or null for uncompressed data
     */
    private static byte[] readBounded(InputStream in, String src, long size, GzipCompressorInputStream gz)
            throws IOException {
        Bound bound = new Bound(src, gz);
        byte[] magic = readUpTo(in, new byte[4], 0, 4, bound);
        if (magic.length < 4) return magic;
        int m = readInt(magic, 0);
        int dims = (m >>> 8) == 0x08 && (m & 0xFF) >= 1 && (m & 0xFF) <= 3 ? m & 0xFF : 0;
        if (dims == 0) return readUpTo(in, Arrays.copyOf(magic, IMAGES_HEADER), 4, IMAGES_HEADER, bound);
        int header = 4 + 4 * dims;
        byte[] head = readUpTo(in, Arrays.copyOf(magic, header), 4, header, bound);
        if (head.length < header) return head;
        if (m == IMAGES_MAGIC) imagesPayload(readInt(head, 4), readInt(head, 8), readInt(head, 12), src);
        long payload = 1;
        String[] names = dims == 3 ? new String[] {"count", "rows", "cols"} : dims == 1 ? new String[] {"count"}
                : new String[] {"dim0", "dim1"};
        StringBuilder promise = new StringBuilder(String.join(" × ", names)).append(" = ");
        for (int i = 0; i < dims; i++) {
            int v = readInt(head, 4 + 4 * i);
            if (v < 1) return head; // the header check names the field
            payload *= v; // ≤ 3 factors < 2^31 each, saturated below: cannot overflow
            if (payload > MAX_BYTES) return head; // the header check reports the limit
            promise.append(i == 0 ? "" : " × ").append(v);
        }
        long total = header + payload;
        byte[] all = readUpTo(in, head, header, total + 1, bound);
        if (all.length <= total) return all;
        String extra;
        if (size >= 0) {
            extra = Long.toString(size - total);
        } else {
            long more = 1 + countRest(in, MAX_EXTRA_COUNTED);
            extra = more > MAX_EXTRA_COUNTED ? "more than " + MAX_EXTRA_COUNTED : Long.toString(more);
        }
        throw new DataFormatException(src + ": " + extra + " unexpected bytes after the data: the header promises "
                + promise + " = " + payload + " data bytes (" + total + " bytes in all)"
                + (gz != null ? "; the file decompresses to more than that (stopped reading there)" : ""));
    }

    /**
     * Reads {@code in} after the first {@code filled} bytes of {@code prefix} until {@code limit} bytes in all or
     * the end of the stream, and returns exactly the bytes held. The buffer grows (doubling) with the data actually
     * read, so memory follows what the file holds, not what its header claims.
     */
    private static byte[] readUpTo(InputStream in, byte[] prefix, int filled, long limit, Bound bound)
            throws IOException {
        byte[] buf = prefix.length >= limit ? prefix
                : Arrays.copyOf(prefix, (int) Math.min(limit, Math.max(prefix.length, 1 << 16)));
        int n = filled;
        while (n < limit) {
            if (n == buf.length) {
                int grown = (int) Math.min(limit, 2L * buf.length);
                bound.requireHeap(grown, limit);
                buf = Arrays.copyOf(buf, grown);
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) break;
            n += r;
            bound.check(n);
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    /** Bytes left in {@code in}, counted up to a little over {@code max} (then the count stops). */
    private static long countRest(InputStream in, long max) throws IOException {
        byte[] b = new byte[1 << 16];
        long n = 0;
        int r;
        while (n <= max && (r = in.read(b)) > 0) n += r;
        return n;
    }

    /** The decompression-ratio bound of gzip input ({@link #MAX_GZIP_RATIO}). */
    private record Bound(String src, GzipCompressorInputStream gz) {
        /**
         * Refuses to grow the read buffer to {@code bytes} when this JVM could not hold it: reading keeps the
         * buffer, a copy while it grows and later a copy of the pixels, so about 2.5 × the buffer must fit in the
         * maximum heap (raise it with {@code RESWEEP_JAVA_OPTS=-Xmx…}). Checked only as data actually arrives, so
         * a truncated file is reported as truncated.
         */
        void requireHeap(long bytes, long promised) {
            long max = Runtime.getRuntime().maxMemory();
            if (max == Long.MAX_VALUE || bytes / 2 * 5 <= max) return;
            throw new DataFormatException(src + ": the header promises " + (promised - 1) + " bytes (after decompression); "
                    + "reading them needs about " + ((promised / 2 * 5) >> 20) + " MiB of Java heap but at most "
                    + (max >> 20) + " MiB is available (use fewer samples, or raise the heap with RESWEEP_JAVA_OPTS=-Xmx…)");
        }

        void check(long decompressed) {
            if (gz == null || decompressed <= RATIO_FREE_BYTES) return;
            long compressed = Math.max(1, gz.getCompressedCount());
            if (decompressed > MAX_GZIP_RATIO * compressed) {
                throw new DataFormatException(src + ": gzip data decompresses to more than " + MAX_GZIP_RATIO
                        + " times its compressed size (" + decompressed + " bytes from " + compressed
                        + " compressed bytes so far); at most " + MAX_GZIP_RATIO + ":1 is accepted (real image data "
                        + "compresses about 5:1; a gzip bomb is refused)");
            }
        }
    }
}
