/**
 * Training data: reading IDX files and the embedded MNIST sample, PCA whitening, one-hot targets, and the
 * named, cached data sets the trainer uses.
 *
 * <p>Flow: {@link org.resweep.core.data.Datasets#load(String)} resolves a name ({@code mnist10k} or
 * {@code idx:PREFIX}) to two IDX payloads, {@link org.resweep.core.data.IdxReader} validates them into
 * {@link org.resweep.core.data.RawDigits} (bytes, dimensions, labels, content hash),
 * {@link org.resweep.core.data.Whitening} fits a PCA on the images ({@code K = d = 10} components, scaled to
 * unit variance, so {@code E[x] = 0} and {@code E[x xᵀ] = I}), and {@link org.resweep.core.data.Preprocessing}
 * builds the feature-major {@link org.resweep.core.data.Dataset}. Every step is deterministic: exact integer
 * moments, a fixed eigenvalue order and eigenvector sign, fixed loop orders. User mistakes (missing or
 * malformed files) are {@link org.resweep.core.data.DataFormatException}s naming file, field, value and what is
 * allowed. Provenance and format details: {@code docs/data.md}.
 */
package org.resweep.core.data;
