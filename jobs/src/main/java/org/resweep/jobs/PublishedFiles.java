package org.resweep.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.resweep.core.util.BadInputException;
import org.resweep.driver.store.SweepFs;
import org.resweep.driver.store.SweepPaths;

/**
 * The files a command writes for people to read — figures (PNG), {@code report.md} — placed into a directory on any
 * Hadoop filesystem ({@code plot DIR}, {@code reproduce --out DIR}; local, HDFS, S3 …).
 *
 * <p>The writers (XChart, the report writer) write into a local staging directory ({@link #local}); {@link #publish}
 * then places each staged file at the same relative path under the target directory through the Hadoop FileSystem
 * API, whole ({@link SweepFs#createWhole}: a temporary file and a rename without overwrite, or one object on an
 * object store), and deletes the staging directory on {@link #close}.
 *
 * <p>Files resweep did not write are never overwritten or deleted. Each target folder holds a record,
 * {@value #RECORD}, of the content hashes (SHA-256) resweep wrote under each name. An existing file is replaced only
 * when its current content is one resweep wrote there (so also not a figure you edited since); any other file of that
 * name is moved to {@code superseded/} in its folder (never deleted) with a notice, and the new file takes its place.
 * The record is updated before a file is placed, so a crash leaves no file of resweep's unrecorded.
 */
final class PublishedFiles implements AutoCloseable {
    /** The record of what resweep wrote in a folder (a hidden file of that folder). */
    static final String RECORD = ".resweep-files.json";
    /** Where a file resweep did not write is moved when resweep writes a file of that name. */
    static final String SUPERSEDED = "superseded";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** A record longer than this is not one resweep wrote (a few hundred bytes per file): it is treated as damaged. */
    static final long MAX_RECORD_BYTES = 4L << 20;

    private final Path target;
    private final SweepFs fs;
    private final java.nio.file.Path staging;
    private final Thread cleanup;

