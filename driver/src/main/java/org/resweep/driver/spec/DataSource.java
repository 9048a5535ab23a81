package org.resweep.driver.spec;

import java.io.UncheckedIOException;
import org.resweep.core.data.DataInfo;
import org.resweep.core.data.Datasets;
import org.resweep.core.util.BadInputException;

/**
 * A data set named in a sweep spec, checked before any Spark work: {@code mnist10k} (the embedded sample), or
 * {@code idx:PREFIX}. The check is the loader's own ({@link Datasets#describe}): files found (a relative PREFIX
 * against the working directory), IDX headers, lengths, counts and labels valid — everything but the whitening.
 *
 * @param name    the name as written (it goes into every run id)
 * @param samples number of samples N (used by the cost model)
 */
public record DataSource(String name, int samples) {
    /** Embedded MNIST sample (docs/model.md §3). */
    public static final String MNIST10K = Datasets.EMBEDDED;
    static final String ALLOWED = "mnist10k, mnist10k:train, mnist10k:test (its training / held-out split), or idx:PREFIX "
            + "naming readable files PREFIX-images-idx3-ubyte[.gz] and PREFIX-labels-idx1-ubyte[.gz] (PREFIX a local path "
            + "or a Hadoop URI such as hdfs://nn/data/train)";

    static {
        org.resweep.driver.store.HadoopRemoteFiles.installDefault(); // idx:hdfs://… and other Hadoop URIs
    }

    /** Validates {@code name} (found at {@code path} of the spec); throws {@link SpecException} naming the file. */
    static DataSource check(String name, String path) {
        boolean split = Datasets.EMBEDDED_TRAIN.equals(name) || Datasets.EMBEDDED_TEST.equals(name);
        if (!MNIST10K.equals(name) && !split && (!name.startsWith(Datasets.IDX) || name.length() == Datasets.IDX.length())) {
            throw SpecException.bad(path, name, ALLOWED);
        }
        if (MNIST10K.equals(name)) return Embedded.SOURCE;
        if (split) return new DataSource(name, Datasets.EMBEDDED_TRAIN.equals(name) ? Datasets.EMBEDDED_TRAIN_COUNT
                : Embedded.SOURCE.samples() - Datasets.EMBEDDED_TRAIN_COUNT);
        DataInfo info;
        try {
            info = Datasets.describe(name);
        } catch (BadInputException | UncheckedIOException e) { // the data's own errors; anything else is internal
            throw new SpecException(path, Values.describe(name) + " is not usable: " + e.getMessage(), ALLOWED);
        }
        return new DataSource(name, info.count());
    }

    /** The embedded set cannot change within a JVM: checked once, on first use. */
    private static final class Embedded {
        static final DataSource SOURCE = new DataSource(MNIST10K, Datasets.describe(MNIST10K).count());
    }
}
