package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.core.util.Npy;

/**
 * The hostile-input cases through the command line, in-process, in the 256 MiB JVM of the surefire execution
 * {@code hostile-inputs-small-heap}: each must end in exit 2 and one line naming the input, the value and the limit —
 * never in OutOfMemoryError. (Cases idx-gzip-bomb, npy-huge-shape-oom, spec-huge-file-oom, spec-grid-count-overflow.)
 */
class CliHostileInputTest {
    @TempDir Path dir;

    @BeforeAll
    static void smallHeap() {
        Assumptions.assumeTrue(System.getProperty("resweep.smallHeap") != null, "runs in the small-heap execution");
        assertTrue(Runtime.getRuntime().maxMemory() <= 300L << 20, "heap " + Runtime.getRuntime().maxMemory());
    }

    static PlanCommandTest.Result run(String... args) { return PlanCommandTest.run(args); }

    static void assertOneLine(PlanCommandTest.Result r, String start) {
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("resweep: " + start), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(b);
        }
        return bos.toByteArray();
    }

    @Test
    void inspectWithAGzipBombAsDataIsRefused() throws IOException {
        Path images = dir.resolve("gzbomb-images-idx3-ubyte");
        byte[] header = ByteBuffer.allocate(16).putInt(0x803).putInt(1000).putInt(28).putInt(28).array();
        byte[] zeros16m = gzip(new byte[16 << 20]);
        try (OutputStream out = Files.newOutputStream(images)) {
            out.write(gzip(Arrays.copyOf(header, 16 + 784_000)));
            for (int i = 0; i < 40; i++) out.write(zeros16m); // 640 MiB more when inflated
        }
        byte[] labels = Arrays.copyOf(ByteBuffer.allocate(8).putInt(0x801).putInt(1000).array(), 1008);
        Files.write(dir.resolve("gzbomb-labels-idx1-ubyte"), labels);
        PlanCommandTest.Result r = run("inspect", "--depth", "2", "--shortcut", "0", "--init", "xavier", "--no-hessian",
                "--data", "idx:" + dir.resolve("gzbomb"));
        assertOneLine(r, "--data: " + images + ": more than 67108864 unexpected bytes after the data");
    }

    @Test
    void inspectWithAHugeDeclaredNpyShapeIsRefused() throws IOException {
        byte[] h = Npy.header(20_000_000, 10, 10);
        Path w = Files.write(dir.resolve("hugeshape.npy"), Arrays.copyOf(h, h.length + 16));
        assertOneLine(run("inspect", "--depth", "2", "--shortcut", "0", "--no-hessian", "--weights", w.toString()),
                "--weights: '" + w + "' has shape [20000000, 10, 10]; this network needs (2, 10, 10) (depth, width, width)");
        byte[] h1 = Npy.header((int) Npy.MAX_VALUES);
        Path w1 = Files.write(dir.resolve("hugeshape1d.npy"), h1);
        assertOneLine(run("inspect", "--depth", "2", "--shortcut", "0", "--no-hessian", "--weights", w1.toString()),
                "--weights: '" + w1 + "' has shape [2147483583]");
        // the right shape, but the data is missing: compared with the file length before reading
        byte[] h2 = Npy.header(2, 10, 10);
        Path w2 = Files.write(dir.resolve("short.npy"), Arrays.copyOf(h2, h2.length + 80));
        assertOneLine(run("inspect", "--depth", "2", "--shortcut", "0", "--no-hessian", "--weights", w2.toString()),
                "--weights: " + w2 + ": truncated: shape [2, 10, 10] needs 1600 data bytes after the header; the file has 80");
    }

    @Test
    void planAndRunOfEndlessOrHugeSpecsAreRefused() throws IOException {
        Path zero = Path.of("/dev/zero");
        if (Files.isReadable(zero)) {
            for (String cmd : new String[] {"plan", "run"}) {
                assertOneLine(run(cmd, zero.toString()), "/dev/zero: is more than 1048576 bytes; allowed: a YAML file of at most 1 MiB");
            }
        }
        Path huge = Files.writeString(dir.resolve("huge.yaml"), "name: x\n");
        try (var f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(1500L << 20);
        }
        assertOneLine(run("plan", huge.toString()), huge + ": is 1572864000 bytes; allowed: a YAML file of at most 1 MiB");
        assertOneLine(run("run", huge.toString()), huge + ": is 1572864000 bytes; allowed: a YAML file of at most 1 MiB");
    }

    @Test
    void planAndRunOfAnOverflowingGridAreRefusedBeforeExpansion() throws IOException {
        String variant = "  - {activation: [linear, relu], positions: [pre, mid], shortcut: {from: 0, to: 10000}, "
                + "depth: {from: 1, to: 10000}, init: [zero, xavier], learning_rate: {from: 1e-300, to: 1e300, per_decade: 16}}\n";
        Path spec = Files.writeString(dir.resolve("grid.yaml"),
                "name: overflow\nseeds: 10000\nepochs: 1\nhessian: none\nvariants:\n" + variant.repeat(10));
        for (String cmd : new String[] {"plan", "run"}) {
            assertOneLine(run(cmd, spec.toString()), spec + ": axes: the grid holds ");
            assertTrue(run(cmd, spec.toString()).err().contains(" runs; allowed: at most 1000000 runs per sweep"));
        }
    }
}
