package org.resweep.jobs.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.io.FileUtils;
import org.resweep.jobs.Main;

/**
 * A class-data archive (AppCDS) for the command-line JVMs that {@link Processes#cli} starts, as the launcher keeps one
 * for its classpath (docs/launcher.md): each such JVM maps the classes a warm-up sweep loaded instead of loading and
 * verifying them again, which saves several seconds of CPU per JVM.
 *
 * <p>Made once per test JVM, at the first command-line JVM, when {@code -Dresweep.it.cds=true} (failsafe sets it; a
 * surefire JVM starts one or two such JVMs, fewer than the warm-up costs): Java 17 archives no class of a non-empty
 * directory, so the test classpath's directories (target/classes, target/test-classes) are first copied into jars at
 * the same places of the classpath (same classes, same order), then a warm-up {@code run} of two tiny runs writes the
 * archive at its exit, a JVM must map it ({@code -Xshare:on}), and only then is it used. Anything failing on the way
 * leaves the plain test classpath without an archive: a test never fails or changes because of it. The archive and
 * the jars are deleted when the test JVM exits.
 */
final class ChildClassData {
    /** The classpath and the JVM options of a command-line JVM. */
    record Setup(List<String> classpath, List<String> jvmFlags) {}

    private static Setup setup;

    private ChildClassData() {}

    /** The archive's setup, made at the first call; the plain test classpath when disabled or unavailable. */
    static synchronized Setup get() {
        if (setup == null) {
            Setup plain = new Setup(Processes.testClasspath(), List.of());
            setup = plain;
            if (Boolean.getBoolean("resweep.it.cds")) {
                try {
                    setup = make();
                } catch (IOException | RuntimeException e) {
                    System.err.println("ChildClassData: no class-data archive for the command-line JVMs (" + e + ")");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return setup;
    }

    private static Setup make() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "child-class-data");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> FileUtils.deleteQuietly(dir.toFile()), "delete child class data"));
        List<String> classpath = new ArrayList<>();
        for (String entry : Processes.testClasspath()) {
            Path p = Path.of(entry);
            classpath.add(isNonEmptyDirectory(p) ? jar(p, dir.resolve(classpath.size() + "-" + p.getFileName() + ".jar")).toString() : entry);
        }
        Path spec = Files.writeString(dir.resolve("warm-up.yaml"), String.join("\n",
                "name: it-cds-warm-up", "data: mnist10k", "seeds: 1", "epochs: 5", "hessian: init_end", "axes:",
                "  activation: linear", "  depth: 2", "  shortcut: 0", "  init: xavier", "  learning_rate: [0.03, 0.3]", ""));
        Path archive = dir.resolve("cli.jsa");
        Path partial = dir.resolve("cli.jsa.partial");
        Path log = dir.resolve("warm-up.log");
        String cp = String.join(File.pathSeparator, classpath);
        List<String> warmUp = new ArrayList<>(Processes.moduleFlags());
        warmUp.addAll(List.of("-Xmx1g", "-Xlog:cds*=off", "-XX:ArchiveClassesAtExit=" + partial, "-cp", cp, Main.class.getName(),
                "run", spec.toString(), "--out", dir.resolve("warm-up").toString(), "--master", "local[2]"));
        List<String> check = List.of("-Xshare:on", "-Xlog:cds*=off", "-XX:SharedArchiveFile=" + partial, "-cp", cp, "-version");
        if (java(warmUp, log) != 0 || java(check, log) != 0 || !Files.isRegularFile(partial)) {
            throw new IOException("the warm-up failed; log:\n" + Processes.tail(log));
        }
        Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
        return new Setup(List.copyOf(classpath), List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off"));
    }

    private static int java(List<String> args, Path log) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        Process p = pb.start();
        if (!p.waitFor(Processes.seconds(600), TimeUnit.SECONDS)) {
            Processes.killTree(p.toHandle());
            return -1;
        }
        return p.exitValue();
    }

    private static boolean isNonEmptyDirectory(Path p) throws IOException {
        if (!Files.isDirectory(p)) return false;
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isPresent();
        }
    }

    /** The files under {@code dir} as the jar {@code jar} (entries named relative to {@code dir}, directories included). */
    static Path jar(Path dir, Path jar) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(f -> !f.equals(dir)).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Path f : files) {
                String name = dir.relativize(f).toString().replace(File.separatorChar, '/');
                boolean isDir = Files.isDirectory(f);
                zip.putNextEntry(new ZipEntry(isDir ? name + "/" : name));
                if (!isDir) Files.copy(f, zip);
                zip.closeEntry();
            }
        }
        return jar;
    }
}
