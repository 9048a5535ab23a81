package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.core.util.BadInputException;

/**
 * What {@link PublishedFiles} finds in a figures folder that resweep did not put there: a file named
 * {@code superseded}, symbolic links with a figure's name (dangling or not), a {@code .resweep-files.json} that is
 * huge or deeply nested. Nothing of the user's is lost or changed, and a user's mistake is one line (exit 2) before
 * anything is written. Runs in the 256 MiB surefire execution (its name ends in HostileInputTest).
 */
class PublishedFilesHostileInputTest {
    @TempDir
    Path tmp;

    private static List<String> publish(Path folder, String... namesAndContents) throws Exception {
        List<String> notices = new ArrayList<>();
        try (PublishedFiles out = new PublishedFiles(new org.apache.hadoop.fs.Path(folder.toUri()), new Configuration())) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                Path f = out.local(namesAndContents[i]);
                Files.createDirectories(f.getParent());
                Files.writeString(f, namesAndContents[i + 1]);
            }
            out.publish(notices::add);
        }
        return notices;
    }

    @Test
    void aFileNamedSupersededIsNamedInOneLineBeforeAnythingIsWritten() throws Exception {
        Path figs = Files.createDirectories(tmp.resolve("figures"));
        Files.writeString(figs.resolve("b.png"), "mine");
        Files.writeString(figs.resolve("superseded"), "my notes");
        BadInputException e = assertThrows(BadInputException.class, () -> publish(figs, "a.png", "A", "b.png", "B"));
        assertTrue(e.getMessage().contains("superseded is not a folder") && e.getMessage().contains("b.png"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertFalse(Files.exists(figs.resolve("a.png")), "nothing placed (a.png sorts before the conflicting b.png)");
        assertEquals("mine", Files.readString(figs.resolve("b.png")));
        assertEquals("my notes", Files.readString(figs.resolve("superseded")));

        publish(figs, "a.png", "A"); // no file of the user's in the way: the folder name does not matter
        assertEquals("A", Files.readString(figs.resolve("a.png")));
    }

    @Test
    void symbolicLinksWithFigureNamesAreMovedAsideNotFollowed() throws Exception {
        Path figs = Files.createDirectories(tmp.resolve("figures"));
        Path target = Files.writeString(tmp.resolve("target.txt"), "the user's file");
        Files.createSymbolicLink(figs.resolve("a.png"), tmp.resolve("nowhere.png")); // dangling
        Files.createSymbolicLink(figs.resolve("b.png"), target);
        List<String> notices = publish(figs, "a.png", "A", "b.png", "B");
        assertEquals("A", Files.readString(figs.resolve("a.png")));
        assertEquals("B", Files.readString(figs.resolve("b.png")));
        assertFalse(Files.isSymbolicLink(figs.resolve("a.png")) || Files.isSymbolicLink(figs.resolve("b.png")));
        assertEquals(tmp.resolve("nowhere.png"), Files.readSymbolicLink(figs.resolve("superseded/a.png")));
        assertEquals(target, Files.readSymbolicLink(figs.resolve("superseded/b.png")));
        assertEquals("the user's file", Files.readString(target), "a link's target is never written");
        assertEquals(2, notices.size(), notices.toString());
    }

    @Test
    void aHugeOrDeeplyNestedRecordOwnsNothing() throws Exception {
        Path figs = Files.createDirectories(tmp.resolve("figures"));
        Path record = figs.resolve(PublishedFiles.RECORD);
        try (RandomAccessFile f = new RandomAccessFile(record.toFile(), "rw")) {
            f.setLength(300L << 20); // sparse: more than the 256 MiB heap this test runs with
        }
        Files.writeString(figs.resolve("a.png"), "mine");
        publish(figs, "a.png", "A");
        assertEquals("A", Files.readString(figs.resolve("a.png")));
        assertEquals("mine", Files.readString(figs.resolve("superseded/a.png")), "a record not resweep's owns nothing");
        assertTrue(Files.size(record) < 4096, "replaced by resweep's own record");

        Files.writeString(record, "[".repeat(200_000), StandardCharsets.UTF_8);
        Files.writeString(figs.resolve("a.png"), "mine again");
        publish(figs, "a.png", "A2");
        assertEquals("A2", Files.readString(figs.resolve("a.png")));
        assertEquals("mine again", Files.readString(figs.resolve("superseded/a.png.1")));
    }

    @Test
    void aFolderThatCannotBeWrittenIsOneLineNotAnInternalError() throws Exception {
        Path file = Files.writeString(tmp.resolve("results"), "a file of the user's, where the figures folder would go");
        ExitCodes.EnvironmentFailure e = assertThrows(ExitCodes.EnvironmentFailure.class,
                () -> publish(file.resolve("figures"), "a.png", "A"));
        assertTrue(e.getMessage().startsWith("cannot write ") && e.getMessage().contains("a.png"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertEquals("a file of the user's, where the figures folder would go", Files.readString(file));
    }
}
