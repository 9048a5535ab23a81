package org.resweep.core.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Python script under {@code /usr/bin/python3} (Debian's interpreter, where python3-numpy lives) for
 * cross-checks against NumPy. Tests that use it must skip (Assumptions) when {@link #available()} is false.
 */
public final class NumpyProcess {
    static final String PYTHON = "/usr/bin/python3";
    private static Boolean available;

    private NumpyProcess() {}

    /** Whether {@code /usr/bin/python3 -c 'import numpy'} succeeds. */
    public static synchronized boolean available() {
        if (available == null) {
            try {
                Process p = new ProcessBuilder(PYTHON, "-c", "import numpy").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                available = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                available = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                available = false;
            }
        }
        return available;
    }

    /** Runs {@code script} with the given arguments; returns its standard output, or throws with its output. */
    public static String run(Path workDir, String script, String... args) throws IOException, InterruptedException {
        Path file = workDir.resolve("check.py");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        String[] cmd = new String[args.length + 2];
        cmd[0] = PYTHON;
        cmd[1] = file.toString();
        System.arraycopy(args, 0, cmd, 2, args.length);
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python timed out: " + out);
        }
        if (p.exitValue() != 0) throw new AssertionError("python failed (" + p.exitValue() + "): " + out);
        return out.strip();
    }
}
