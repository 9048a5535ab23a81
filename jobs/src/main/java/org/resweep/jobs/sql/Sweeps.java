package org.resweep.jobs.sql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.resweep.driver.store.SweepDirectory;
import org.resweep.driver.store.SweepDirectoryException;
import org.resweep.driver.store.SweepFs;
import org.resweep.driver.store.SweepMeta;
import org.resweep.driver.store.SweepPaths;
import org.resweep.jobs.ExitCodes;

/**
 * Resolves {@code --out} values into the sweeps a query reads. A value names a sweep directory (it has a
 * {@code runs/} table), or a directory of sweep directories (every sub-directory that is a sweep, sorted by
 * name). Without {@code --out}: every sweep under {@code output/}. Every value resolves with
 * {@link SweepPaths#resolve} — a scheme-less path against {@code fs.defaultFS}, as Spark and every other command
 * resolve it — so a value is local only when it resolves to the local filesystem ({@code file:}); anything else
 * (HDFS, S3 …) is listed through Hadoop's FileSystem and read by the Spark engine.
 */
public final class Sweeps {
    /** The default directory of sweeps. */
    public static final Path OUTPUT = Path.of("output");

    private Sweeps() {}

    /**
     * @param outs the {@code --out} values (empty: {@code output/}); Not modified.
     * @param conf the Hadoop configuration the session would have (resolves scheme-less paths against its
     *             {@code fs.defaultFS})
     * @throws ExitCodes.UserError a value that is neither a sweep nor a directory of sweeps
     * @throws ExitCodes.EnvironmentFailure a value whose filesystem cannot be reached
     */
    public static List<SweepSource> resolve(List<String> outs, Configuration conf) throws IOException {
        return resolve(outs, () -> conf, false, "--out");
    }

    /**
     * As {@link #resolve(List, Configuration)}, for a command whose argument is not {@code --out}: {@code label} names it in
     * the line of an unreachable filesystem (e.g. {@code DIR} of {@code plot}).
     */
    public static List<SweepSource> resolve(List<String> outs, Configuration conf, String label) throws IOException {
        return resolve(outs, () -> conf, false, label);
    }

    /**
     * As {@link #resolve(List, Configuration)}, building the configuration only if a value is not on the local
     * filesystem ({@link SweepPaths#resolve(String, java.util.function.Supplier, boolean)}).
     */
    public static List<SweepSource> resolve(List<String> outs, java.util.function.Supplier<Configuration> conf, boolean defaultFsIsLocal)
            throws IOException {
        return resolve(outs, conf, defaultFsIsLocal, "--out");
    }

    private static List<SweepSource> resolve(List<String> outs, java.util.function.Supplier<Configuration> conf, boolean defaultFsIsLocal,
                                             String argument) throws IOException {
        boolean defaulted = outs == null || outs.isEmpty();
        List<String> values = defaulted ? List.of(OUTPUT.toString()) : outs;
        List<org.apache.hadoop.fs.Path> where = locations(outs, conf, defaultFsIsLocal);
        List<Path> dirs = new ArrayList<>();
        List<SweepSource> remote = new ArrayList<>();
        java.util.Set<String> remoteSeen = new java.util.HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String o = values.get(i);
            org.apache.hadoop.fs.Path q = where.get(i);
            Path p = SweepPaths.local(q);
            if (p == null) {
                List<SweepSource> found;
                try {
                    found = remoteSweeps(q, conf.get());
                    if (found.isEmpty()) throw missing(o, defaulted, new SweepFs(q, conf.get()).exists(q));
                } catch (IOException | IllegalArgumentException e) { // Hadoop wraps an unknown host in an IllegalArgumentException
                    ExitCodes.EnvironmentFailure down = ExitCodes.unreachable(e, argument + " " + q);
                    if (down != null) throw down;
                    throw e;
                }
                for (SweepSource f : found) {
                    if (remoteSeen.add(f.location())) remote.add(f); // the same URI twice (or via a parent): read once
                }
                continue;
            }
            if (!defaulted && isSweep(p)) {
                dirs.add(p);
                continue;
            }
            List<Path> under = sweepsUnder(p);
            if (under.isEmpty()) throw missing(o, defaulted, Files.exists(p));
            dirs.addAll(under);
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
        for (SweepSource r : remote) names.merge(r.label(), 1, Integer::sum);
        for (int i = 0; i < dirs.size(); i++) {
            Path d = dirs.get(i);
            String n = name(d, metas.get(i));
            String label = names.get(n) > 1 ? d.toString() : n;
            out.add(new SweepSource(label, d.toString(), d, metas.get(i) == null ? "" : metas.get(i)[1]));
        }
        for (SweepSource r : remote) out.add(names.get(r.label()) > 1 ? new SweepSource(r.location(), r.location(), null, r.sweepId()) : r);
        return out;
    }

