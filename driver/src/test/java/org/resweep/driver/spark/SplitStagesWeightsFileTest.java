package org.resweep.driver.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The staged weights file of a split run: bit-exact round trip, and a damaged file refused, never read as weights. */
class SplitStagesWeightsFileTest {
    @TempDir java.nio.file.Path dir;

    private static double[] weights(int p) {
        double[] w = new double[p];
        for (int i = 0; i < p; i++) w[i] = Math.sin(i * 0.37) * Math.pow(10, (i % 7) - 3) * (i % 5 == 0 ? -1 : 1);
        w[3] = Double.MIN_VALUE;
        w[4] = -0.0;
        return w;
    }

    /** The filesystem resweep uses for a local sweep: no .crc side files, so only the file's own CRC-32 guards it. */
    private FileSystem fs() {
        return org.resweep.driver.store.SweepPaths.fs(new Path(dir.toUri()), new Configuration());
    }

    private Path written(double[] w) throws Exception {
        FileSystem fs = fs();
        Path file = new Path(dir.resolve("w-7.bin").toUri());
        SplitStages.write(fs, file, w);
        return file;
    }

    @Test
    void weightsComeBackBitForBit() throws Exception {
        double[] w = weights(1000);
        Path file = written(w);
        double[] back = SplitStages.read(fs(), file, 1000);
        for (int i = 0; i < w.length; i++) {
            assertTrue(Double.doubleToRawLongBits(w[i]) == Double.doubleToRawLongBits(back[i]), "weight " + i);
        }
        assertArrayEquals(w, back);
    }

    @Test
    void oneFlippedBitInAWeightIsRefused() throws Exception {
        Path file = written(weights(1000));
        java.nio.file.Path local = dir.resolve("w-7.bin");
        try (RandomAccessFile f = new RandomAccessFile(local.toFile(), "rw")) {
            f.seek(4 + 8 * 500 + 7);           // the lowest byte of weight 500: a change of one ulp
            int b = f.read();
            f.seek(4 + 8 * 500 + 7);
            f.write(b ^ 1);
        }
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> SplitStages.read(fs(), file, 1000));
        assertTrue(e.getMessage().contains("CRC-32"), e.getMessage());
    }

    @Test
    void shortLongerAndOtherSizeFilesAreRefused() throws Exception {
        Path file = written(weights(100));
        FileSystem fs = fs();
        assertThrows(UncheckedIOException.class, () -> SplitStages.read(fs, file, 101));
        java.nio.file.Path local = dir.resolve("w-7.bin");
        Files.write(local, new byte[] {1}, StandardOpenOption.APPEND);
        assertThrows(UncheckedIOException.class, () -> SplitStages.read(fs, file, 100));
        byte[] all = Files.readAllBytes(local);
        Files.write(local, java.util.Arrays.copyOf(all, all.length - 9));
        assertThrows(UncheckedIOException.class, () -> SplitStages.read(fs, file, 100));
    }
}
