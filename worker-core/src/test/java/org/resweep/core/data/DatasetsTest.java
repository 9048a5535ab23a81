package org.resweep.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    @TempDir Path dir;

    private String writeSet(String prefix, int count, long seed, boolean gz) {
        byte[][] f = IdxFiles.random(count, 4, 4, seed);
        String ext = gz ? ".gz" : "";
        IdxFiles.write(dir.resolve(prefix + "-images-idx3-ubyte" + ext), gz ? IdxFiles.gzip(f[0]) : f[0]);
        IdxFiles.write(dir.resolve(prefix + "-labels-idx1-ubyte" + ext), gz ? IdxFiles.gzip(f[1]) : f[1]);
        return "idx:" + dir.resolve(prefix);
    }

    @Test
    void unknownNameListsAllowedForms() {
        String msg = assertThrows(DataFormatException.class, () -> Datasets.load("mnist")).getMessage();
        assertTrue(msg.contains("'mnist' is unknown") && msg.contains("mnist10k") && msg.contains("idx:PREFIX"), msg);
        assertThrows(DataFormatException.class, () -> Datasets.load(null));
        assertTrue(assertThrows(DataFormatException.class, () -> Datasets.load("idx:")).getMessage().contains("empty PREFIX"));
    }

    @Test
    void missingFilesNameEveryPathTried() {
        String prefix = dir.resolve("absent").toString();
        String msg = assertThrows(DataFormatException.class, () -> Datasets.describe("idx:" + prefix)).getMessage();
        for (String c : Datasets.candidates(prefix, "images", "idx3")) assertTrue(msg.contains(c), msg);
        assertTrue(msg.contains("no images file"), msg);
    }

    @Test
    void loadsIdxRawAndGzipIdentically() {
        String raw = writeSet("raw", 50, 7, false), gz = writeSet("gz", 50, 7, true);
        Dataset a = Datasets.load(raw), b = Datasets.load(gz);
        assertEquals(50, a.n());
        assertEquals(raw, a.name());
        assertEquals(a.rawHash(), b.rawHash());
        assertTrue(java.util.Arrays.equals(a.x(), b.x()));
        DataInfo info = Datasets.describe(gz);
        assertEquals(50, info.count());
        assertTrue(info.imagesSource().endsWith("gz-images-idx3-ubyte.gz"), info.imagesSource());
        assertEquals(a.rawHash(), info.rawHash());
    }

    @Test
    void dotNamedFilesAreFound() throws Exception {
        String name = writeSet("dot", 30, 8, false);
        Files.move(dir.resolve("dot-images-idx3-ubyte"), dir.resolve("dot-images.idx3-ubyte"));
        assertEquals(30, Datasets.describe(name).count());
    }

    @Test
    void cachedUntilAFileChanges() throws Exception {
        String name = writeSet("c", 40, 9, false);
        Dataset first = Datasets.load(name);
        assertSame(first, Datasets.load(name));
        byte[][] f = IdxFiles.random(45, 4, 4, 10);
        Path img = dir.resolve("c-images-idx3-ubyte");
        IdxFiles.write(img, f[0]);
        IdxFiles.write(dir.resolve("c-labels-idx1-ubyte"), f[1]);
        Files.setLastModifiedTime(img, FileTime.fromMillis(Files.getLastModifiedTime(img).toMillis() + 5000));
        Dataset second = Datasets.load(name);
        assertEquals(45, second.n());
        assertNotEquals(first.rawHash(), second.rawHash());
        assertSame(second, Datasets.load(name));
    }

    @Test
    void failuresAreNotCached() {
        String name = writeSet("f", 40, 11, false);
        IdxFiles.write(dir.resolve("f-labels-idx1-ubyte"), IdxFiles.labels(3, new byte[] {1, 2, 3}));
        assertThrows(DataFormatException.class, () -> Datasets.load(name));
        writeSet("f", 40, 11, false);
        assertEquals(40, Datasets.load(name).n());
    }

    @Test
    void concurrentLoadsShareOneResult() throws Exception {
        Datasets.clearCache();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Dataset>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) fs.add(pool.submit(() -> Datasets.load("mnist10k")));
            Dataset first = fs.get(0).get();
            for (Future<Dataset> f : fs) assertSame(first, f.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void validateRunsThePca() {
        byte[][] f = IdxFiles.random(8, 4, 4, 12);
        IdxFiles.write(dir.resolve("small-images-idx3-ubyte"), f[0]);
        IdxFiles.write(dir.resolve("small-labels-idx1-ubyte"), f[1]);
        String name = "idx:" + dir.resolve("small");
        assertEquals(8, Datasets.describe(name).count(), "describe checks the files only");
        assertThrows(DataFormatException.class, () -> Datasets.validate(name));
    }
}
