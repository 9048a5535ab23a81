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
     * Most held-out samples that may also be training samples, as a fraction of the held-out set, before the pair is
     * refused: below it the pair is used with a warning. Public sets have held a few byte-identical samples across their
     * own train/test split (Fashion-MNIST's first release 10 of 10,000, KMNIST's 6), which a user cannot be asked to
     * edit out; a larger share is no held-out set (e.g. files cut from the training files).
     */
    public static final double MAX_SHARED_FRACTION = 0.01;

    /**
     * Refuses a held-out set {@code test} (at {@code path} of the spec) that shares digits with the training set
     * {@code train}: {@code mnist10k} contains both halves of its split, each half overlaps itself, two sets overlap
     * when they are the same files (same name, or same {@link DataInfo#rawHash}); otherwise (an {@code idx:} set
     * involved) sample by sample ({@link Datasets#sharedSamples}: image and label, byte for byte): refused when at least
     * {@link #MAX_SHARED_FRACTION} of the held-out samples are training samples, a warning when fewer but some are.
     *
     * @return the warning (one line, naming both sets and the count), or empty when they share no sample
     * @throws SpecException naming test_data, its value, the training set, the count and what is allowed
     */
    static java.util.Optional<String> checkDisjoint(DataSource train, DataSource test, String path) {
        String a = train.name(), b = test.name();
        boolean embeddedA = a.equals(MNIST10K) || a.equals(Datasets.EMBEDDED_TRAIN) || a.equals(Datasets.EMBEDDED_TEST);
        boolean embeddedB = b.equals(MNIST10K) || b.equals(Datasets.EMBEDDED_TRAIN) || b.equals(Datasets.EMBEDDED_TEST);
        String allowed = "a set disjoint from data: mnist10k:test with data: mnist10k:train, or idx:PREFIX files other than data's";
        boolean overlap;
        if (a.equals(b)) overlap = true;
        else if (embeddedA && embeddedB) overlap = a.equals(MNIST10K) || b.equals(MNIST10K); // only :train vs :test is disjoint
        else overlap = Datasets.describe(a).rawHash().equals(Datasets.describe(b).rawHash());
        if (overlap) {
            throw new SpecException(path, Values.describe(b) + " shares its digits with data " + Values.describe(a) + " (the held-out "
                    + "digits would be trained on)", allowed);
        }
        if (embeddedA && embeddedB) return java.util.Optional.empty();
        Datasets.SharedSamples s = Datasets.sharedSamples(a, b);
        if (s.count() == 0) return java.util.Optional.empty();
        String what = Values.describe(b) + " holds " + s.count() + " of its " + s.of() + " samples (image and label, byte for byte; the "
                + "first at index " + s.firstIndex() + ") that data " + Values.describe(a) + " holds too";
        if (s.count() >= MAX_SHARED_FRACTION * s.of()) {
            throw new SpecException(path, what + ": they would be trained on", allowed + ", sharing fewer than "
                    + Math.round(MAX_SHARED_FRACTION * 100) + "% of the held-out samples");
        }
        return java.util.Optional.of(path + ": " + what + " (fewer than " + Math.round(MAX_SHARED_FRACTION * 100) + "% of them: used; "
                + "test_loss and test_accuracy include them)");
    }

    /** The embedded set cannot change within a JVM: checked once, on first use. */
    private static final class Embedded {
        static final DataSource SOURCE = new DataSource(MNIST10K, Datasets.describe(MNIST10K).count());
    }
}
