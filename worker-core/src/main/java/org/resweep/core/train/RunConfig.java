package org.resweep.core.train;

import org.resweep.core.net.InitKind;
import org.resweep.core.net.NetworkSpec;
import org.resweep.core.net.Position;
import org.resweep.core.util.Hashing;

/**
 * Everything that determines one run (one configuration and one seed replicate). Immutable and validated;
 * {@link #canonical()} lists every field, so the run id and the provenance cannot miss one.
 *
 * <p>The random seed derives from the fields that shape the initial weights (data set, architecture,
 * initialisation, scale) and the replicate — not from the learning rate or the epochs, so runs that differ only
 * in learning rate start from the same weights (paired comparison), and never from order or partition.
 *
 * @param dataset      data set name ({@code mnist10k}, {@code idx:PREFIX})
 * @param net          architecture
 * @param init         initialisation
 * @param initScale    multiplier of {@code small} init (ignored, and canonicalised to 1, for the others)
 * @param learningRate gradient-descent step size, &gt; 0
 * @param epochs       number of gradient steps, ≥ 0
 * @param replicate    seed replicate number, ≥ 0
 * @param hessian      Hessian checkpoint schedule
 * @param storeSpectrum whether checkpoints keep the whole sorted spectrum
 * @param storeWeights whether checkpoints keep the weights (canonical text names it only when true, so the ids
 *                     of runs that do not store weights are those of earlier versions)
 * @param testData     held-out data set evaluated at the end ({@code ""}: none; named in the canonical text only when
 *                     set), preprocessed with the whitening fitted on {@code dataset}
 * @param stop         convergence rule ({@link StopRule#NONE}: none; named in the canonical text only when set, so the
 *                     ids of runs without one are those of earlier versions)
 */
public record RunConfig(String dataset, NetworkSpec net, InitKind init, double initScale, double learningRate,
                        int epochs, int replicate, HessianSchedule hessian, boolean storeSpectrum, boolean storeWeights,
                        String testData, StopRule stop) implements java.io.Serializable {

    public RunConfig {
        if (dataset == null || dataset.isBlank()) throw new IllegalArgumentException("dataset: missing");
        if (net == null) throw new IllegalArgumentException("network: missing");
        if (init == null) throw new IllegalArgumentException("init: missing");
        if (init == InitKind.SMALL) {
            if (!(initScale > 0) || !Double.isFinite(initScale)) {
                throw new IllegalArgumentException("init_scale: " + initScale + " is not allowed; must be a finite number > 0");
            }
        } else {
            initScale = 1.0;
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning_rate: " + learningRate + " is not allowed; must be a finite number > 0");
        }
        if (epochs < 0) throw new IllegalArgumentException("epochs: " + epochs + " is not allowed; must be ≥ 0");
        if (replicate < 0) throw new IllegalArgumentException("seed: replicate " + replicate + " is not allowed; must be ≥ 0");
        if (hessian == null) hessian = HessianSchedule.INIT_AND_END;
        testData = testData == null ? "" : testData;
        if (stop == null) stop = StopRule.NONE;
    }

    /** A configuration without a convergence rule. */
    public RunConfig(String dataset, NetworkSpec net, InitKind init, double initScale, double learningRate, int epochs,
                     int replicate, HessianSchedule hessian, boolean storeSpectrum, boolean storeWeights, String testData) {
        this(dataset, net, init, initScale, learningRate, epochs, replicate, hessian, storeSpectrum, storeWeights, testData,
                StopRule.NONE);
    }

    /** A configuration without held-out data. */
    public RunConfig(String dataset, NetworkSpec net, InitKind init, double initScale, double learningRate, int epochs,
                     int replicate, HessianSchedule hessian, boolean storeSpectrum, boolean storeWeights) {
        this(dataset, net, init, initScale, learningRate, epochs, replicate, hessian, storeSpectrum, storeWeights, "");
    }

    /** A configuration whose checkpoints do not store weights. */
    public RunConfig(String dataset, NetworkSpec net, InitKind init, double initScale, double learningRate, int epochs,
                     int replicate, HessianSchedule hessian, boolean storeSpectrum) {
        this(dataset, net, init, initScale, learningRate, epochs, replicate, hessian, storeSpectrum, false);
    }

    /** The fields that shape the initial weights, as canonical text. */
    public String initCanonical() {
        return "dataset=" + dataset + ";depth=" + net.depth() + ";shortcut=" + net.shortcut() + ";width=" + net.width()
                + ";activation=" + net.activation().id() + ";positions=" + Position.format(net.positions())
                + ";init=" + init.id() + ";init_scale=" + initScale;
    }

    /** Every field, as canonical text (doubles in Java's shortest round-trip form). */
    public String canonical() {
        return initCanonical() + ";learning_rate=" + learningRate + ";epochs=" + epochs + ";hessian="
                + hessian.canonical() + ";spectrum=" + storeSpectrum + (storeWeights ? ";weights=true" : "")
                + (testData.isEmpty() ? "" : ";test=" + testData)
                + (stop.enabled() ? ";stop=" + stop.canonical() : "")
                + ";replicate=" + replicate;
    }

    /** Run id: the first 16 hex digits of SHA-256 of {@link #canonical()}. */
    public String runId() { return Hashing.sha256Hex(canonical()).substring(0, 16); }

    /** The seed of every random draw of this run. */
    public long seed() { return Hashing.deriveSeed(initCanonical(), replicate); }
}
