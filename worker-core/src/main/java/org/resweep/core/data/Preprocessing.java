package org.resweep.core.data;

/**
 * Turns raw digits into a training {@link Dataset}: PCA-whitened inputs ({@link Whitening}, fitted on these
 * images) and one-hot targets, both K × N feature-major, K = d = 10.
 */
public final class Preprocessing {
    private Preprocessing() {}

    /**
     * Fits the whitening on {@code raw} (the embedded data's fit is stored at build time: {@link StoredFits}), applies
     * it, and one-hot encodes the labels.
     */
    public static PreparedData prepare(String name, RawDigits raw) {
        WhiteningFit fit = StoredFits.fit(raw);
        double[] x = fit.apply(raw.pixels(), raw.count());
        double[] y = oneHot(raw.labels());
        Dataset ds = new Dataset(name, raw.count(), Whitening.K, x, y, raw.rawHash());
        return new PreparedData(ds, DataInfo.of(name, raw), fit);
    }

    /**
     * One-hot targets, feature-major: element {@code c·N + i} is 1 if label i is c, else 0.
     *
     * @param labels N labels in 0..9. Not modified.
     */
    public static double[] oneHot(byte[] labels) {
        int n = labels.length;
        double[] y = new double[RawDigits.CLASSES * n];
        for (int i = 0; i < n; i++) {
            int c = labels[i] & 0xFF;
            if (c >= RawDigits.CLASSES) {
                throw new IllegalArgumentException("labels: label of sample " + i + " is " + c + "; allowed 0..9");
            }
            y[c * n + i] = 1.0;
        }
        return y;
    }
}
