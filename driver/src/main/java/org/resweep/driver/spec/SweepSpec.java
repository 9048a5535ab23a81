package org.resweep.driver.spec;

import java.math.BigInteger;
import java.util.List;
import java.util.regex.Pattern;
import org.resweep.core.train.HessianSchedule;
import org.resweep.core.train.StopRule;
import org.resweep.core.util.Hashing;

/**
 * A validated, immutable sweep specification (format: {@code docs/sweep-spec.md}); build one with
 * {@link SweepSpecParser}. {@link SweepPlan#of} expands it into tasks.
 *
 * @param name        sweep name, a safe directory name ({@link #NAME_PATTERN})
 * @param description free text (not part of the sweep id)
 * @param data        data sets, in spec order
 * @param width       layer width d (fixed by the data: 10)
 * @param variants    one or more sets of axes; the grid is the union of their products
 * @param seeds       replicates per configuration (replicate numbers 0 … seeds−1)
 * @param epochs      gradient steps per run
 * @param hessian     Hessian checkpoint schedule
 * @param spectra     whether checkpoints store the whole spectrum
 * @param weights     whether checkpoints store the weights
 * @param testData    held-out data set every run is evaluated on at its end ({@code null}: none)
 * @param stop        convergence rule of every run ({@link StopRule#NONE}: none)
 * @param warnings    what the parser found worth saying but not refusing (e.g. a few held-out samples that the training
 *                    set also holds, {@link DataSource#checkDisjoint}), one line each, without the "resweep: warning: " prefix
 */
