package org.resweep.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.Test;
import org.resweep.core.train.Trajectory;

/** {@link WeightNorms} by hand and against EJML products; {@link Trajectory#escapeEpoch(double[])}. */
class WeightNormsTest {

    @Test
    void layerNormsByHand() {
        NetworkSpec net = NetworkSpec.linear(2, 1, 2);
        double[] w = {3, 0, 0, 4, /* layer 1 */ 1, 1, 1, 1};
        assertEquals(5.0, WeightNorms.layer(net, w, 0), 0.0);
        assertEquals(2.0, WeightNorms.layer(net, w, 1), 0.0);
        assertEquals(3.5, WeightNorms.mean(net, w), 0.0);
        assertEquals(5.0, WeightNorms.max(net, w), 0.0);
        assertEquals(3.5, WeightNorms.unitProductMean(net, w), 0.0, "n = 1: the product is the matrix itself");
    }

    @Test
    void unitProductsMatchEjml() {
        for (int shortcut : new int[] {0, 2, 3}) {
            NetworkSpec net = NetworkSpec.linear(6, shortcut, 4);
            double[] w = Initializer.init(net, InitKind.XAVIER, 1.0, 17 + shortcut);
            double sum = 0;
            int units = 0;
            for (Block b : net.blocks()) {
                DMatrixRMaj prod = matrix(net, w, b.firstLayer());
                for (int l = b.firstLayer() + 1; l <= b.lastLayer(); l++) {
                    DMatrixRMaj next = new DMatrixRMaj(4, 4);
                    CommonOps_DDRM.mult(matrix(net, w, l), prod, next);
                    prod = next;
                }
                sum += NormOps_DDRM.normF(prod);
                units++;
            }
            assertEquals(sum / units, WeightNorms.unitProductMean(net, w), 1e-14 * sum, "shortcut " + shortcut);
        }
    }

    private static DMatrixRMaj matrix(NetworkSpec net, double[] w, int l) {
        int d = net.width();
        DMatrixRMaj m = new DMatrixRMaj(d, d);
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) m.set(i, j, w[net.offset(l) + j * d + i]);
        return m;
    }

    @Test
    void escapeEpoch() {
        assertEquals(2, Trajectory.escapeEpoch(new double[] {1, 0.95, 0.89, 0.5}));
        assertEquals(-1, Trajectory.escapeEpoch(new double[] {1, 0.95, 0.9}), "0.9 × initial is not below it");
        assertEquals(-1, Trajectory.escapeEpoch(new double[] {1}));
        assertEquals(-1, Trajectory.escapeEpoch(new double[] {Double.NaN, 0.1}));
        assertEquals(-1, Trajectory.escapeEpoch(new double[] {1, Double.NaN, Double.POSITIVE_INFINITY}));
    }
}
