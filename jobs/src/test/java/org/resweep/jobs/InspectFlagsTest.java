package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.core.util.Npy;

/**
 * {@code inspect} flags are checked against the spec's limits, and export targets are probed, before the data is
 * loaded or anything computed: every case below names a data set that does not exist ({@code idx:/nonexistent}), so
 * a message about the flag proves the flag was checked first. Weights are read from one stream (pipes work).
 */
class InspectFlagsTest {
    static final String NO_DATA = "idx:/nonexistent/none";

    @TempDir Path dir;

    static PlanCommandTest.Result run(String... args) { return PlanCommandTest.run(args); }

    static void assertOneLine(PlanCommandTest.Result r, String expected) {
        assertEquals(2, r.code(), r.err());
        assertEquals("resweep: " + expected + "\n", r.err().replace("\r", ""));
        assertFalse(r.err().contains("\tat "), r.err());
    }

    static PlanCommandTest.Result inspect(String depth, String shortcut, String... more) {
        String[] base = {"inspect", "--data", NO_DATA, "--depth", depth, "--shortcut", shortcut, "--init", "xavier"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return run(all);
    }

    @Test
    void depthAndShortcutHaveTheSpecLimitsCheckedBeforeTheDataLoad() {
        assertOneLine(inspect("2147483647", "0", "--no-hessian"), "--depth: 2147483647 is not allowed; allowed: 1 to 10000");
        assertOneLine(inspect("1000000", "0", "--no-hessian"), "--depth: 1000000 is not allowed; allowed: 1 to 10000");
        assertOneLine(inspect("0", "0"), "--depth: 0 is not allowed; allowed: 1 to 10000");
        assertOneLine(inspect("200", "0"), "--depth: 200 gives P = 20000 parameters; allowed: depth ≤ 163 with the "
                + "Hessian (its P × P matrix takes 8·P² bytes), or --no-hessian");
        assertOneLine(inspect("4", "3"), "--shortcut: 3 does not divide --depth 4; allowed: 0 (plain) or a divisor of the depth");
        assertOneLine(inspect("4", "-1"), "--shortcut: -1 is not allowed; allowed: 0 (plain) to 10000");
        assertOneLine(inspect("2", "0", "--seed", "-3"), "--seed: -3 is not allowed; allowed: integers ≥ 0");
        assertOneLine(inspect("2", "0", "--init-scale", "NaN"), "--init-scale: NaN is not allowed; allowed: finite numbers > 0");
        assertOneLine(inspect("2", "0", "--epochs", "3", "--lr", "-1"), "--lr: -1.0 is not allowed; allowed: finite numbers > 0");
        // the value parsers name the spec's field; inspect names its flag (review7 F4)
        assertOneLine(inspect("2", "0", "--positions", "bogus"), "--positions: unknown value 'bogus'; allowed: pre, mid, post");
        assertTrue(inspect("2", "0", "--activation", "bogus").err().startsWith("resweep: --activation: unknown value 'bogus'; allowed: "));
        // within the limits, the data set is the first problem, named by its flag
        PlanCommandTest.Result data = inspect("2", "0");
        assertEquals(2, data.code(), data.err());
        assertTrue(data.err().startsWith("resweep: --data: "), data.err());
        assertEquals(1, data.err().strip().lines().count(), data.err());
    }

    @Test
    void exportTargetsAreCheckedBeforeAnythingIsComputed() throws IOException {
        Path d = Files.createDirectory(dir.resolve("adir"));
        assertOneLine(inspect("2", "0", "--export-hessian", d.toString()),
                "--export-hessian: '" + d + "' is a directory; allowed: a file path (the .npy is written there)");
        Path file = Files.writeString(dir.resolve("afile"), "mine");
        assertOneLine(inspect("2", "0", "--export-data", file.toString()),
                "--export-data: '" + file + "' is a file; allowed: a directory (created if missing, in an existing directory) to write X.npy and Y.npy into");
        assertEquals("mine", Files.readString(file));
        Path under = file.resolve("x.npy"); // a directory that cannot exist: its parent is a file
        assertOneLine(inspect("2", "0", "--export-spectrum", under.toString()), "--export-spectrum: cannot write '" + under + "': '"
                + file + "' is not a directory; allowed: a path in an existing directory (create it first)");
        Path ro = Files.createDirectory(dir.resolve("ro"));
        if (ro.toFile().setWritable(false) && !Files.isWritable(ro)) { // not as root
            PlanCommandTest.Result r = inspect("2", "0", "--export-spectrum", ro.resolve("s.npy").toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().startsWith("resweep: --export-spectrum: cannot write '" + ro.resolve("s.npy") + "' ("), r.err());
            assertFalse(r.err().contains(".tmp"), "no temporary file names: " + r.err());
        }
        if (Files.isDirectory(Path.of("/proc/self"))) {
            PlanCommandTest.Result proc = inspect("2", "0", "--export-hessian", "/proc/x.npy");
            assertEquals(2, proc.code(), proc.err());
            assertTrue(proc.err().startsWith("resweep: --export-hessian: cannot write '/proc/x.npy' ("), proc.err());
            assertFalse(proc.err().contains(".tmp"), proc.err());
        }
        try (var s = Files.list(d)) {
            assertEquals(0, s.count(), "the probe file is removed");
        }
    }

    /**
     * An export into a directory that does not exist is refused (exit 2, one line naming it), nothing created: a typo in a
     * directory name must not create a tree. {@code --export-data DIR} creates DIR itself, only in an existing parent.
     */
    @Test
    void exportsIntoAMissingDirectoryAreRefusedNotCreated() throws IOException {
        Path typo = dir.resolve("reslts");
        assertOneLine(inspect("2", "0", "--export-hessian", typo.resolve("h.npy").toString()), "--export-hessian: cannot write '"
                + typo.resolve("h.npy") + "': directory '" + typo + "' does not exist; allowed: a path in an existing directory (create it first)");
        assertOneLine(inspect("2", "0", "--export-data", typo.resolve("data").toString()), "--export-data: cannot write '" + typo.resolve("data")
                + "': directory '" + typo + "' does not exist; allowed: a path in an existing directory (create it first); --export-data "
                + "creates only its own last directory");
        assertFalse(Files.exists(typo), "a missing directory was created");
        // --export-data's own directory in an existing parent is created (and written: the embedded data)
        PlanCommandTest.Result r = run("inspect", "--depth", "2", "--shortcut", "0", "--init", "xavier", "--no-hessian", "--export-data",
                dir.resolve("data").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(dir.resolve("data").resolve("X.npy")));
    }

    /**
     * review7 F4: an existing file is never replaced, two exports never share a file, and exported files get the
     * permissions of any new file (the umask's), not a temporary file's 0600.
     */
    @Test
    void exportsNeverOverwriteNeverCollideAndHonourTheUmask() throws IOException {
        Path mine = Files.writeString(dir.resolve("mine.npy"), "precious");
        assertOneLine(inspect("2", "0", "--export-spectrum", mine.toString()), "--export-spectrum: '" + mine + "' exists (resweep does "
                + "not overwrite files); allowed: a path where no file is yet — move or remove the old one first");
        assertEquals("precious", Files.readString(mine));
        Path s1 = dir.resolve("s1.npy");
        assertOneLine(inspect("2", "0", "--export-spectrum", s1.toString(), "--export-hessian", dir.resolve("sub/../s1.npy").toString()),
                "--export-hessian, --export-spectrum: both write '" + s1 + "'; allowed: a different file for each export");
        Path data = dir.resolve("data");
        assertOneLine(inspect("2", "0", "--export-data", data.toString(), "--export-weights", data.resolve("Y.npy").toString()),
                "--export-weights, --export-data: both write '" + data.resolve("Y.npy") + "'; allowed: a different file for each export");
        Files.createDirectories(data);
        Files.writeString(data.resolve("X.npy"), "mine too");
        assertOneLine(inspect("2", "0", "--export-data", data.toString()), "--export-data: '" + data + "' holds X.npy already (resweep "
                + "does not overwrite files); allowed: a path where no file is yet — move or remove the old one first");
        assertEquals("mine too", Files.readString(data.resolve("X.npy")));
        assertFalse(Files.exists(s1));

        // a real export (the embedded data): the files have the permissions of any file created now in that directory
        Path out = Files.createDirectory(dir.resolve("out"));
        PlanCommandTest.Result r = run("inspect", "--depth", "2", "--shortcut", "0", "--init", "xavier", "--export-spectrum",
                out.resolve("s.npy").toString(), "--export-data", out.resolve("d").toString());
        assertEquals(0, r.code(), r.err());
        Assumptions.assumeTrue(out.getFileSystem().supportedFileAttributeViews().contains("posix"));
        var plain = Files.getPosixFilePermissions(Files.writeString(dir.resolve("plain"), "x"));
        assertTrue(plain.contains(java.nio.file.attribute.PosixFilePermission.OWNER_READ), plain.toString());
        for (Path f : new Path[] {out.resolve("s.npy"), out.resolve("d/X.npy"), out.resolve("d/Y.npy")}) {
            assertEquals(plain, Files.getPosixFilePermissions(f), f.toString());
        }
        assertEquals(200, Npy.read(out.resolve("s.npy")).data().length);
        try (var l = Files.list(out)) {
            assertEquals(List.of("d", "s.npy"), l.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file is left");
        }
    }

    private Path fifo(String name) throws Exception {
        Path f = dir.resolve(name);
        Process mk = new ProcessBuilder("mkfifo", f.toString()).inheritIO().start();
        Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo is not available");
        return f;
    }

    @Test
    void weightsAreReadOnceSoAPipeWorksAndAnEndlessOneIsBounded() throws Exception {
        Path good = dir.resolve("w.npy");
        double[] w = new double[2 * 10 * 10];
        for (int i = 0; i < w.length; i++) w[i] = (i % 11 == 0) ? 1.0 : 0.01 * (i % 7);
        Npy.write(good, w, 2, 10, 10);
        PlanCommandTest.Result fromFile = run("inspect", "--depth", "2", "--shortcut", "0", "--no-hessian", "--weights", good.toString());
        assertEquals(0, fromFile.code(), fromFile.err());

        Path pipe = fifo("w.fifo");
        byte[] bytes = Files.readAllBytes(good);
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(pipe)) {
                out.write(bytes);
            } catch (IOException ignored) {
                // the reader stopped reading
            }
        });
        writer.start();
        PlanCommandTest.Result fromPipe = run("inspect", "--depth", "2", "--shortcut", "0", "--no-hessian", "--weights", pipe.toString());
        writer.join();
        assertEquals(0, fromPipe.code(), fromPipe.err());
        String loss = "\"loss\"";
        assertEquals(fromFile.out().substring(fromFile.out().indexOf(loss), fromFile.out().indexOf("\"init\"")),
                fromPipe.out().substring(fromPipe.out().indexOf(loss), fromPipe.out().indexOf("\"init\"")));

