package org.resweep.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.resweep.core.util.BadInputException;

/**
 * Checks, before any Spark work, that an output directory option can be used, by trying it: the missing
 * directories are created and a temporary probe file is created in the directory and removed; then exactly what the
 * check created (the probe and the directories that did not exist) is removed again — nothing else is touched.
 * Permission bits alone are not trusted (root passes them; {@code /proc} and read-only mounts refuse new files
 * anyway). Hadoop URIs ({@code hdfs://…}) are left to their filesystem.
 */
final class OutDir {
    static final String ALLOWED = "a new or existing writable directory";

    private OutDir() {}

    /**
     * @param dir    the directory a command will write
     * @param option how the user gave it, for the message ({@code --out}, or {@code --out (default output/NAME)})
     * @throws ExitCodes.UserError naming the option, the path and what is allowed
     */
    static void requireWritable(Path dir, String option) {
        if (dir.toString().contains("://")) return;
        String shown = BadInputException.echo(dir);
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw bad(option, shown + " is a file, not a directory");
        Path abs = dir.toAbsolutePath().normalize();
        Deque<Path> missing = new ArrayDeque<>();
        Path p = abs;
        while (p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            missing.push(p);
            p = p.getParent();
        }
        if (p != null && !Files.isDirectory(p)) {
            throw bad(option, shown + " cannot be created: " + BadInputException.echo(p) + " is a file, not a directory");
        }
        List<Path> created = new ArrayList<>();
        try {
            for (Path m : missing) {
                Files.createDirectory(m);
                created.add(m);
            }
            Path probe = Files.createTempFile(abs, ".resweep-probe-", ".tmp");
            Files.delete(probe);
        } catch (IOException | UncheckedIOException | SecurityException e) {
            throw bad(option, shown + (missing.isEmpty() ? " is not writable" : " cannot be created") + " (" + reason(e) + ")");
        } finally {
            for (int i = created.size() - 1; i >= 0; i--) {
                try {
                    Files.deleteIfExists(created.get(i));
                } catch (IOException ignored) {
                    // not empty any more: someone else wrote into it; leave it
                }
            }
        }
    }

    /** Why a file operation failed, without the temporary file names the JDK puts in its messages. */
    static String reason(Exception e) {
        if (e instanceof UncheckedIOException u) return reason(u.getCause());
        if (e instanceof NoSuchFileException) return "no such file or directory";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileAlreadyExistsException) return "a file of that name exists";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName(); // never "null"
    }

    private static ExitCodes.UserError bad(String option, String problem) {
        return new ExitCodes.UserError(option + ": " + problem + "; allowed: " + ALLOWED);
    }
}
