package org.resweep.core.data;

/**
 * A preprocessed data set with its provenance and the whitening fitted on it.
 *
 * @param dataset whitened, one-hot data (feature-major)
 * @param info    source files, sample count, class counts, raw content hash
 * @param fit     the PCA whitening fitted on these images
 */
public record PreparedData(Dataset dataset, DataInfo info, WhiteningFit fit) {}