        Path endless = fifo("endless.fifo");
        Thread flood = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(endless)) {
                out.write(Npy.header(2, 10, 10));
                byte[] zeros = new byte[1 << 16];
                while (true) out.write(zeros);
            } catch (IOException ignored) {
                // broken pipe: the reader stopped reading
            }
        });
        flood.start();
        PlanCommandTest.Result r = run("inspect", "--depth", "2", "--shortcut", "0", "--no-hessian", "--weights", endless.toString());
        flood.join();
        assertOneLine(r, "--weights: " + endless + ": unexpected bytes after the 200 values of shape [2, 10, 10]");
    }

    @Test
    void longValuesAreEchoedCappedInOneShortLine() {
        String name = "x".repeat(5000);
        PlanCommandTest.Result r = run("inspect", "--data", name, "--depth", "2", "--shortcut", "0", "--init", "xavier");
        assertOneLine(r, "--data: data set: '" + "x".repeat(80) + "…(5000 chars)' is unknown; " + r.err().substring(
                r.err().indexOf("is unknown; ") + "is unknown; ".length()).strip());
        assertTrue(r.err().length() < 400, r.err());
        String prefix = "idx:" + "/nonexistent".repeat(500);
        PlanCommandTest.Result idx = run("inspect", "--data", prefix, "--depth", "2", "--shortcut", "0", "--init", "xavier");
        assertEquals(2, idx.code(), idx.err());
        assertTrue(idx.err().startsWith("resweep: --data: data set '"), idx.err());
        assertTrue(idx.err().length() < 1000, idx.err().length() + ": " + idx.err());
    }
}
