package org.resweep.jobs;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before any Spark work, that an output directory option can be used: an existing writable directory, or
 * a path whose nearest existing ancestor is a writable directory (so it can be created). Hadoop URIs
 * ({@code hdfs://…}) are left to their filesystem.
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
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) throw bad(option, dir + " is a file, not a directory");
            if (!Files.isWritable(dir) || !Files.isExecutable(dir)) throw bad(option, dir + " is not writable");
            return;
        }
        Path p = dir.toAbsolutePath().getParent();
        while (p != null && !Files.exists(p)) p = p.getParent();
        if (p == null) return;
        if (!Files.isDirectory(p)) throw bad(option, dir + " cannot be created: " + p + " is a file, not a directory");
        if (!Files.isWritable(p) || !Files.isExecutable(p)) {
            throw bad(option, dir + " cannot be created: " + p + " is not writable");
        }
    }

    private static ExitCodes.UserError bad(String option, String problem) {
        return new ExitCodes.UserError(option + ": " + problem + "; allowed: " + ALLOWED);
    }
}
