package org.resweep.core.data;

/**
 * Images and labels as read from IDX files, before any preprocessing.
 *
 * @param imagesSource where the images came from (a path, or {@code resource:...})
 * @param labelsSource where the labels came from
 * @param count        number of samples N
 * @param rows         image height
 * @param cols         image width
 * @param pixels       N · rows · cols unsigned bytes, sample-major, each image row-major (as in the file)
 * @param labels       N class labels in 0..9
 * @param rawHash      hex SHA-256 of the decompressed images file followed by the decompressed labels file,
 *                     headers included (see docs/data.md)
 */
public record RawDigits(String imagesSource, String labelsSource, int count, int rows, int cols,
                        byte[] pixels, byte[] labels, String rawHash) {

    /** Number of classes of every resweep data set (labels 0..9, one-hot width). */
    public static final int CLASSES = 10;

    /** Pixels per image, rows · cols. */
    public int pixelsPerImage() { return rows * cols; }

    /** Samples per class: element c counts the labels equal to c. */
    public int[] classCounts() {
        int[] counts = new int[CLASSES];
        for (byte b : labels) counts[b]++;
        return counts;
    }
}
