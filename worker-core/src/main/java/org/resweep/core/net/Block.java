package org.resweep.core.net;

/**
 * One residual unit (or, for plain networks, one pair of layers) of a network.
 *
 * <p>Forward map of input {@code u}: {@code h1 = pre(u); z1 = W[first] h1; hm = mid(z(m-1)); zm = W[first+m-1] hm;
 * out = (skip ? u : 0) + post(z_size)}. Every activation field is {@link Activation#LINEAR} when the network's
 * activation is not applied at that position.
 *
 * @param firstLayer index (0-based) of the block's first weight matrix in the network
 * @param size       number of weight matrices in the block (≥ 1)
 * @param skip       whether the block adds its input to its output (a shortcut)
 * @param pre        applied to the block input before the first layer
 * @param mid        applied between consecutive layers of the block
 * @param post       applied to the last layer's output before the shortcut is added
 */
public record Block(int firstLayer, int size, boolean skip, Activation pre, Activation mid, Activation post) {
    public Block {
        if (firstLayer < 0 || size < 1) {
            throw new IllegalArgumentException("block: firstLayer=" + firstLayer + ", size=" + size);
        }
    }

    public int lastLayer() { return firstLayer + size - 1; }
}
