package org.resweep.driver.spec;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A data set named in a sweep spec, checked before any Spark work: {@code mnist10k} (the embedded sample), or
 * {@code idx:PREFIX}, whose {@code PREFIX-images-idx3-ubyte[.gz]} and {@code PREFIX-labels-idx1-ubyte[.gz]} must
 * be readable IDX files with matching sample counts. A relative PREFIX is resolved against the working directory,
 * as the loader does. Only the 16-byte image header and 8-byte label header are read.
 *
 * @param name    the name as written (it goes into every run id)
 * @param samples number of samples N (used by the cost model)
 */
public record DataSource(String name, int samples) {
    /** Embedded MNIST sample (SPEC §2). */
    public static final String MNIST10K = "mnist10k";
    static final int MNIST10K_SAMPLES = 10_000;
    static final String ALLOWED = "mnist10k, or idx:PREFIX naming readable files PREFIX-images-idx3-ubyte[.gz] "
            + "and PREFIX-labels-idx1-ubyte[.gz]";
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    /** Validates {@code name} (found at {@code path} of the spec); throws {@link SpecException} naming the file. */
    static DataSource check(String name, String path) {
        if (MNIST10K.equals(name)) return new DataSource(name, MNIST10K_SAMPLES);
        if (!name.startsWith("idx:") || name.length() == 4) throw SpecException.bad(path, name, ALLOWED);
        String prefix = name.substring(4);
        Path images = find(prefix + "-images-idx3-ubyte", name, path);
        Path labels = find(prefix + "-labels-idx1-ubyte", name, path);
        int[] ih = header(images, IMAGES_MAGIC, "image", 4, name, path);
        int[] lh = header(labels, LABELS_MAGIC, "label", 2, name, path);
        if (ih[1] != lh[1]) {
            throw unreadable(name, path, images + " holds " + ih[1] + " images but " + labels + " " + lh[1] + " labels");
        }
        if (ih[1] < 1) throw unreadable(name, path, images + " holds no images");
        if ((long) ih[2] * ih[3] < SweepSpecParser.WIDTH) {
            throw unreadable(name, path, images + " has " + ih[2] + "×" + ih[3] + " pixels, fewer than the "
                    + SweepSpecParser.WIDTH + " principal components kept");
        }
        return new DataSource(name, ih[1]);
    }

    private static Path find(String base, String name, String path) {
        for (String candidate : new String[] {base, base + ".gz"}) {
            Path p;
            try {
                p = Path.of(candidate);
            } catch (InvalidPathException e) {
                throw unreadable(name, path, "'" + candidate + "' is not a valid file name");
            }
            if (Files.isRegularFile(p)) {
                if (!Files.isReadable(p)) throw unreadable(name, path, p + " is not readable");
                return p;
            }
        }
        throw unreadable(name, path, "neither " + base + " nor " + base + ".gz exists");
    }

    /**
     * The first {@code ints} big-endian 32-bit words of an IDX file (gunzipped if it ends in .gz); the first is the
     * magic number, checked before the rest is read.
     */
    private static int[] header(Path p, int magic, String kind, int ints, String name, String path) {
        try (InputStream raw = Files.newInputStream(p);
             InputStream in = p.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             DataInputStream din = new DataInputStream(in)) {
            int[] h = new int[ints];
            h[0] = din.readInt();
            if (h[0] != magic) throw unreadable(name, path, p + " is not an IDX " + kind + " file (magic " + h[0] + ")");
            for (int i = 1; i < ints; i++) h[i] = din.readInt();
            return h;
        } catch (IOException e) {
            throw unreadable(name, path, p + " cannot be read as IDX ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
    }

    private static SpecException unreadable(String name, String path, String why) {
        return new SpecException(path, Values.describe(name) + " is not readable: " + why, ALLOWED);
    }
}
