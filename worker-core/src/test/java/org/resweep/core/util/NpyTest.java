package org.resweep.core.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir Path dir;

    private static double[] values(int n, long seed) {
        DeterministicRandom r = new DeterministicRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextGaussian() * Math.pow(10, (i % 7) - 3);
        return v;
    }

    private static void assertBitwiseEquals(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]), "element " + i);
        }
    }

    @Test
    void roundTripsAnyShapeBitForBit() {
        int[][] shapes = {{}, {0}, {7}, {2, 3}, {3, 1, 4}, {10, 10_000}, {0, 5}};
        for (int[] shape : shapes) {
            int n = (int) Npy.elements(shape);
            double[] v = values(n, n);
            if (n >= 6) {
                v[0] = Double.NaN; v[1] = -0.0; v[2] = Double.POSITIVE_INFINITY;
                v[3] = Double.MIN_VALUE; v[4] = -Double.MAX_VALUE; v[5] = Math.PI;
            }
            Path f = dir.resolve("a" + Arrays.toString(shape) + ".npy");
            Npy.write(f, v, shape);
            Npy.Array back = Npy.read(f);
            assertArrayEquals(shape, back.shape());
            assertBitwiseEquals(v, back.data());
        }
    }

    @Test
    void headerIsVersion1PaddedTo64() {
        for (int[] shape : new int[][] {{}, {5}, {2, 3}, {123456, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19}}) {
            byte[] h = Npy.header(shape);
            assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, Arrays.copyOf(h, 8));
            int hlen = ByteBuffer.wrap(h, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
            assertEquals(h.length, 10 + hlen);
            assertEquals(0, h.length % 64, "data must start 64-byte aligned");
            assertEquals('\n', h[h.length - 1]);
        }
        String text = new String(Npy.header(2, 3), StandardCharsets.ISO_8859_1).substring(10).stripTrailing();
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", text);
        assertTrue(new String(Npy.header(5), StandardCharsets.ISO_8859_1).contains("'shape': (5,)"));
        assertTrue(new String(Npy.header(), StandardCharsets.ISO_8859_1).contains("'shape': ()"));
    }

    @Test
    void dataIsLittleEndianRowMajor() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        byte[] b = out.toByteArray();
        int h = Npy.header(2, 3).length;
        assertEquals(128, h, "10-byte preamble + 61-byte dict rounds up to 128");
        assertEquals(h + 48, b.length);
        ByteBuffer data = ByteBuffer.wrap(b, h, b.length - h).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 1; i <= 6; i++) assertEquals(i, data.getDouble(), 0.0);
    }

    private Path file(String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Npy.MAGIC).put((byte) 1).put((byte) 0).putShort((short) h.length).put(h).put(data);
        return Files.write(dir.resolve("h" + Math.abs(header.hashCode()) + "-" + data.length + ".npy"), b.array());
    }

    private static byte[] doubles(ByteOrder order, double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(order);
        for (double x : v) b.putDouble(x);
        return b.array();
    }

    @Test
    void readsBigEndian() throws IOException {
        Path f = file("{'descr': '>f8', 'fortran_order': False, 'shape': (3,), }\n", doubles(ByteOrder.BIG_ENDIAN, 1.5, -2, 1e300));
        assertArrayEquals(new double[] {1.5, -2, 1e300}, Npy.read(f).data(), 0.0);
    }

    @Test
    void clearErrors() throws IOException {
        byte[] six = doubles(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4, 5, 6);
        Path f4 = file("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }\n", new byte[12]);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.read(f4)).getMessage()
                .contains("'descr' = '<f4' is not supported"));
        Path fortran = file("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }\n", six);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.read(fortran)).getMessage()
                .contains("'fortran_order' = True is not supported"));
        Path shortData = file("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 4), }\n", six);
        String msg = assertThrows(IllegalArgumentException.class, () -> Npy.read(shortData)).getMessage();
        assertTrue(msg.contains(shortData.toString()) && msg.contains("truncated") && msg.contains("64 data bytes"), msg);
        Path longData = file("{'descr': '<f8', 'fortran_order': False, 'shape': (5,), }\n", six);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.read(longData)).getMessage()
                .contains("unexpected bytes"));
        Path notNpy = Files.write(dir.resolve("x.npy"), "PK\u0003\u0004 a zip, maybe".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.read(notNpy)).getMessage()
                .contains("not a .npy file"));
        assertThrows(IllegalArgumentException.class, () -> Npy.write(dir.resolve("bad.npy"), new double[5], 2, 3));
    }

    private String headerError(String name, String header) throws IOException {
        Path f = file(header, new byte[16]);
        return assertThrows(BadInputException.class, () -> Npy.read(f)).getMessage();
    }

    @Test
    void headerIsParsedStrictly() throws IOException {
        // NumPy would use the last of duplicate keys; we used the first: refuse duplicates.
        String dup = headerError("dup", "{'descr': '<f8', 'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n");
        assertTrue(dup.contains(".npy header has the key 'descr' twice"), dup);
        // Only the three NumPy keys, literal values: no expressions.
        String evil = headerError("evil", "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'evil': __import__('os'), }\n");
        assertTrue(evil.contains(".npy header has the key 'evil'"), evil);
        String expr = headerError("expr", "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)} + x\n");
        assertTrue(expr.contains("has '+ x' after the dict"), expr);
        String no = headerError("no", "{'descr': '<f8', 'fortran_order': 'no', 'shape': (2,), }\n");
        assertTrue(no.endsWith(": 'fortran_order' = 'no' is not allowed; allowed False (True, Fortran order, is not "
                + "supported either)"), no);
        String hex = headerError("hex", "{'descr': '<f8', 'fortran_order': False, 'shape': (0x2,), }\n");
        assertTrue(hex.endsWith(": 'shape' entry '0x2' is not allowed; dimensions must be integers in 0..2147483647"), hex);
        String missing = headerError("missing", "{'descr': '<f8', 'shape': (2,), }\n");
        assertTrue(missing.contains(".npy header has no 'fortran_order' entry"), missing);
        // the layouts NumPy accepts still parse: double quotes, no trailing comma, spaces everywhere, Python 2 longs
        Path dq = file("{ \"descr\" : '<f8' , \"fortran_order\" : False , \"shape\" : ( 2L , ) }", new byte[16]);
        assertArrayEquals(new int[] {2}, Npy.read(dq).shape());
    }

    @Test
    void echoedHeaderValuesAreCapped() throws IOException {
        String deep = headerError("deep", "{'descr': '<f8', 'fortran_order': False, 'shape': ("
                + "(".repeat(20_000) + "2" + ",)".repeat(20_000) + "), }\n");
        assertTrue(deep.length() < 300, deep.length() + ": " + deep);
        assertTrue(deep.contains("'shape' entry '" + "(".repeat(80) + "…(20001 chars)' is not allowed"), deep);
    }

    @Test
    void echoEscapesControlCharactersAndCapsAt80() {
        assertEquals("a\\nb\\u0000", BadInputException.echo("a\nb\0"));
        assertEquals("x".repeat(80) + "…(81 chars)", BadInputException.echo("x".repeat(81)));
        assertEquals("x".repeat(80), BadInputException.echo("x".repeat(80)));
    }

    @Test
    void numpyReadsWhatWeWriteAndWeReadWhatNumpyWrites() throws Exception {
        Assumptions.assumeTrue(NumpyProcess.available(), "/usr/bin/python3 with numpy is not available");
        double[] v = values(24, 5);
        Npy.write(dir.resolve("java.npy"), v, 2, 3, 4);
        String script = String.join("\n",
                "import numpy as np",
                "a = np.load('java.npy')",
                "assert a.dtype == np.float64 and a.shape == (2, 3, 4), (a.dtype, a.shape)",
                "print(repr(float(a[1, 2, 3])), repr(float(a[0, 1, 2])))",
                "np.save('np.npy', np.arange(12, dtype=np.float64).reshape(3, 4) / 7)",
                "np.save('np_be.npy', (np.arange(5, dtype='>f8') - 2) * 1.25)",
                "np.save('np_scalar.npy', np.float64(2.5))");
        String out = NumpyProcess.run(dir, script);
        String[] parts = out.split(" ");
        assertEquals(v[23], Double.parseDouble(parts[0]), 0.0);
        assertEquals(v[6], Double.parseDouble(parts[1]), 0.0);
        Npy.Array a = Npy.read(dir.resolve("np.npy"));
        assertArrayEquals(new int[] {3, 4}, a.shape());
        for (int i = 0; i < 12; i++) assertEquals(i / 7.0, a.data()[i], 0.0);
        assertArrayEquals(new double[] {-2.5, -1.25, 0, 1.25, 2.5}, Npy.read(dir.resolve("np_be.npy")).data(), 0.0);
        Npy.Array s = Npy.read(dir.resolve("np_scalar.npy"));
        assertEquals(0, s.shape().length);
        assertEquals(2.5, s.data()[0], 0.0);
    }
}
