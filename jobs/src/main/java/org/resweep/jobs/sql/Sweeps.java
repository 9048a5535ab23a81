package org.resweep.jobs.sql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.store.SweepMeta;
import org.resweep.jobs.ExitCodes;

/**
 * Resolves {@code --out} values into the sweeps a query reads. A value names a sweep directory (it has a
 * {@code runs/} table), or a directory of sweep directories (every sub-directory that is a sweep, sorted by
 * name). Without {@code --out}: every sweep under {@code output/}. Local paths are checked here; Hadoop URIs
 * ({@code hdfs://…}, {@code s3a://…}) are passed on as given, for the Spark engine.
 */
public final class Sweeps {
    /** The default directory of sweeps. */
    public static final Path OUTPUT = Path.of("output");

    private Sweeps() {}

    /** Whether {@code location} is a Hadoop URI of a non-local filesystem (has a scheme other than {@code file}). */
    public static boolean isRemote(String location) {
        int colon = location.indexOf("://");
        if (colon <= 0) return false;
        String scheme = location.substring(0, colon);
        return scheme.matches("[A-Za-z][A-Za-z0-9+.-]*") && !scheme.equalsIgnoreCase("file");
    }

    /**
     * @param outs the {@code --out} values (empty: {@code output/}); Not modified.
     * @throws ExitCodes.UserError a value that is neither a sweep nor a directory of sweeps
     */
    public static List<SweepSource> resolve(List<String> outs) throws IOException {
        List<Path> dirs = new ArrayList<>();
        List<String> remote = new ArrayList<>();
        if (outs == null || outs.isEmpty()) {
            dirs.addAll(sweepsUnder(OUTPUT));
            if (dirs.isEmpty()) {
                throw new ExitCodes.UserError("--out: missing, and no sweep directory under output/; give --out DIR (a sweep "
                        + "directory `resweep run` wrote, or a directory of them)");
            }
        } else {
            for (String o : outs) {
                if (isRemote(o)) {
                    remote.add(o);
                    continue;
                }
                Path p = o.startsWith("file:") ? Path.of(URI.create(o)) : Path.of(o);
                if (isSweep(p)) {
                    dirs.add(p);
                    continue;
                }
                List<Path> under = sweepsUnder(p);
                if (under.isEmpty()) {
                    throw new ExitCodes.UserError("--out: " + o + (Files.exists(p) ? " is neither a sweep directory (no runs/ table) "
                            + "nor a directory of sweep directories" : " does not exist") + "; give a directory `resweep run` wrote "
                            + "(default output/<name>/) or a directory holding such directories");
                }
                dirs.addAll(under);
            }
        }
        dirs = distinct(dirs); // --out A --out A, --out P --out P/A: each sweep is read once
        List<SweepSource> out = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        List<String[]> metas = new ArrayList<>();
        for (Path d : dirs) {
            String[] m = readMeta(d);
            metas.add(m);
            names.merge(name(d, m), 1, Integer::sum);
        }
        for (int i = 0; i < dirs.size(); i++) {
            Path d = dirs.get(i);
            String n = name(d, metas.get(i));
            String label = names.get(n) > 1 ? d.toString() : n;
            out.add(new SweepSource(label, d.toString(), d, metas.get(i) == null ? "" : metas.get(i)[1]));
        }
        for (String r : remote) {
            String tail = r.replaceAll("/+$", "");
            out.add(new SweepSource(tail.substring(tail.lastIndexOf('/') + 1), r, null, ""));
        }
        return out;
    }

    /**
     * {@code dirs} without repeats, first occurrence kept: two paths are the same sweep when their real paths (absolute,
     * {@code ..} and symbolic links resolved) are equal.
     */
    static List<Path> distinct(List<Path> dirs) throws IOException {
        List<Path> out = new ArrayList<>();
        java.util.Set<Path> seen = new java.util.HashSet<>();
        for (Path d : dirs) {
            if (seen.add(Files.exists(d) ? d.toRealPath() : d.toAbsolutePath().normalize())) out.add(d);
        }
        return out;
    }

    /** The name and sweep id of {@code sweep.json} (null if absent), read with Jackson's streaming parser (fast to load). */
    private static String[] readMeta(Path d) {
        Path f = d.resolve(SweepMeta.JSON);
        if (!Files.isRegularFile(f)) return null;
        String name = null, id = null;
        try (JsonParser p = new JsonFactory().createParser(f.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (field.equals("name") && v == JsonToken.VALUE_STRING) name = p.getText();
                else if (field.equals("sweep_id") && v == JsonToken.VALUE_STRING) id = p.getText();
                else p.skipChildren();
            }
        } catch (IOException | RuntimeException e) {
            throw new ExitCodes.UserError("--out: " + f + " cannot be read (" + e.getMessage()
                    + "); it must be the sweep.json `resweep run` wrote");
        }
        if (name == null || id == null) {
            throw new ExitCodes.UserError("--out: " + f + " has no " + (name == null ? "name" : "sweep_id")
                    + "; it must be the sweep.json `resweep run` wrote");
        }
        return new String[] {name, id};
    }

    private static String name(Path d, String[] m) {
        return m != null ? m[0] : String.valueOf(d.toAbsolutePath().normalize().getFileName());
    }

    static boolean isSweep(Path p) { return Files.isDirectory(p.resolve(SweepDirectory.RUNS)); }

    private static List<Path> sweepsUnder(Path p) throws IOException {
        if (!Files.isDirectory(p)) return List.of();
        try (Stream<Path> s = Files.list(p)) {
            return s.filter(Sweeps::isSweep).sorted().toList();
        }
    }
}