public record SweepSpec(String name, String description, List<DataSource> data, int width, List<Axes> variants,
                        int seeds, int epochs, HessianSchedule hessian, boolean spectra, boolean weights, DataSource testData,
                        StopRule stop, List<String> warnings) {

    /** A spec with nothing to warn about. */
    public SweepSpec(String name, String description, List<DataSource> data, int width, List<Axes> variants, int seeds,
                     int epochs, HessianSchedule hessian, boolean spectra, boolean weights, DataSource testData, StopRule stop) {
        this(name, description, data, width, variants, seeds, epochs, hessian, spectra, weights, testData, stop, List.of());
    }

    /** Names that are safe as a directory on every OS: a letter or digit, then letters, digits, . _ -; ≤ 64. */
    public static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Most runs one sweep may hold (before skipping and merging): keeps a typo from planning billions. */
    public static final long MAX_RUNS = 1_000_000;
    /**
     * Most parameters P of a network whose exact Hessian is computed: the P × P matrix takes 8·P² bytes (2 GiB at
     * P = 16384, depth 163 at width 10) in one task, and its eigenvalues ~P³ flops.
     */
    public static final int MAX_HESSIAN_PARAMS = 16_384;
    /** Deepest network (number of weight matrices) a spec or {@code inspect --depth} may give. */
    public static final int MAX_DEPTH = AxesParser.MAX_DEPTH;
    /** Longest shortcut a spec or {@code inspect --shortcut} may give. */
    public static final int MAX_SHORTCUT = AxesParser.MAX_SHORTCUT;
    /** Most Hessian checkpoints one run may have (each is an exact Hessian, its spectrum and a stored row). */
    public static final int MAX_CHECKPOINTS = 100_000;
    /** Version of {@link #canonical()}'s layout; bump it when the layout changes. */
    public static final int CANONICAL_VERSION = 1;

    public SweepSpec {
        if (name == null || !NAME_PATTERN.matcher(name).matches()) {
            throw SpecException.bad("name", name, "a name of 1-64 letters, digits, '.', '_' or '-', starting with a "
                    + "letter or digit (it becomes the output directory)");
        }
        description = description == null ? "" : description;
        data = List.copyOf(data);
        variants = List.copyOf(variants);
        if (data.isEmpty()) throw SpecException.missing("data", DataSource.ALLOWED);
        if (variants.isEmpty()) throw SpecException.missing("axes", "a mapping of axes");
        if (seeds < 1) throw SpecException.bad("seeds", seeds, "an integer ≥ 1");
        if (epochs < 0) throw SpecException.bad("epochs", epochs, "an integer ≥ 0");
        if (hessian == null) throw SpecException.missing("hessian", "none, init_end, or {every, until, log}");
        if (stop == null) stop = StopRule.NONE;
        BigInteger runs = runBound(data.size(), variants, seeds);
        if (runs.compareTo(BigInteger.valueOf(MAX_RUNS)) > 0) {
            throw new SpecException("axes", "the grid holds " + runs + " runs",
                    "at most " + MAX_RUNS + " runs per sweep (split it into several sweeps)");
        }
        if (hessian.enabled()) checkHessianSize(variants, width);
        long checkpoints = hessian.count(epochs);
        if (checkpoints > MAX_CHECKPOINTS) {
            throw new SpecException("hessian", "gives " + checkpoints + " Hessian checkpoints per run of " + epochs
                    + " epochs", "at most " + MAX_CHECKPOINTS + " checkpoints per run (a larger every, an until, or a "
                    + "smaller log)");
        }
    }

    /** A spec without a convergence rule. */
    public SweepSpec(String name, String description, List<DataSource> data, int width, List<Axes> variants, int seeds,
                     int epochs, HessianSchedule hessian, boolean spectra, boolean weights, DataSource testData) {
        this(name, description, data, width, variants, seeds, epochs, hessian, spectra, weights, testData, StopRule.NONE);
    }

    /** A spec whose checkpoints do not store weights. */
    public SweepSpec(String name, String description, List<DataSource> data, int width, List<Axes> variants, int seeds,
                     int epochs, HessianSchedule hessian, boolean spectra) {
        this(name, description, data, width, variants, seeds, epochs, hessian, spectra, false, null);
    }

    /** The held-out data set's name, or {@code ""}. */
    public String testDataName() { return testData == null ? "" : testData.name(); }

    /**
     * With a Hessian schedule, every network of the grid must have at most {@link #MAX_HESSIAN_PARAMS} parameters:
     * its exact Hessian takes 8·P² bytes of memory in one task (and its spectrum ~P³ flops).
     */
    private static void checkHessianSize(List<Axes> variants, int width) {
        for (int i = 0; i < variants.size(); i++) {
            for (int depth : variants.get(i).depth()) {
                long p = (long) depth * width * width;
                if (p > MAX_HESSIAN_PARAMS) {
                    throw new SpecException(variants.size() > 1 ? "variants[" + i + "].depth" : "axes.depth",
                            "depth " + depth + " gives P = " + p + " parameters, whose exact Hessian needs "
                                    + String.format(java.util.Locale.ROOT, "%.3g", 8.0 * p * p / (1L << 30)) + " GiB",
                            "depth ≤ " + MAX_HESSIAN_PARAMS / (width * width) + " when a Hessian is computed (P = depth·"
                                    + width * width + " ≤ " + MAX_HESSIAN_PARAMS + "), or hessian: none");
                }
            }
        }
    }

    /** Runs of all variants, data sets and seeds before skipping and merging; exact (never overflows). */
    private static BigInteger runBound(int dataSets, List<Axes> variants, int seeds) {
        BigInteger points = BigInteger.ZERO;
        for (Axes a : variants) points = points.add(a.pointCount());
        return points.multiply(BigInteger.valueOf(dataSets)).multiply(BigInteger.valueOf(seeds));
    }

    /**
     * Every field that shapes the tasks, one per line, in a fixed layout: list values in spec order joined by
     * {@code |}, doubles in Java's shortest round-trip form, ranges already expanded, the description left out.
     * Comments, key order and number spelling in the YAML file do not change it.
     */
    public String canonical() {
        StringBuilder sb = new StringBuilder();
        sb.append("resweep-sweep-spec v").append(CANONICAL_VERSION).append('\n');
        sb.append("name=").append(name).append('\n');
        sb.append("data=").append(String.join("|", data.stream().map(DataSource::name).toList())).append('\n');
        sb.append("width=").append(width).append('\n');
        sb.append("seeds=").append(seeds).append('\n');
        sb.append("epochs=").append(epochs).append('\n');
        sb.append("hessian=").append(hessian.canonical()).append('\n');
        sb.append("spectra=").append(spectra).append('\n');
        if (weights) sb.append("weights=true\n"); // only when set: specs without it keep their sweep ids
        if (testData != null) sb.append("test_data=").append(testData.name()).append('\n'); // likewise
        if (stop.enabled()) sb.append("stop=").append(stop.canonical()).append('\n'); // likewise
        for (int i = 0; i < variants.size(); i++) sb.append(variants.get(i).canonical("variant[" + i + "]."));
        return sb.toString();
    }

    /** Sweep id: the first 16 hex digits of SHA-256 of {@link #canonical()}; a changed spec has another id. */
    public String sweepId() { return Hashing.sha256Hex(canonical()).substring(0, 16); }
}
