package org.resweep.core.net;

/**
 * Frobenius norms of a network's weight matrices and of its residual units' products (paper, Figures 2–3: the
 * mean weight norm shrinks with depth). Weights in the layout of {@link NetworkSpec} (layer-major, column-major
 * inside a matrix). Norms are summed in parameter order, so the results are bit-reproducible.
 */
public final class WeightNorms {
    private WeightNorms() {}

    /** ‖W[l]‖_F of layer {@code l}. {@code w} Not modified. */
    public static double layer(NetworkSpec net, double[] w, int l) {
        int d2 = net.width() * net.width(), off = net.offset(l);
        double s = 0;
        for (int k = off; k < off + d2; k++) s += w[k] * w[k];
        return Math.sqrt(s);
    }

    /** Mean over the L layers of ‖W[l]‖_F (norms added in layer order, divided by L). No allocation. */
    public static double mean(NetworkSpec net, double[] w) {
        double s = 0;
        for (int l = 0; l < net.depth(); l++) s += layer(net, w, l);
        return s / net.depth();
    }

    /** Max over the L layers of ‖W[l]‖_F. */
    public static double max(NetworkSpec net, double[] w) {
        double m = 0;
        for (int l = 0; l < net.depth(); l++) m = Math.max(m, layer(net, w, l));
        return m;
    }

    /**
     * Mean over the blocks k of {@link NetworkSpec#blocks()} (residual units; layer pairs of a plain network) of
     * ‖W[k,n] ⋯ W[k,1]‖_F, the Frobenius norm of the product of the block's matrices in forward order (the last
     * matrix on the left). For n = 1 it is the mean weight norm.
     *
     * @param w weights, length P. Not modified.
     */
    public static double unitProductMean(NetworkSpec net, double[] w) {
        int d = net.width();
        double[] prod = new double[d * d], next = new double[d * d];
        double s = 0;
        int units = 0;
        for (Block b : net.blocks()) {
            System.arraycopy(w, net.offset(b.firstLayer()), prod, 0, d * d);
            for (int l = b.firstLayer() + 1; l <= b.lastLayer(); l++) {
                int off = net.offset(l);
                for (int j = 0; j < d; j++) {
                    for (int i = 0; i < d; i++) {
                        double v = 0;
                        for (int k = 0; k < d; k++) v += w[off + k * d + i] * prod[j * d + k];
                        next[j * d + i] = v;
                    }
                }
                double[] t = prod;
                prod = next;
                next = t;
            }
            double f = 0;
            for (double v : prod) f += v * v;
            s += Math.sqrt(f);
            units++;
        }
        return s / units;
    }
}