    /**
     * @param target the qualified directory ({@link SweepDirs#resolveEarly}) the files go to
     * @param conf   the Hadoop configuration of the session
     */
    PublishedFiles(Path target, Configuration conf) throws IOException {
        this.target = target;
        this.fs = new SweepFs(target, conf);
        this.staging = Files.createTempDirectory("resweep-out-");
        this.cleanup = new Thread(this::deleteStaging, "resweep-out-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup); // also when the command fails or is interrupted
    }

    /** Where a writer puts the file that will be published as {@code TARGET/rel} (a local path). */
    java.nio.file.Path local(String rel) { return staging.resolve(rel).toAbsolutePath(); }

    /** The place a staged file is published to. */
    Path targetOf(java.nio.file.Path staged) {
        return new Path(target, staging.relativize(staged.toAbsolutePath()).toString().replace('\\', '/'));
    }

    /**
     * Publishes every file staged so far (sorted by relative path).
     *
     * @param notices one line per file of someone else's moved aside
     * @return the staged file → where it now is, in order
     */
    Map<java.nio.file.Path, Path> publish(Consumer<String> notices) throws IOException {
        List<java.nio.file.Path> staged;
        try (Stream<java.nio.file.Path> s = Files.walk(staging)) {
            staged = s.filter(Files::isRegularFile).map(java.nio.file.Path::toAbsolutePath).sorted().toList();
        }
        for (java.nio.file.Path f : staged) checkAsideFolder(f); // before anything is placed
        Map<java.nio.file.Path, Path> out = new LinkedHashMap<>();
        for (java.nio.file.Path f : staged) {
            Path t = targetOf(f);
            try {
                place(Files.readAllBytes(f), t, notices);
            } catch (IOException e) { // the filesystem refused (a read-only folder, a file where a folder must be …)
                String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                throw new ExitCodes.EnvironmentFailure("cannot write " + SweepPaths.display(t) + " (" + e.getClass().getSimpleName()
                        + ": " + BadInputException.echo(why) + "); no file resweep did not write was changed", e);
            }
            out.put(f, t);
        }
        return out;
    }

    /**
     * Publishes every staged file ({@link #publish}), then deletes the staging directory.
     *
     * @param report the staged report (a file under {@link #local})
     * @return where the report now is, as shown to the user
     */
    String publishReport(java.nio.file.Path report, Consumer<String> notices) throws IOException {
        try {
            return SweepPaths.display(publish(notices).get(report));
        } finally {
            close();
        }
    }

    /**
     * Refuses (exit 2, one line) to publish when a file of someone else's would have to be moved aside into
     * {@code superseded/} and that name is taken by something that is not a folder.
     */
    private void checkAsideFolder(java.nio.file.Path staged) throws IOException {
        Path t = targetOf(staged);
        Path folder = t.getParent();
        if (!existsNoFollow(t)) return;
        String now = contentHash(t);
        String hash = sha256(Files.readAllBytes(staged));
        if (hash.equals(now) || now != null && readRecord(folder).getOrDefault(t.getName(), List.of()).contains(now)) return;
        Path aside = new Path(folder, SUPERSEDED);
        if (existsNoFollow(aside) && !fs.isDirectory(aside)) {
            throw new BadInputException(SweepPaths.display(aside) + " is not a folder: resweep moves a file it did not write ("
                    + SweepPaths.display(t) + ") there before writing a file of that name; move or rename "
                    + SweepPaths.display(aside) + " and rerun");
        }
    }

    /** The SHA-256 of the file at {@code t}, or null when {@code t} is a folder or a symbolic link (never resweep's). */
    private String contentHash(Path t) throws IOException {
        if (isSymlink(t) || fs.isDirectory(t)) return null;
        return sha256(t);
    }

    /** Whether anything is at {@code p}, a symbolic link included (whether or not its target exists). */
    private boolean existsNoFollow(Path p) throws IOException {
        if ("file".equals(fs.fs().getScheme())) return Files.exists(java.nio.file.Path.of(p.toUri()), LinkOption.NOFOLLOW_LINKS);
        return fs.exists(p);
    }

    private boolean isSymlink(Path p) {
        return "file".equals(fs.fs().getScheme()) && Files.isSymbolicLink(java.nio.file.Path.of(p.toUri()));
    }

    private void place(byte[] bytes, Path t, Consumer<String> notices) throws IOException {
        Path folder = t.getParent();
        String name = t.getName();
        String hash = sha256(bytes);
        fs.mkdirs(folder);
        Map<String, List<String>> record = readRecord(folder);
        List<String> mine = record.getOrDefault(name, List.of());
        if (existsNoFollow(t)) {
            String now = contentHash(t);
            if (hash.equals(now)) { // already this content (ours or not): nothing to write
                if (!mine.contains(hash)) notices.accept("resweep: " + SweepPaths.display(t) + " already holds this content; left as it is");
                return;
            }
            if (now == null || !mine.contains(now)) {
                moveAside(t, notices);
            }
        }
        List<String> hashes = new ArrayList<>(mine);
        hashes.remove(hash);
        hashes.add(hash);
        while (hashes.size() > 2) hashes.remove(0); // the content in place now (if ours) and the new one
        record.put(name, hashes);
        writeRecord(folder, record); // first: a crash after it leaves no file of ours unrecorded
        if (existsNoFollow(t)) fs.delete(t, false); // ours: its content is one resweep wrote here (checked above)
        fs.createWhole(t, bytes);
    }

    private void moveAside(Path t, Consumer<String> notices) throws IOException {
        Path dir = new Path(t.getParent(), SUPERSEDED);
        fs.mkdirs(dir);
        Path aside = new Path(dir, t.getName());
        for (int k = 1; existsNoFollow(aside); k++) aside = new Path(dir, t.getName() + "." + k);
        fs.rename(t, aside);
        notices.accept("resweep: " + SweepPaths.display(t) + " was not written by resweep (or was changed since); moved to "
                + SweepPaths.display(aside) + " and replaced");
    }

    private Map<String, List<String>> readRecord(Path folder) throws IOException {
        Path f = new Path(folder, RECORD);
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (!fs.exists(f)) return out;
        try {
            if (fs.fs().getFileStatus(f).getLen() > MAX_RECORD_BYTES) return out; // not resweep's: damaged
            JsonNode n = MAPPER.readTree(fs.read(f));
            n.path("files").fields().forEachRemaining(e -> {
                List<String> hs = new ArrayList<>();
                e.getValue().forEach(h -> hs.add(h.asText()));
                out.put(e.getKey(), hs);
            });
        } catch (IOException | RuntimeException e) {
            // damaged: resweep then owns nothing here, so it overwrites nothing (files are moved aside instead)
            return new LinkedHashMap<>();
        }
        return out;
    }

    private void writeRecord(Path folder, Map<String, List<String>> record) throws IOException {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("about", "files resweep wrote in this folder: name -> SHA-256 of their content; resweep replaces only these");
        ObjectNode files = n.putObject("files");
        record.forEach((k, v) -> v.forEach(files.withArray(k)::add));
        fs.replace(new Path(folder, RECORD), n.toPrettyString() + "\n");
    }

    private String sha256(Path p) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = fs.fs().open(p)) {
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) md.update(buf, 0, r);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String sha256(byte[] b) {
        return HexFormat.of().formatHex(digest().digest(b));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes the local staging directory (resweep's own temporary folder). */
    @Override
    public void close() {
        deleteStaging();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
    }

    private void deleteStaging() {
        if (!Files.exists(staging)) return;
        try (Stream<java.nio.file.Path> s = Files.walk(staging)) {
            for (java.nio.file.Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temporary folder: left for the OS to clean
        }
    }
}
