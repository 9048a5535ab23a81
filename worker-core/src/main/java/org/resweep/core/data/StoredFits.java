package org.resweep.core.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whitening fits of the embedded data sets ({@code mnist10k}, {@code mnist10k:train}, {@code mnist10k:test}),
 * computed by {@link Whitening#fit} when worker-core is built ({@link #main}, run by the build at
 * {@code process-classes}) and stored as the resource {@value #RESOURCE}, so that a JVM does not repeat the
 * 784 × 784 eigendecomposition (≈ 1 s of CPU plus its JIT) every time it loads the embedded data.
 *
 * <p>A stored fit is used only for images whose {@link RawDigits#rawHash} is the one it was fitted on, so it is the
 * fit {@link Whitening#fit} would compute, bit for bit (pure Java arithmetic, the same on every JVM; checked by
 * StoredFitsTest). Any other data ({@code idx:} files) is fitted as before; so is the embedded data when the
 * resource is missing (classes built without Maven).
 *
 * <p>Format: {@code DataOutputStream} big-endian — magic {@value #MAGIC}, the number of fits, then per fit the raw
 * hash (UTF), D, K, and the doubles of μ (D), basis (K·D), λ (K), s (K) and the total variance.
 */
public final class StoredFits {
    static final String RESOURCE = Datasets.RESOURCE_DIR + "embedded-whitening.bin";
    static final String MAGIC = "resweep-whitening-fits-1";
    /** The data sets whose fits the build stores. */
    static final List<String> STORED = List.of(Datasets.EMBEDDED, Datasets.EMBEDDED_TRAIN, Datasets.EMBEDDED_TEST);

    private static volatile Map<String, WhiteningFit> loaded;

    private StoredFits() {}

    /** The fit {@link Whitening#fit} gives for {@code raw}: the stored one when there is one, else computed. */
    static WhiteningFit fit(RawDigits raw) {
        WhiteningFit f = stored().get(raw.rawHash());
        return f != null ? copy(f) : Whitening.fit(raw);
    }

    /** Stored fits by raw hash; empty when the resource is missing. */
    static Map<String, WhiteningFit> stored() {
        Map<String, WhiteningFit> m = loaded;
        if (m == null) {
            try (InputStream in = StoredFits.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                m = in == null ? Map.of() : read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read embedded resource " + RESOURCE, e);
            }
            loaded = m;
        }
        return m;
    }

    /** Callers own their fit's arrays (as with a computed one). */
    private static WhiteningFit copy(WhiteningFit f) {
        return new WhiteningFit(f.pixels(), f.mean().clone(), f.basis().clone(), f.eigenvalues().clone(),
                f.scales().clone(), f.totalVariance());
    }

    static Map<String, WhiteningFit> read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw));
        if (!MAGIC.equals(in.readUTF())) throw new IOException(RESOURCE + ": not a stored-fits file");
        int n = in.readInt();
        Map<String, WhiteningFit> out = new LinkedHashMap<>();
        for (int f = 0; f < n; f++) {
            String hash = in.readUTF();
            int d = in.readInt(), k = in.readInt();
            double[] mean = doubles(in, d), basis = doubles(in, k * d), lambda = doubles(in, k), scales = doubles(in, k);
            out.put(hash, new WhiteningFit(d, mean, basis, lambda, scales, in.readDouble()));
        }
        if (in.read() != -1) throw new IOException(RESOURCE + ": trailing bytes");
        return Map.copyOf(out);
    }

    static void write(Map<String, WhiteningFit> fits, OutputStream raw) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw));
        out.writeUTF(MAGIC);
        out.writeInt(fits.size());
        for (Map.Entry<String, WhiteningFit> e : fits.entrySet()) {
            WhiteningFit f = e.getValue();
            out.writeUTF(e.getKey());
            out.writeInt(f.pixels());
            out.writeInt(f.k());
            for (double[] a : new double[][] {f.mean(), f.basis(), f.eigenvalues(), f.scales()}) {
                for (double v : a) out.writeDouble(v);
            }
            out.writeDouble(f.totalVariance());
        }
        out.flush();
    }

    private static double[] doubles(DataInputStream in, int n) throws IOException {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = in.readDouble();
        return a;
    }

    /** Fits the embedded data sets and writes the resource under the classes directory {@code args[0]} (the build). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("usage: StoredFits CLASSES_DIR");
        Map<String, WhiteningFit> fits = new LinkedHashMap<>();
        for (String name : STORED) {
            RawDigits raw = Datasets.readRaw(name);
            fits.put(raw.rawHash(), Whitening.fit(raw));
        }
        Path file = Path.of(args[0]).resolve(RESOURCE);
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), ".embedded-whitening", ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            write(fits, out);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
