package org.resweep.core.hessian;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.resweep.core.DataPathFixtures;
import org.resweep.core.DataPathTolerances;
import org.resweep.core.data.Dataset;
import org.resweep.core.loss.DataPath;
import org.resweep.core.loss.MomentPath;
import org.resweep.core.net.NetworkSpec;

/** On linear networks the data path and the moment path are two exact computations of the same numbers. */
class DataVsMomentTest {
    static double maxAbs(double[] v, int len) {
        double m = 0;
        for (int i = 0; i < len; i++) m = Math.max(m, Math.abs(v[i]));
        return m;
    }

    @ParameterizedTest(name = "depth {0} shortcut {1}")
    @CsvSource({"4,0", "5,0", "3,1", "6,2", "6,3"})
    void linearNetsAgree(int depth, int shortcut) {
        NetworkSpec spec = NetworkSpec.linear(depth, shortcut, 4);
        Dataset ds = DataPathFixtures.dataset(203, 4, 41);
        double[] w = DataPathFixtures.weights(spec, 0.4, 42);
        DataPath dp = new DataPath(spec, ds);
        MomentPath mp = new MomentPath(spec, ds.moments());
        double[] g1 = new double[w.length], g2 = new double[w.length];
        double l1 = dp.lossAndGradient(w, g1), l2 = mp.lossAndGradient(w, g2);
        assertEquals(l2, l1, DataPathTolerances.DATA_VS_MOMENT * Math.abs(l2));
        double gs = maxAbs(g2, g2.length);
        for (int j = 0; j < w.length; j++) assertEquals(g2[j], g1[j], DataPathTolerances.DATA_VS_MOMENT * gs, "grad " + j);
        DMatrixRMaj h1 = new DataHessian(spec, ds).hessian(w, null), h2 = new MomentHessian(spec, ds.moments()).hessian(w, null);
        double hs = maxAbs(h2.data, h2.getNumElements());
        for (int k = 0; k < h2.getNumElements(); k++) {
            assertEquals(h2.data[k], h1.data[k], DataPathTolerances.DATA_VS_MOMENT * hs, "hessian entry " + k);
        }
    }
}
