package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.jobs.testing.Processes;

/**
 * The {@code ./resweep} launcher of a built checkout that was copied elsewhere and whose copy was then moved: it runs
 * from another working directory, without rebuilding, without the original's classes, and prints no JVM warning.
 * Runs after {@code package} (it needs jobs/target/resweep-spark.jar and classpath.txt); copies only what the
 * launcher reads (sources for its staleness check, the jar, the classpath file), with their modification times.
 */
class LauncherIT {
    static final String INCUBATOR_WARNING = "WARNING: Using incubator modules";

    record Result(int code, String out, String err) {}

    @TempDir
    Path tmp;

    /** Copies what the launcher reads of a built checkout (not .git) to {@code copy}, keeping modification times. */
    static void copyBuiltCheckout(Path root, Path copy) throws IOException {
        for (String p : List.of("resweep", "pom.xml", "conf", "scripts", "worker-core/pom.xml", "worker-core/src/main",
                "driver/pom.xml", "driver/src/main", "jobs/pom.xml", "jobs/src/main",
                "jobs/target/resweep-spark.jar", "jobs/target/classpath.txt")) {
            copyTree(root.resolve(p), copy.resolve(p));
        }
    }

    @Test
    void copiedAndMovedCheckoutRunsFromAnotherDirectory() throws Exception {
        Path root = Processes.repoRoot();
        Path copy = tmp.resolve("first-place");
        copyBuiltCheckout(root, copy);
        String cp = Files.readString(copy.resolve("jobs/target/classpath.txt"));
        assertFalse(cp.contains(root.toString() + "/"), "classpath.txt names the checkout it was built in: " + cp);

        Path moved = tmp.resolve("moved").resolve("checkout");
        Files.createDirectories(moved.getParent());
        Files.move(copy, moved);
        Path cwd = Files.createDirectories(tmp.resolve("elsewhere"));

        Result v = launch(moved.resolve("resweep"), cwd, "--version");
        assertEquals(0, v.code(), v.err());
        assertFalse(v.err().contains("building"), "the copy rebuilt: " + v.err());
        assertFalse(v.err().contains(INCUBATOR_WARNING), v.err());
        String[] lines = v.out().split("\n");
        assertTrue(lines[0].matches("resweep \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?(\\+g[0-9a-f]{10}(\\.dirty)?)?"), v.out());
        assertTrue(lines[1].startsWith("commit "), v.out());
        String head = gitHead(root);
        if (head != null) assertTrue(lines[0].contains("+g" + head.substring(0, 10)), v.out() + " vs HEAD " + head);

        Result r = launch(moved.resolve("resweep"), cwd, "inspect", "--depth", "4", "--shortcut", "2", "--init", "zero",
                "--export-spectrum", "spectrum.npy");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains(INCUBATOR_WARNING), r.err());
        assertEquals(0.5, Json.toDouble(Json.read(r.out()).get("index")));
        assertTrue(Files.isRegularFile(cwd.resolve("spectrum.npy")), "relative paths are relative to the working directory");

        Result plan = launch(moved.resolve("resweep"), cwd, "plan", moved.resolve("conf/sweeps/example.yaml").toString());
        assertEquals(0, plan.code(), plan.err());
        assertTrue(plan.out().startsWith("sweep example "), plan.out());
        assertFalse(plan.err().contains(INCUBATOR_WARNING), plan.err());

        // A user mistake still reaches stderr, whole (only the JVM's warning line is dropped).
        Result bad = launch(moved.resolve("resweep"), cwd, "inspect", "--depth", "4", "--shortcut", "3", "--init", "zero");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("depth: 4 is not a multiple of shortcut length 3"), bad.err());
        assertFalse(bad.err().contains(INCUBATOR_WARNING), bad.err());
    }

    @Test
    void stderrLosesOnlyTheJvmWarningAndOnlyAsTheFirstLine() throws Exception {
        Path copy = tmp.resolve("checkout");
        copyBuiltCheckout(Processes.repoRoot(), copy);
        // A stand-in JVM (JAVA_HOME/bin/java) that writes known stderr lines and exits with a known code.
        Path javaHome = tmp.resolve("fake-jdk");
        Path java = Files.createDirectories(javaHome.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/usr/bin/env bash\nprintf '%s' \"$FAKE_STDERR\" >&2\necho out\nexit 3\n");
        assertTrue(java.toFile().setExecutable(true));
        String warning = "WARNING: Using incubator modules: jdk.incubator.vector\n";
        String[][] cases = {
                {warning + "resweep: depth: 4 is not allowed\n", "resweep: depth: 4 is not allowed\n"},
                {"first\n" + warning, "first\n" + warning},          // not the first line: kept
                {warning, ""},
                {"", ""},
                {"no newline at the end", "no newline at the end\n"},
        };
        for (String[] c : cases) {
            Result r = launch(copy.resolve("resweep"), Files.createDirectories(tmp.resolve("cwd")),
                    Map.of("JAVA_HOME", javaHome.toString(), "FAKE_STDERR", c[0]), "--version");
            assertEquals(3, r.code(), "the JVM's exit code");
            assertEquals("out\n", r.out());
            assertEquals(c[1], r.err(), "stderr for " + c[0]);
        }
    }

    @Test
    void gitVersionScriptWritesNoCommitOutsideAGitWorkTree() throws Exception {
        Path out = tmp.resolve("git.properties");
        Path notGit = Files.createDirectories(tmp.resolve("tarball"));
        Process p = new ProcessBuilder("bash", Processes.repoRoot().resolve("scripts/git-version").toString(),
                out.toString(), notGit.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), log);
        assertEquals("commit=\ndirty=\n", Files.readString(out));
    }

    static Result launch(Path launcher, Path cwd, String... args) throws Exception {
        return launch(launcher, cwd, Map.of(), args);
    }

    /** Runs the launcher; stderr is read to its end (the launcher's filter closes it after the JVM's last write). */
    static Result launch(Path launcher, Path cwd, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", launcher.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(cwd.getParent(), "launcher", ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectOutput(out.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "launcher hangs");  // a hang guard, not a speed limit
        return new Result(p.exitValue(), Files.readString(out), err);
    }

    static String gitHead(Path root) {
        try {
            Process p = new ProcessBuilder("git", "-C", root.toString(), "rev-parse", "HEAD").start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 && s.matches("[0-9a-f]{40}") ? s : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    /** Copies a file or a directory tree, keeping modification times. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            s.forEach(src -> {
                Path dst = to.resolve(from.relativize(src).toString());
                try {
                    if (Files.isDirectory(src)) {
                        Files.createDirectories(dst);
                    } else {
                        Files.createDirectories(dst.getParent());
                        Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
