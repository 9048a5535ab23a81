package org.resweep.core.util;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files of float64, as {@code numpy.save} / {@code numpy.load} read and write them.
 *
 * <p>Writes format version 1.0: the magic {@code \x93NUMPY}, version bytes {@code 1 0}, a little-endian uint16
 * header length, then the header — the Python dict literal
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (…), }} padded with spaces and ended by {@code \n}
 * so that the data starts at a multiple of 64 bytes — then the values, little-endian, C (row-major) order.
 *
 * <p>Reads versions 1.0, 2.0 and 3.0 (uint32 header length), dtypes {@code '<f8'} and {@code '>f8'}, C order
 * only; anything else (another dtype, {@code fortran_order: True}, truncated data, trailing bytes, more than
 * {@link #MAX_VALUES} values) is a {@link BadInputException} naming the file, the field, the value and what is
 * allowed. Memory is spent only on values actually present: a file's declared payload is checked against its
 * length before reading.
 */
public final class Npy {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    static final int ALIGN = 64;
    private static final int CHUNK = 1 << 13;
    /** Largest header accepted (NumPy writes a few hundred bytes). */
    static final int MAX_HEADER = 1 << 16;
    /** Most values an array may hold (a Java array's limit). */
    public static final long MAX_VALUES = Integer.MAX_VALUE - 64;
    private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

    /**
     * An n-dimensional float64 array in C order.
     *
     * @param shape dimensions (empty: a scalar)
     * @param data  the values, last index fastest
     */
    public record Array(int[] shape, double[] data) {
        public Array {
            if (elements(shape) != data.length) {
                throw new IllegalArgumentException("npy array: shape " + Arrays.toString(shape) + " holds "
                        + elements(shape) + " values but data has " + data.length);
            }
        }
    }

    private Npy() {}

    /**
     * Writes {@code data} with the given shape (C order: last index fastest) to {@code file}.
     *
     * @param data values, length = product of shape. Not modified.
     */
    public static void write(Path file, double[] data, int... shape) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            write(out, data, shape);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Writes a .npy stream (header and data) to {@code out}; does not close it. */
    public static void write(OutputStream out, double[] data, int... shape) throws IOException {
        new Array(shape, data); // validates the shape
        out.write(header(shape));
        ByteBuffer buf = ByteBuffer.allocate(CHUNK * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int off = 0; off < data.length; off += CHUNK) {
            int len = Math.min(CHUNK, data.length - off);
            buf.clear();
            buf.asDoubleBuffer().put(data, off, len);
            out.write(buf.array(), 0, len * Double.BYTES);
        }
    }

    /** The complete version-1.0 preamble (magic, version, length, padded header) for a float64 C-order array. */
    public static byte[] header(int... shape) {
        StringBuilder dims = new StringBuilder();
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException("npy shape: dimension " + s + " is negative; must be ≥ 0");
            dims.append(s).append(", ");
        }
        // Python tuple syntax: () scalar, (n,) one dimension, (a, b) more.
        String tuple = shape.length == 0 ? "()" : shape.length == 1 ? "(" + shape[0] + ",)"
                : "(" + dims.substring(0, dims.length() - 2) + ")";
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': " + tuple + ", }";
        int pre = MAGIC.length + 2 + 2;
        int total = pre + dict.length() + 1;
        int padded = (total + ALIGN - 1) / ALIGN * ALIGN;
        String text = dict + " ".repeat(padded - total) + "\n";
        if (text.length() > 0xFFFF) throw new IllegalArgumentException("npy shape: header too long for format 1.0");
        ByteBuffer b = ByteBuffer.allocate(pre + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
        b.put(text.getBytes(StandardCharsets.ISO_8859_1));
        return b.array();
    }

    /**
     * What a .npy header declares.
     *
     * @param shape      dimensions (empty: a scalar)
     * @param order      byte order of the values
     * @param dataOffset bytes before the first value (magic, version, header length, header)
     */
    public record Header(int[] shape, ByteOrder order, long dataOffset) {
        /** Number of values the shape holds (saturated far above any array size). */
        public long count() { return elements(shape); }

        /** Bytes of data the shape needs. */
        public long dataBytes() { return count() * Double.BYTES; }
    }

    /**
     * Reads only the header of a float64 .npy file (to check the shape before reading the data).
     *
     * @throws BadInputException missing file, not .npy, unsupported dtype/order/version
     */
    public static Header readHeader(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return readHeader(new DataInputStream(in), file.toString());
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Reads a float64 .npy file. The payload the header declares is compared with the file's length before any
     * array is allocated, so a small file declaring a huge shape is refused at once.
     *
     * @throws BadInputException missing file, not .npy, unsupported dtype/order/version, a payload that does not
     *                           match the file length
     */
    public static Array read(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            DataInputStream din = new DataInputStream(in);
            String source = file.toString();
            Header h = readHeader(din, source);
            if (Files.isRegularFile(file)) {
                long have = Files.size(file) - h.dataOffset();
                if (have < h.dataBytes()) {
                    throw new BadInputException(source + ": truncated: shape " + Arrays.toString(h.shape()) + " needs "
                            + h.dataBytes() + " data bytes after the header; the file has " + have);
                }
                if (have > h.dataBytes()) {
                    throw new BadInputException(source + ": unexpected bytes after the " + h.count() + " values of shape "
                            + Arrays.toString(h.shape()) + ": " + (have - h.dataBytes()) + " bytes too many");
                }
            }
            return readData(din, h, source);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Reads a float64 .npy stream to its end; {@code source} names it in error messages. Memory grows with the
     * values actually read, never ahead of them.
     */
    public static Array read(InputStream in, String source) throws IOException {
        DataInputStream din = new DataInputStream(in);
        return readData(din, readHeader(din, source), source);
    }

    private static Header readHeader(DataInputStream din, String source) throws IOException {
        byte[] pre = readFully(din, MAGIC.length + 2, source, "the magic and version");
        if (!Arrays.equals(Arrays.copyOf(pre, MAGIC.length), MAGIC)) {
            throw new BadInputException(source + ": not a .npy file (it does not start with \\x93NUMPY)");
        }
        int major = pre[6] & 0xFF;
        if (major < 1 || major > 3) {
            throw new BadInputException(source + ": .npy format version " + major + "." + (pre[7] & 0xFF)
                    + " is not supported; allowed 1.0, 2.0, 3.0");
        }
        byte[] lenBytes = readFully(din, major == 1 ? 2 : 4, source, "the header length");
        ByteBuffer lb = ByteBuffer.wrap(lenBytes).order(ByteOrder.LITTLE_ENDIAN);
        long hlen = major == 1 ? lb.getShort() & 0xFFFF : lb.getInt() & 0xFFFFFFFFL;
        if (hlen > MAX_HEADER) {
            throw new BadInputException(source + ": header length " + hlen + " is not allowed; at most " + MAX_HEADER
                    + " bytes");
        }
        String header = new String(readFully(din, (int) hlen, source, "the header"),
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = field(DESCR, header, source, "descr");
        ByteOrder order;
        if (descr.equals("<f8")) order = ByteOrder.LITTLE_ENDIAN;
        else if (descr.equals(">f8")) order = ByteOrder.BIG_ENDIAN;
        else throw new BadInputException(source + ": dtype 'descr' = '" + descr + "' is not supported; allowed "
                + "'<f8' or '>f8' (float64; convert with a.astype('<f8'))");
        if (field(FORTRAN, header, source, "fortran_order").equals("True")) {
            throw new BadInputException(source + ": 'fortran_order' = True is not supported; allowed False"
                    + " (save np.ascontiguousarray(a))");
        }
        int[] shape = parseShape(field(SHAPE, header, source, "shape"), source);
        long count = elements(shape);
        if (count > MAX_VALUES) {
            throw new BadInputException(source + ": shape " + Arrays.toString(shape) + " has " + count
                    + " values; at most " + MAX_VALUES + " are supported");
        }
        return new Header(shape, order, MAGIC.length + 2 + lenBytes.length + hlen);
    }

    private static Array readData(DataInputStream din, Header h, String source) throws IOException {
        int count = (int) h.count();
        double[] data = new double[Math.min(count, CHUNK)];
        byte[] chunk = new byte[CHUNK * Double.BYTES];
        for (int off = 0; off < count; off += CHUNK) {
            int len = Math.min(CHUNK, count - off);
            try {
                din.readFully(chunk, 0, len * Double.BYTES);
            } catch (EOFException e) {
                throw new BadInputException(source + ": truncated: shape " + Arrays.toString(h.shape()) + " needs "
                        + h.dataBytes() + " data bytes after the header; the file ends within values " + off
                        + ".." + (off + len - 1), e);
            }
            if (off + len > data.length) data = Arrays.copyOf(data, (int) Math.min(count, Math.max(off + len, 2L * data.length)));
            ByteBuffer.wrap(chunk, 0, len * Double.BYTES).order(h.order()).asDoubleBuffer().get(data, off, len);
        }
        if (din.read() != -1) {
            throw new BadInputException(source + ": unexpected bytes after the " + count + " values of shape "
                    + Arrays.toString(h.shape()));
        }
        return new Array(h.shape(), data);
    }

    private static String field(Pattern p, String header, String source, String name) {
        Matcher m = p.matcher(header);
        if (!m.find()) throw new BadInputException(source + ": .npy header has no '" + name + "' entry: " + header.strip());
        return m.group(1);
    }

    private static int[] parseShape(String tuple, String source) {
        String t = tuple.strip();
        if (t.isEmpty()) return new int[0];
        String[] parts = t.split(",");
        int n = parts[parts.length - 1].isBlank() ? parts.length - 1 : parts.length;
        int[] shape = new int[n];
        for (int i = 0; i < n; i++) {
            String s = parts[i].strip();
            if (s.endsWith("L")) s = s.substring(0, s.length() - 1); // Python 2 longs
            try {
                shape[i] = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new BadInputException(source + ": 'shape' entry '" + parts[i].strip()
                        + "' is not allowed; dimensions must be integers in 0.." + Integer.MAX_VALUE);
            }
            if (shape[i] < 0) throw new BadInputException(source + ": 'shape' entry " + shape[i] + " is negative");
        }
        return shape;
    }

    private static byte[] readFully(DataInputStream in, int n, String source, String what) throws IOException {
        byte[] b = new byte[n];
        try {
            in.readFully(b);
        } catch (EOFException e) {
            throw new BadInputException(source + ": truncated .npy file (ends inside " + what + ")", e);
        }
        return b;
    }

    static long elements(int[] shape) {
        long n = 1;
        for (int s : shape) {
            n *= s;
            if (n > Integer.MAX_VALUE * 8L) n = Integer.MAX_VALUE * 8L; // saturate: too large either way
        }
        return n;
    }
}
