package org.resweep.core.data;

/**
 * What a data set is, without its preprocessed arrays: the provenance recorded with results (docs/model.md §3, docs/results-schema.md).
 *
 * @param name         the name the user gave ({@code mnist10k}, {@code idx:PREFIX})
 * @param imagesSource images file read (a path, or {@code resource:...} for the embedded set)
 * @param labelsSource labels file read
 * @param count        number of samples N
 * @param rows         image height
 * @param cols         image width
 * @param classCounts  samples per class 0..9
 * @param rawHash      hex SHA-256 of the decompressed images file then the decompressed labels file
 */
public record DataInfo(String name, String imagesSource, String labelsSource, int count, int rows, int cols,
                       int[] classCounts, String rawHash) {

    /** The provenance of {@code raw} under the name {@code name}. */
    public static DataInfo of(String name, RawDigits raw) {
        return new DataInfo(name, raw.imagesSource(), raw.labelsSource(), raw.count(), raw.rows(), raw.cols(),
                raw.classCounts(), raw.rawHash());
    }
}
