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

    /**
     * Refuses a held-out set {@code test} (at {@code path} of the spec) that shares digits with the training set
     * {@code train}: {@code mnist10k} contains both halves of its split, each half overlaps itself, and two
     * {@code idx:} sets overlap when they are the same files (same name, or same {@link DataInfo#rawHash}). Partly
     * overlapping files of different content are not detected.
     *
     * @throws SpecException naming test_data, its value, the training set and what is allowed
     */
    static void checkDisjoint(DataSource train, DataSource test, String path) {
        String a = train.name(), b = test.name();
        boolean embeddedA = a.equals(MNIST10K) || a.equals(Datasets.EMBEDDED_TRAIN) || a.equals(Datasets.EMBEDDED_TEST);
        boolean embeddedB = b.equals(MNIST10K) || b.equals(Datasets.EMBEDDED_TRAIN) || b.equals(Datasets.EMBEDDED_TEST);
        boolean overlap;
        if (a.equals(b)) overlap = true;
        else if (embeddedA && embeddedB) overlap = a.equals(MNIST10K) || b.equals(MNIST10K); // only :train vs :test is disjoint
        else if (embeddedA != embeddedB && !a.equals(MNIST10K) && !b.equals(MNIST10K)) overlap = false; // a split half is no file
        else overlap = Datasets.describe(a).rawHash().equals(Datasets.describe(b).rawHash());
        if (!overlap) return;
        throw new SpecException(path, Values.describe(b) + " shares its digits with data " + Values.describe(a) + " (the held-out "
                + "digits would be trained on)", "a set disjoint from data: mnist10k:test with data: mnist10k:train, or idx:PREFIX "
                + "files other than data's");
    }

    /** The embedded set cannot change within a JVM: checked once, on first use. */
    private static final class Embedded {
        static final DataSource SOURCE = new DataSource(MNIST10K, Datasets.describe(MNIST10K).count());
    }
}
