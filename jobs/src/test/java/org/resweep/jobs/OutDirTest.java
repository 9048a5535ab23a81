package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OutDir} tries the directory (creates it and a probe file) and leaves exactly what was there. */
class OutDirTest {
    @TempDir Path dir;

    @Test
    void aDirectoryThatRefusesNewFilesIsBadInputEvenForRoot() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc here");
        ExitCodes.UserError e = assertThrows(ExitCodes.UserError.class,
                () -> OutDir.requireWritable(Path.of("/proc/foo"), "--out"));
        assertTrue(e.getMessage().startsWith("--out: /proc/foo cannot be created ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("; allowed: a new or existing writable directory"), e.getMessage());
        assertFalse(Files.exists(Path.of("/proc/foo")));
    }

    @Test
    void aNewNestedDirectoryPassesAndNothingIsLeftBehind() throws IOException {
        Path out = dir.resolve("a/b/c");
        OutDir.requireWritable(out, "--out");
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count(), "the directories the check created are removed again");
        }
        Path existing = Files.createDirectory(dir.resolve("existing"));
        Files.writeString(existing.resolve("mine.txt"), "keep");
        OutDir.requireWritable(existing, "--out");
        try (var s = Files.list(existing)) {
            assertEquals(1, s.count(), "only the user's file remains");
        }
        assertEquals("keep", Files.readString(existing.resolve("mine.txt")));
    }

    @Test
    void aFileOrAFileAncestorIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        assertEquals("--out: " + file + " is a file, not a directory; allowed: a new or existing writable directory",
                assertThrows(ExitCodes.UserError.class, () -> OutDir.requireWritable(file, "--out")).getMessage());
        Path under = file.resolve("sub");
        assertEquals("--out: " + under + " cannot be created: " + file + " is a file, not a directory; allowed: a new or "
                + "existing writable directory",
                assertThrows(ExitCodes.UserError.class, () -> OutDir.requireWritable(under, "--out")).getMessage());
    }

    @Test
    void aggregateNamesItsPositionalDirNotOut() throws IOException {
        Path none = dir.resolve("nonexistent");
        PlanCommandTest.Result r = PlanCommandTest.run("aggregate", none.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("resweep: DIR: " + none + " does not exist; allowed: the directory `resweep run` wrote (default "
                + "output/<name>/)\n", r.err().replace("\r", ""));
        Path empty = Files.createDirectory(dir.resolve("empty"));
        PlanCommandTest.Result e = PlanCommandTest.run("aggregate", empty.toString());
        assertEquals("resweep: DIR: " + empty + " is not a sweep directory (no sweep.json, no runs/ table); allowed: the directory "
                + "`resweep run` wrote (default output/<name>/)\n", e.err().replace("\r", ""));
    }
}
