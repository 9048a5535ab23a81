package org.resweep.core.train;

import org.resweep.core.data.Dataset;
import org.resweep.core.loss.ChunkPass;
import org.resweep.core.loss.DataPath;
import org.resweep.core.net.NetworkSpec;

/**
 * Loss and accuracy of a network on a data set it was not trained on (a pass over the data, whatever the network).
 *
 * <p>Loss: {@code (1/(2N)) Σ_i ‖f(x_i) − y_i‖²}, the training loss's formula (sums in {@link ChunkPass#residual}
 * order). Accuracy: the fraction of samples whose largest output is the target's class
 * (ties: the smallest class index), the usual reading of a regression onto one-hot labels.
 */
public final class HeldOut {
    private HeldOut() {}

    /**
     * @param net  architecture
     * @param w    weights, length P. Not modified.
     * @param data the held-out set (preprocessed with the training set's whitening)
     * @return {@code {loss, accuracy}}
     */
    public static double[] lossAndAccuracy(NetworkSpec net, double[] w, Dataset data) {
        if (net.width() != data.d()) {
            throw new IllegalArgumentException("test data: dimension " + data.d() + " does not match the network's width " + net.width());
        }
        ChunkPass pass = new ChunkPass(net, DataPath.LOSS_BLOCK);
        pass.setWeights(w);
        int n = data.n(), d = net.width(), cap = pass.capacity, correct = 0;
        double sum = 0;
        double[] f = pass.u[pass.blocks.size()], y = data.y();
        for (int start = 0; start < n; start += cap) {
            int cnt = Math.min(cap, n - start);
            pass.load(data, start, cnt);
            pass.forward();
            sum += pass.residual(n);
            for (int i = 0; i < cnt; i++) {
                int best = 0, label = 0;
                for (int q = 1; q < d; q++) {
                    if (f[q * cap + i] > f[best * cap + i]) best = q;
                    if (y[q * n + start + i] > y[label * n + start + i]) label = q;
                }
                if (best == label) correct++;
            }
        }
        return new double[] {sum / (2.0 * n), (double) correct / n};
    }
}
