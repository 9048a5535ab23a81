package org.resweep.driver.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data check runs the loader's own validation (Datasets.describe) and reports its problem under the spec
 * path; these tests check that the path, the data name, the file and the problem all reach the message.
 */
class DataSourceTest {
    static final String ALLOWED = "; allowed: " + DataSource.ALLOWED;

    /** An IDX file: magic, dims, then prod(dims) bytes from {@code fill}. */
    static byte[] idx(int magic, int[] dims, int fill) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeInt(magic);
            for (int d : dims) out.writeInt(d);
            long body = 1;
            for (int d : dims) body *= d;
            for (long i = 0; i < body; i++) out.write((int) ((i * 37 + fill) % (fill == 0 ? 256 : 10)));
        }
        return b.toByteArray();
    }

    static void write(Path p, byte[] bytes, boolean gz) throws IOException {
        try (OutputStream raw = Files.newOutputStream(p); OutputStream out = gz ? new GZIPOutputStream(raw) : raw) {
            out.write(bytes);
        }
    }

    static SpecException fails(String name, String path) {
        return assertThrows(SpecException.class, () -> DataSource.check(name, path));
    }

    @Test
    void mnist10kIsTheEmbeddedSample() {
        assertEquals(new DataSource("mnist10k", 10_000), DataSource.check("mnist10k", "data"));
    }

    @Test
    void idxFilesPlainAndGzipped(@TempDir Path dir) throws IOException {
        write(dir.resolve("a-images-idx3-ubyte"), idx(0x803, new int[] {30, 4, 4}, 0), false);
        write(dir.resolve("a-labels-idx1-ubyte.gz"), idx(0x801, new int[] {30}, 3), true);
        String name = "idx:" + dir.resolve("a");
        assertEquals(new DataSource(name, 30), DataSource.check(name, "data"));
    }

    static final String DISJOINT = "; allowed: a set disjoint from data: mnist10k:test with data: mnist10k:train, or idx:PREFIX "
            + "files other than data's";

    /** review7 F1: a held-out set that is (part of) the training set was accepted and labelled held-out. */
    @Test
    void heldOutSetSharingDigitsWithTheTrainingSetIsRefused(@TempDir Path dir) throws IOException {
        String[][] overlapping = {{"mnist10k", "mnist10k:test"}, {"mnist10k", "mnist10k:train"}, {"mnist10k", "mnist10k"},
                {"mnist10k:train", "mnist10k:train"}, {"mnist10k:test", "mnist10k:test"}, {"mnist10k:test", "mnist10k"}};
        for (String[] c : overlapping) {
            SpecException e = assertThrows(SpecException.class,
                    () -> DataSource.checkDisjoint(DataSource.check(c[0], "data"), DataSource.check(c[1], "test_data"), "test_data"), c[1]);
            assertEquals("test_data: '" + c[1] + "' shares its digits with data '" + c[0] + "' (the held-out digits would be trained on)"
                    + DISJOINT, e.getMessage());
        }
        DataSource.checkDisjoint(DataSource.check("mnist10k:train", "data"), DataSource.check("mnist10k:test", "test_data"), "test_data");
        DataSource.checkDisjoint(DataSource.check("mnist10k:test", "data"), DataSource.check("mnist10k:train", "test_data"), "test_data");
        // idx: the same files under another name (a copy) are the same set; other files are not
        for (String p : new String[] {"a", "copy", "other"}) {
            write(dir.resolve(p + "-images-idx3-ubyte"), idx(0x803, new int[] {30, 4, 4}, p.equals("other") ? 1 : 0), false);
            write(dir.resolve(p + "-labels-idx1-ubyte"), idx(0x801, new int[] {30}, 3), false);
        }
        DataSource a = DataSource.check("idx:" + dir.resolve("a"), "data");
        DataSource copy = DataSource.check("idx:" + dir.resolve("copy"), "test_data");
        SpecException e = assertThrows(SpecException.class, () -> DataSource.checkDisjoint(a, copy, "test_data"));
        assertEquals("test_data: '" + copy.name() + "' shares its digits with data '" + a.name() + "' (the held-out digits would be "
                + "trained on)" + DISJOINT, e.getMessage());
        assertThrows(SpecException.class, () -> DataSource.checkDisjoint(a, a, "test_data"));
        DataSource.checkDisjoint(a, DataSource.check("idx:" + dir.resolve("other"), "test_data"), "test_data");
        DataSource.checkDisjoint(DataSource.check("mnist10k", "data"), a, "test_data");
        // through the parser: data defaults to mnist10k, which holds mnist10k:test's digits; a list of data sets is checked entry by entry
        String spec = "name: t\nepochs: 10\ntest_data: mnist10k:test\naxes:\n  depth: 2\n  shortcut: 0\n  init: xavier\n  learning_rate: 0.1\n";
        SpecException p = assertThrows(SpecException.class, () -> SweepSpecParser.parse(spec, "leak.yaml"));
        assertTrue(p.getMessage().startsWith("leak.yaml: test_data: 'mnist10k:test' shares its digits with data 'mnist10k'"), p.getMessage());
        assertThrows(SpecException.class, () -> SweepSpecParser.parse(spec.replace("name: t\n", "name: t\ndata: [mnist10k:train, mnist10k:test]\n"), "l.yaml"));
        assertEquals(1, SweepSpecParser.parse(spec.replace("name: t\n", "name: t\ndata: mnist10k:train\n"), "ok.yaml").data().size());
    }

    /** IDX files {@code dir/name-*} of 4×4 digits, sample k made from {@code ids[k]}: equal ids, equal samples (image and label). */
    static String digits(Path dir, String name, int... ids) throws IOException {
        java.io.ByteArrayOutputStream img = new java.io.ByteArrayOutputStream(), lab = new java.io.ByteArrayOutputStream();
        try (DataOutputStream i = new DataOutputStream(img); DataOutputStream l = new DataOutputStream(lab)) {
            i.writeInt(0x803);
            i.writeInt(ids.length);
            i.writeInt(4);
            i.writeInt(4);
            l.writeInt(0x801);
            l.writeInt(ids.length);
            for (int id : ids) {
                for (int k = 0; k < 16; k++) i.write((id * 31 + k * 7 + (id >> 3) * k) & 0xFF);
                l.write(id % 10);
            }
        }
        write(dir.resolve(name + "-images-idx3-ubyte"), img.toByteArray(), false);
        write(dir.resolve(name + "-labels-idx1-ubyte.gz"), lab.toByteArray(), true);
        return "idx:" + dir.resolve(name);
    }

    static int[] range(int from, int to) { return java.util.stream.IntStream.range(from, to).toArray(); }

    /**
     * Held-out files that only partly overlap the training files (other files, other hashes): sample by sample. A share
     * of at least 1% is refused naming both sets and the count; fewer shared samples (public sets have a few) are a
     * warning the parser hands on in {@link SweepSpec#warnings}. The same image with another label is another sample.
     */
    @Test
    void heldOutFilesPartlyOverlappingTheTrainingFilesAreFoundSampleBySample(@TempDir Path dir) throws IOException {
        String train = digits(dir, "train", range(0, 300));
        DataSource tr = DataSource.check(train, "data");
        String cut = digits(dir, "cut", range(280, 380)); // 20 of its 100 samples are training samples
        SpecException e = assertThrows(SpecException.class, () -> DataSource.checkDisjoint(tr, DataSource.check(cut, "test_data"), "test_data"));
        assertEquals("test_data: '" + cut + "' holds 20 of its 100 samples (image and label, byte for byte; the first at index 0) that "
                + "data '" + train + "' holds too: they would be trained on" + DISJOINT + ", sharing fewer than 1% of the held-out samples",
                e.getMessage());
        int[] few = range(1000, 1300);
        few[17] = 5; // one training sample among 300: 0.33%
        String near = digits(dir, "near", few);
        assertEquals(java.util.Optional.of("test_data: '" + near + "' holds 1 of its 300 samples (image and label, byte for byte; the first "
                + "at index 17) that data '" + train + "' holds too (fewer than 1% of them: used; test_loss and test_accuracy include them)"),
                DataSource.checkDisjoint(tr, DataSource.check(near, "test_data"), "test_data"));
        assertEquals(java.util.Optional.empty(), DataSource.checkDisjoint(tr, DataSource.check(digits(dir, "apart", range(1000, 1300)), "test_data"),
                "test_data"));
        // an image of the training set under another label is not the same sample
        Path relabel = dir.resolve("relabel");
        Files.createDirectories(relabel);
        String other = digits(relabel, "x", range(0, 100));
        byte[] labels = new byte[8 + 100];
        java.nio.ByteBuffer.wrap(labels).putInt(0x801).putInt(100);
        for (int k = 0; k < 100; k++) labels[8 + k] = (byte) ((k + 1) % 10);
        write(relabel.resolve("x-labels-idx1-ubyte.gz"), labels, true);
        assertEquals(java.util.Optional.empty(), DataSource.checkDisjoint(tr, DataSource.check(other, "test_data"), "test_data"));
        // the embedded training half against files that hold none of it: nothing shared
        assertEquals(java.util.Optional.empty(), DataSource.checkDisjoint(DataSource.check("mnist10k:train", "data"),
                DataSource.check(near, "test_data"), "test_data"));
        // through the parser: the warning reaches the spec, the refusal names the spec file
        String spec = "name: t\nepochs: 10\ndata: " + train + "\ntest_data: " + near + "\naxes:\n  depth: 2\n  shortcut: 0\n  init: xavier\n"
                + "  learning_rate: 0.1\n";
        assertEquals(1, SweepSpecParser.parse(spec, "w.yaml").warnings().size());
        assertTrue(SweepSpecParser.parse(spec, "w.yaml").warnings().get(0).startsWith("test_data: '" + near + "' holds 1 of its 300"));
        SpecException p = assertThrows(SpecException.class, () -> SweepSpecParser.parse(spec.replace(near, cut), "cut.yaml"));
        assertTrue(p.getMessage().startsWith("cut.yaml: test_data: '" + cut + "' holds 20 of its 100 samples"), p.getMessage());
        assertEquals(java.util.List.of(), SweepSpecParser.parse(spec.replace(near, "idx:" + dir.resolve("apart")), "ok.yaml").warnings());
    }

    @Test
    void unknownNameOrEmptyPrefix() {
        assertEquals("data: 'cifar10' is not allowed" + ALLOWED, fails("cifar10", "data").getMessage());
        assertEquals("data[2]: 'idx:' is not allowed" + ALLOWED, fails("idx:", "data[2]").getMessage());
    }

    @Test
    void wrongMagicNamesTheFile(@TempDir Path dir) throws IOException {
        write(dir.resolve("a-images-idx3-ubyte"), idx(0x801, new int[] {30}, 3), false);
        write(dir.resolve("a-labels-idx1-ubyte"), idx(0x801, new int[] {30}, 3), false);
        String name = "idx:" + dir.resolve("a");
        String m = fails(name, "data").getMessage();
        assertTrue(m.startsWith("data: '" + name + "' is not usable: "), m);
        assertTrue(m.contains(dir.resolve("a-images-idx3-ubyte") + ": magic number = 0x00000801"), m);
        assertTrue(m.endsWith(ALLOWED), m);
    }

    @Test
    void countMismatchIsReported(@TempDir Path dir) throws IOException {
        write(dir.resolve("a-images-idx3-ubyte"), idx(0x803, new int[] {30, 4, 4}, 0), false);
        write(dir.resolve("a-labels-idx1-ubyte"), idx(0x801, new int[] {31}, 3), false);
        String m = fails("idx:" + dir.resolve("a"), "data[0]").getMessage();
        assertTrue(m.startsWith("data[0]: 'idx:" + dir.resolve("a") + "' is not usable: sample counts differ"), m);
    }

    @Test
    void truncatedFileIsReported(@TempDir Path dir) throws IOException {
        byte[] full = idx(0x803, new int[] {30, 4, 4}, 0);
        write(dir.resolve("a-images-idx3-ubyte"), Arrays.copyOf(full, full.length - 5), false);
        write(dir.resolve("a-labels-idx1-ubyte"), idx(0x801, new int[] {30}, 3), false);
        String m = fails("idx:" + dir.resolve("a"), "data").getMessage();
        assertTrue(m.contains(dir.resolve("a-images-idx3-ubyte") + ": truncated"), m);
    }

    @Test
    void missingFilesAreNamed(@TempDir Path dir) throws IOException {
        write(dir.resolve("a-images-idx3-ubyte"), idx(0x803, new int[] {30, 4, 4}, 0), false);
        String m = fails("idx:" + dir.resolve("a"), "data").getMessage();
        assertTrue(m.contains("no labels file found; tried " + dir.resolve("a") + "-labels-idx1-ubyte, "), m);
    }
}