    /**
     * The {@code --out} values (empty: {@code output/}) resolved by {@link SweepPaths#resolve}, in order; no
     * filesystem is contacted (a URI's filesystem only has to be on the classpath).
     *
     * @throws ExitCodes.UserError a value that is not a path, or names a filesystem not on the classpath
     */
    public static List<org.apache.hadoop.fs.Path> locations(List<String> outs, java.util.function.Supplier<Configuration> conf,
                                                            boolean defaultFsIsLocal) {
        List<org.apache.hadoop.fs.Path> out = new ArrayList<>();
        for (String o : outs == null || outs.isEmpty() ? List.of(OUTPUT.toString()) : outs) {
            try {
                out.add(SweepPaths.resolve(o, conf, defaultFsIsLocal));
            } catch (SweepDirectoryException e) {
                throw new ExitCodes.UserError("--out: " + e.getMessage().replaceFirst("^sweep directory: ", ""));
            }
        }
        return out;
    }

    private static ExitCodes.UserError missing(String o, boolean defaulted, boolean exists) {
        if (defaulted) {
            return new ExitCodes.UserError("--out: missing, and no sweep directory under output/; give --out DIR (a sweep "
                    + "directory `resweep run` wrote, or a directory of them)");
        }
        return new ExitCodes.UserError("--out: " + o + (exists ? " is neither a sweep directory (no runs/ table) "
                + "nor a directory of sweep directories" : " does not exist") + "; give a directory `resweep run` wrote "
                + "(default output/<name>/) or a directory holding such directories");
    }

    /** The sweeps at a location on a non-local filesystem: itself if it is one, else its sub-directories that are. */
    private static List<SweepSource> remoteSweeps(org.apache.hadoop.fs.Path q, Configuration conf) throws IOException {
        SweepFs fs = new SweepFs(q, conf);
        List<org.apache.hadoop.fs.Path> dirs = new ArrayList<>();
        if (fs.isDirectory(new org.apache.hadoop.fs.Path(q, SweepDirectory.RUNS))) {
            dirs.add(q);
        } else {
            for (FileStatus s : fs.list(q)) {
                if (s.isDirectory() && fs.isDirectory(new org.apache.hadoop.fs.Path(s.getPath(), SweepDirectory.RUNS))) dirs.add(s.getPath());
            }
        }
        List<SweepSource> out = new ArrayList<>();
        for (org.apache.hadoop.fs.Path d : dirs) {
            SweepMeta m;
            try {
                m = SweepMeta.read(fs, d);
            } catch (IOException | RuntimeException e) {
                throw new ExitCodes.UserError("--out: " + new org.apache.hadoop.fs.Path(d, SweepMeta.JSON) + " cannot be read ("
                        + e.getMessage() + "); it must be the sweep.json `resweep run` wrote");
            }
            String location = fs.fs().makeQualified(d).toString(); // normalised: one spelling per directory
            out.add(new SweepSource(m != null ? m.name() : d.getName(), location, null, m != null ? m.sweepId() : ""));
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
