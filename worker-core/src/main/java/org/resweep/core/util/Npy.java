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
            throw new BadInputException(file + ": cannot be read (" + e.getMessage() + ")", e);
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
        return read(file, h -> { });
    }

    /**
     * Reads a float64 .npy file from one stream (a pipe or FIFO works: header and data are read once, in order):
     * the header, then {@code check} on it (which may throw, e.g. for a wrong shape, before any data is read), then
     * for a regular file the declared payload against the file's length, then the data, then one byte more to
     * refuse trailing bytes (so an endless stream is read no further than its header declares, plus one byte).
     *
     * @throws BadInputException missing or unreadable file, not .npy, unsupported dtype/order/version, a payload that
     *                           does not match the file length
     */
    public static Array read(Path file, java.util.function.Consumer<Header> check) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            DataInputStream din = new DataInputStream(in);
            String source = file.toString();
            Header h = readHeader(din, source);
            check.accept(h);
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
            throw new BadInputException(file + ": cannot be read (" + e.getMessage() + ")", e);
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
        HeaderDict d = new HeaderDict(header, source);
        d.parse();
        String descr = d.descr;
        ByteOrder order;
        if (descr.equals("<f8")) order = ByteOrder.LITTLE_ENDIAN;
        else if (descr.equals(">f8")) order = ByteOrder.BIG_ENDIAN;
        else throw new BadInputException(source + ": dtype 'descr' = '" + BadInputException.echo(descr) + "' is not "
                + "supported; allowed '<f8' or '>f8' (float64; convert with a.astype('<f8'))");
        if (d.fortran) {
            throw new BadInputException(source + ": 'fortran_order' = True is not supported; allowed False"
                    + " (save np.ascontiguousarray(a))");
        }
        int[] shape = d.shape;
        long count = elements(shape);
        if (count > MAX_VALUES) {
            throw new BadInputException(source + ": shape " + Arrays.toString(shape) + " has " + exactCount(shape)
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

    /**
     * A strict parser of the .npy header: a Python dict literal with exactly the keys {@code 'descr'} (a string),
     * {@code 'fortran_order'} ({@code True} or {@code False}) and {@code 'shape'} (a tuple of non-negative integers),
     * each once, literal values only; then only whitespace (NumPy pads with spaces and ends with a newline).
     */
    private static final class HeaderDict {
        private static final java.util.Set<String> KEYS = java.util.Set.of("descr", "fortran_order", "shape");
        private final String h;
        private final String source;
        private int pos;
        String descr;
        Boolean fortranSeen;
        boolean fortran;
        int[] shape;

        HeaderDict(String h, String source) { this.h = h; this.source = source; }

        private BadInputException bad(String what) {
            return new BadInputException(source + ": .npy header " + what + "; allowed: {'descr': '<f8' or '>f8', "
                    + "'fortran_order': False, 'shape': (integers…)} with literal values, each key once (header: "
                    + BadInputException.echo(h.strip()) + ")");
        }

        private void ws() { while (pos < h.length() && Character.isWhitespace(h.charAt(pos))) pos++; }

        private boolean eat(char c) {
            ws();
            if (pos < h.length() && h.charAt(pos) == c) { pos++; return true; }
            return false;
        }

        private String token(String stops) {
            ws();
            int start = pos;
            while (pos < h.length() && stops.indexOf(h.charAt(pos)) < 0) pos++;
            return h.substring(start, pos).strip();
        }

        private String rest() { return BadInputException.echo(h.substring(Math.min(pos, h.length())).strip()); }

        private String string(String what) {
            ws();
            char q = pos < h.length() ? h.charAt(pos) : 0;
            if (q != '\'' && q != '"') throw bad("expects a quoted " + what + " at '" + rest() + "'");
            int end = h.indexOf(q, pos + 1);
            if (end < 0) throw bad("has an unterminated string at '" + rest() + "'");
            String v = h.substring(pos + 1, end);
            if (v.indexOf('\\') >= 0) throw bad("has an escape sequence in string '" + BadInputException.echo(v) + "'");
            pos = end + 1;
            return v;
        }

        void parse() {
            if (!eat('{')) throw bad("is not a dict literal (it must start with '{')");
            while (!eat('}')) {
                String key = string("key");
                if (!KEYS.contains(key)) throw bad("has the key '" + BadInputException.echo(key) + "'");
                boolean dup = switch (key) {
                    case "descr" -> descr != null;
                    case "fortran_order" -> fortranSeen != null;
                    default -> shape != null;
                };
                if (dup) throw bad("has the key '" + key + "' twice");
                if (!eat(':')) throw bad("expects ':' after '" + key + "' at '" + rest() + "'");
                switch (key) {
                    case "descr" -> descr = string("'descr' value");
                    case "fortran_order" -> fortranSeen = fortran = bool();
                    default -> shape = tuple();
                }
                if (!eat(',')) {
                    if (!eat('}')) throw bad("expects ',' or '}' at '" + rest() + "'");
                    break;
                }
            }
            ws();
            if (pos < h.length()) throw bad("has '" + rest() + "' after the dict");
            if (descr == null) throw bad("has no 'descr' entry");
            if (fortranSeen == null) throw bad("has no 'fortran_order' entry");
            if (shape == null) throw bad("has no 'shape' entry");
        }

        private boolean bool() {
            ws();
            if (h.startsWith("True", pos)) { pos += 4; return true; }
            if (h.startsWith("False", pos)) { pos += 5; return false; }
            int start = pos;
            while (pos < h.length() && ",}".indexOf(h.charAt(pos)) < 0) pos++;
            throw new BadInputException(source + ": 'fortran_order' = " + BadInputException.echo(h.substring(start, pos)
                    .strip()) + " is not allowed; allowed False (True, Fortran order, is not supported either)");
        }

        private int[] tuple() {
            if (!eat('(')) {
                throw new BadInputException(source + ": 'shape' = " + BadInputException.echo(token("}").replaceAll(",$", ""))
                        + " is not allowed; allowed a tuple of integers, e.g. (2, 10, 10)");
            }
            int[] dims = new int[4];
            int n = 0;
            while (!eat(')')) {
                ws();
                int start = pos;
                while (pos < h.length() && ",)}".indexOf(h.charAt(pos)) < 0) pos++;
                String tok = h.substring(start, pos).strip();
                String digits = tok.endsWith("L") ? tok.substring(0, tok.length() - 1) : tok; // Python 2 longs
                int v = -1;
                if (!digits.isEmpty() && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    try {
                        v = Integer.parseInt(digits);
                    } catch (NumberFormatException e) {
                        v = -1;
                    }
                }
                if (v < 0) {
                    throw new BadInputException(source + ": 'shape' entry '" + BadInputException.echo(tok)
                            + "' is not allowed; dimensions must be integers in 0.." + Integer.MAX_VALUE);
                }
                if (n == dims.length) dims = Arrays.copyOf(dims, 2 * n);
                if (n >= 64) throw bad("'shape' has more than 64 dimensions");
                dims[n++] = v;
                if (!eat(',')) {
                    if (!eat(')')) throw bad("'shape' expects ',' or ')' at '" + rest() + "'");
                    break;
                }
            }
            return Arrays.copyOf(dims, n);
        }
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

    /** The exact number of values of {@code shape} (dimensions ≥ 0), in decimal: {@link #elements} saturates. */
    static String exactCount(int[] shape) {
        java.math.BigInteger n = java.math.BigInteger.ONE;
        for (int s : shape) n = n.multiply(java.math.BigInteger.valueOf(s));
        return n.toString();
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
