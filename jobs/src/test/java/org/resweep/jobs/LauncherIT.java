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
import org.apache.commons.io.FileUtils;
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
    static void copyBuiltCheckout(Path root, Path copy) throws IOException, InterruptedException {
        for (String p : List.of("resweep", "pom.xml", "conf", "scripts", "worker-core/pom.xml", "worker-core/src/main",
                "driver/pom.xml", "driver/src/main", "jobs/pom.xml", "jobs/src/main",
                "jobs/target/resweep-spark.jar", "jobs/target/classpath.txt")) {
            copyTree(root.resolve(p), copy.resolve(p));
        }
        // What ./resweep records after building the original (its build-input list hashed by cksum): the copy's list
        // is the same (relative paths, kept times), so the copy does not rebuild.
        Files.writeString(copy.resolve("jobs/target/built-from.properties"),
                "commit=\ndirty=\ninputs=" + sh(root, "bash scripts/build-inputs . | cksum | tr -d ' '").strip() + "\n");
    }

    static String sh(Path dir, String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), script + ": " + out);
        return out;
    }

    /**
     * A checkout with the launcher, its scripts and the build inputs, plus a stand-in jar and classpath, a stand-in
     * JVM (prints "ran") and a stand-in Maven on PATH that appends a line to mvn-calls (and first waits for the file
     * mvn-go when MVN_WAIT is set): what the launcher decides is observable without a 100 s build.
     */
    record FakeCheckout(Path root, Path calls, Map<String, String> env) {
        long builds() throws IOException {
            return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
        }
    }

    FakeCheckout fakeCheckout(String name) throws Exception {
        Path root = Processes.repoRoot();
        Path copy = tmp.resolve(name);
        for (String p : List.of(".gitignore", "resweep", "pom.xml", "conf", "scripts", "worker-core/pom.xml", "worker-core/src/main",
                "driver/pom.xml", "driver/src/main", "jobs/pom.xml", "jobs/src/main")) {
            copyTree(root.resolve(p), copy.resolve(p));
        }
        Path jar = Files.createDirectories(copy.resolve("jobs/target")).resolve("resweep-spark.jar");
        Files.writeString(jar, "");
        Files.writeString(copy.resolve("jobs/target/classpath.txt"), jar.toString());
        Path bin = Files.createDirectories(tmp.resolve(name + "-bin"));
        Path calls = tmp.resolve(name + "-mvn-calls");
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/usr/bin/env bash\necho \"$*\" >> " + calls + "\n"
                + "if [[ -n \"${MVN_WAIT:-}\" ]]; then while [[ ! -e " + tmp.resolve(name + "-mvn-go") + " ]]; do sleep 0.1; done; fi\n");
        Path java = Files.createDirectories(tmp.resolve(name + "-jdk/bin")).resolve("java");
        Files.writeString(java, "#!/usr/bin/env bash\necho ran\n");
        assertTrue(mvn.toFile().setExecutable(true) && java.toFile().setExecutable(true));
        return new FakeCheckout(copy, calls, Map.of("PATH", bin + ":" + System.getenv("PATH"),
                "JAVA_HOME", java.getParent().getParent().toString()));
    }

    static Result launchOk(FakeCheckout c, Path cwd) throws Exception {
        Result r = launch(c.root().resolve("resweep"), cwd, c.env(), "--version");
        assertEquals(0, r.code(), r.err());
        assertEquals("ran\n", r.out());
        return r;
    }

    static String gitVersion(Path dir) throws Exception {
        return sh(dir, "bash scripts/git-version /dev/stdout . | cat");
    }

    /**
     * In a git clone, files outside the build inputs (a user's spec, an output directory) neither rebuild nor make
     * the build dirty; a new source file does both; and a deleted source file rebuilds even when the tree was already
     * dirty (the git state is unchanged then: only the build inputs' list shows it).
     */
    @Test
    void rebuildsWhenAndOnlyWhenBuildInputsChange() throws Exception {
        FakeCheckout c = fakeCheckout("git-clone");
        Path cwd = Files.createDirectories(tmp.resolve("cwd"));
        sh(c.root(), "git init -q . && git add -A && git -c user.name=t -c user.email=t@t commit -q -m init");
        launchOk(c, cwd);
        assertEquals(1, c.builds(), "first use builds");
        launchOk(c, cwd);
        assertEquals(1, c.builds(), "nothing changed");
        assertEquals("dirty=false", gitVersion(c.root()).split("\n")[1]);

        Files.copy(c.root().resolve("conf/sweeps/example.yaml"), c.root().resolve("my.yaml"));
        Files.createDirectories(c.root().resolve("results/example")).resolve("x.parquet").toFile().createNewFile();
        assertTrue(launchOk(c, cwd).err().isEmpty());
        assertEquals(1, c.builds(), "a spec and results in the checkout are not build inputs");
        assertEquals("dirty=false", gitVersion(c.root()).split("\n")[1]);

        Path src = c.root().resolve("jobs/src/main/java/org/resweep/jobs");
        Files.writeString(src.resolve("Extra.java"), "class Extra {}\n");
        assertTrue(launchOk(c, cwd).err().contains("resweep: building"));
        assertEquals(2, c.builds(), "a new source file");
        assertEquals("dirty=true", gitVersion(c.root()).split("\n")[1]);

        Files.move(src.resolve("PlotCommand.java"), tmp.resolve("PlotCommand.java"));
        assertEquals("dirty=true", gitVersion(c.root()).split("\n")[1], "the git state alone does not show it");
        launchOk(c, cwd);
        assertEquals(3, c.builds(), "a deleted source file in an already modified tree");
        launchOk(c, cwd);
        assertEquals(3, c.builds());
    }

    /** Two launches that both find the build stale: the second waits for the first's build and uses it. */
    @Test
    void concurrentLaunchesBuildOnce() throws Exception {
        FakeCheckout c = fakeCheckout("concurrent");
        Path cwd = Files.createDirectories(tmp.resolve("cwd"));
        Map<String, String> env = new java.util.HashMap<>(c.env());
        env.put("MVN_WAIT", "1");
        Path errA = tmp.resolve("a.err");
        Path errB = tmp.resolve("b.err");
        Process a = start(c.root(), cwd, env, errA);
        while (c.builds() == 0) {
            assertTrue(a.isAlive(), Files.readString(errA));
            Thread.sleep(50);
        }
        Process b = start(c.root(), cwd, env, errB);
        while (!Files.readString(errB).contains("waiting for another launch's build")) {
            assertTrue(b.isAlive(), Files.readString(errB));
            assertEquals(1, c.builds(), "the second launch started a build of its own");
            Thread.sleep(50);
        }
        Files.createFile(tmp.resolve("concurrent-mvn-go"));
        assertTrue(a.waitFor(10, TimeUnit.MINUTES) && b.waitFor(10, TimeUnit.MINUTES), "launcher hangs"); // hang guard
        assertEquals(0, a.exitValue(), Files.readString(errA));
        assertEquals(0, b.exitValue(), Files.readString(errB));
        assertEquals(1, c.builds(), "one build");
        assertFalse(Files.readString(errB).contains("resweep: building"), Files.readString(errB));
    }

    static Process start(Path checkout, Path cwd, Map<String, String> env, Path err) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", checkout.resolve("resweep").toString(), "--version")
                .directory(cwd.toFile()).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    /** A broken environment is one line and exit 1, before any build or JVM. */
    @Test
    void brokenEnvironmentIsOneLine() throws Exception {
        FakeCheckout c = fakeCheckout("env");
        Path cwd = Files.createDirectories(tmp.resolve("cwd"));
        Result r = launch(c.root().resolve("resweep"), cwd, Map.of("JAVA_HOME", "/nonexistent"), "--version");
        assertEquals(1, r.code(), r.err());
        assertEquals("resweep: JAVA_HOME=/nonexistent has no bin/java; set JAVA_HOME to a Java 17+ installation, or "
                + "unset it to use the java on PATH\n", r.err());

        // The build directory cannot be created (a file stands in its place; works as root too).
        FileUtils.deleteDirectory(c.root().resolve("jobs/target").toFile());
        Files.writeString(c.root().resolve("jobs/target"), "");
        r = launch(c.root().resolve("resweep"), cwd, c.env(), "--version");
        assertEquals(1, r.code(), r.err());
        assertEquals("resweep: needs a build, and " + c.root().toRealPath().resolve("jobs/target")
                + " is not writable; make the checkout writable or run a built copy\n", r.err());
        assertEquals(0, c.builds());
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
        assertTrue(bad.err().contains("--shortcut: 3 does not divide --depth 4"), bad.err());
        assertFalse(bad.err().contains(INCUBATOR_WARNING), bad.err());
    }

    @Test
    void stderrLosesOnlyTheJvmWarningAndOnlyAsTheFirstLine() throws Exception {
        Path copy = tmp.resolve("checkout");
        copyBuiltCheckout(Processes.repoRoot(), copy);
        // A stand-in JVM (JAVA_HOME/bin/java) that writes known stderr lines and exits with a known code; before it
        // exits it does what resweep's Main does (StderrFilter): closes its stderr (the JDK puts /dev/null in its place)
        // and waits for the launcher's filter to end (a zombie: the filter is the exec'd launcher's child).
        Path javaHome = tmp.resolve("fake-jdk");
        Path java = Files.createDirectories(javaHome.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/usr/bin/env bash\nprintf '%s' \"$FAKE_STDERR\" >&2\necho out\nexec 2>/dev/null\n"
                + "f=/proc/${RESWEEP_STDERR_FILTER_PID:?}/stat\n"
                + "while [[ -e $f && \"$(cut -d' ' -f3 $f)\" != Z ]]; do sleep 0.01; done\nexit 3\n");
        assertTrue(java.toFile().setExecutable(true));
        String warning = "WARNING: Using incubator modules: jdk.incubator.vector\n";
        String[][] cases = {
                {warning + "resweep: depth: 4 is not allowed\n", "resweep: depth: 4 is not allowed\n"},
                {"first\n" + warning, "first\n" + warning},          // not the first line: kept
                {warning, ""},
                {"", ""},
                {"no newline at the end", "no newline at the end"},           // byte for byte
                {warning.strip(), ""},                                          // the warning cut short at exit
                {"\rrun 1/3\rrun 3/3\n" + warning, "\rrun 1/3\rrun 3/3\n" + warning}, // a redrawn line first
                {warning.replace("vector", "vector."), warning.replace("vector", "vector.")},
                // more than a pipe's 64 KiB: all of it arrives before the process's exit (Java's Process drops the rest)
                {"x".repeat(50_000) + "\n" + warning + "y".repeat(50_000), "x".repeat(50_000) + "\n" + warning + "y".repeat(50_000)},
                // JAVA_TOOL_OPTIONS set: the JVM's "Picked up" line comes first and is kept; the warning still goes
                {"Picked up JAVA_TOOL_OPTIONS: -Xss2m\n" + warning + "x\n", "Picked up JAVA_TOOL_OPTIONS: -Xss2m\nx\n"},
                {"Picked up JAVA_TOOL_OPTIONS: -Xss2m\nfirst\n" + warning, "Picked up JAVA_TOOL_OPTIONS: -Xss2m\nfirst\n" + warning},
        };
        // Three rounds: lines written after the launcher's exit were once lost only now and then.
        for (int round = 0; round < 3; round++) for (String[] c : cases) {
            Result r = launch(copy.resolve("resweep"), Files.createDirectories(tmp.resolve("cwd")),
                    Map.of("JAVA_HOME", javaHome.toString(), "FAKE_STDERR", c[0]), "--version");
            assertEquals(3, r.code(), "the JVM's exit code");
            assertEquals("out\n", r.out());
            if (c[1].length() > 200) {  // no 100 KB strings in a failure message: lengths and where they differ
                int at = 0;
                while (at < Math.min(c[1].length(), r.err().length()) && c[1].charAt(at) == r.err().charAt(at)) at++;
                assertEquals(c[1].length() + " chars", r.err().length() + " chars", "stderr differs at char " + at);
            } else {
                assertEquals(c[1], r.err(), "stderr for " + c[0]);
            }
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
