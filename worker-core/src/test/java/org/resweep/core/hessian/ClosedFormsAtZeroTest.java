package org.resweep.core.hessian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.resweep.core.Tolerances;
import org.resweep.core.data.Moments;
import org.resweep.core.loss.MomentFixtures;
import org.resweep.core.loss.MomentPath;
import org.resweep.core.net.NetworkSpec;

/**
 * docs/model.md §6: the gradient and Hessian of linear networks at W = 0 in closed form, with {@code C = Σxx − Σxy}.
 * Derivation (M = I for shortcut nets at W = 0, so every Pre/Post/Mid is I or 0 and G = Σxx − Σxy = C):
 * <ul>
 *   <li>n = 1: ∂L/∂W_k(i,j) = (Σxx − Σyx)[i,j]; H[(k,i,j),(k',i',j')] = Σxx[j,j']·δ_ii' + [k ≠ k'] ·
 *       C[j_b, i_a]·δ_{j_a i_b} with (a = later, b = earlier) — diagonal blocks {@code Σxx ⊗ I} in the
 *       column-major layout (outer index = column j), every off-diagonal block the same.</li>
 *   <li>n = 2: only the pair (second, first) matrix of a unit survives: H[(2nd,i,j),(1st,k,l)] = C[l,i]·δ_jk.</li>
 *   <li>n ≥ 3: every term contains a zero matrix: gradient and Hessian are exactly zero.</li>
 * </ul>
 */
class ClosedFormsAtZeroTest {

    static Stream<Arguments> moments() {
        return Stream.of(
                Arguments.of("whitened d=4", MomentFixtures.whitenedMoments(4, 41)),
                Arguments.of("general d=4", Moments.of(MomentFixtures.randomDataset(4, 300, 42))),
                Arguments.of("whitened d=10", MomentFixtures.whitenedMoments(10, 43)),
                Arguments.of("general d=10", Moments.of(MomentFixtures.randomDataset(10, 300, 44))));
    }

    private static int maxUnits(Moments m) { return m.d() <= 4 ? 8 : 3; }

    private static double[] c(Moments m) {
        double[] c = new double[m.d() * m.d()];
        for (int t = 0; t < c.length; t++) c[t] = m.sxx()[t] - m.sxy()[t];
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("moments")
    void twoShortcut_gradientZero_hessianPairsOfC_spectrumPlusMinusSigma(String name, Moments mom) {
        int d = mom.d(), d2 = d * d;
        double[] c = c(mom);
        double[] sigma = singularValues(c, d);
        double firstCond = Double.NaN;
        for (int units = 1; units <= maxUnits(mom); units++) {
            NetworkSpec spec = NetworkSpec.linear(2 * units, 2, d);
            int p = spec.numParams();
            double[] w = new double[p];
            assertAllZero(gradient(spec, mom, w), "gradient n=2 K=" + units);
            DMatrixRMaj h = new MomentHessian(spec, mom).hessian(w, null);

            DMatrixRMaj expected = new DMatrixRMaj(p, p);
            for (int k = 0; k < units; k++) {
                int second = (2 * k + 1) * d2, first = 2 * k * d2;
                for (int i = 0; i < d; i++)
                    for (int j = 0; j < d; j++)
                        for (int l = 0; l < d; l++) {
                            double v = c[l * d + i]; // (second,i,j) × (first,k=j,l)
                            expected.set(second + j * d + i, first + l * d + j, v);
                            expected.set(first + l * d + j, second + j * d + i, v);
                        }
            }
            MomentFixtures.assertRelClose(expected.data, h.data, Tolerances.CLOSED_FORM, "H n=2 K=" + units);

            double[] eigs = TestSpectra.sortedEigenvalues(h);
            double[] expEigs = new double[p];
            int t = 0;
            for (double s : sigma) {
                for (int r = 0; r < units * d; r++) {
                    expEigs[t++] = s;
                    expEigs[t++] = -s;
                }
            }
            Arrays.sort(expEigs);
            MomentFixtures.assertRelClose(expEigs, eigs, Tolerances.CLOSED_FORM, "eigenvalues n=2 K=" + units);
            assertEquals(0.5, TestSpectra.index(eigs), 0.0, "index n=2 K=" + units);
            double cond = TestSpectra.cond(eigs);
            if (units == 1) {
                firstCond = cond;
                assertEquals(TestSpectra.cond(expEigs), cond, Tolerances.COND_ACROSS_DEPTH * cond);
            }
            assertEquals(firstCond, cond, Tolerances.COND_ACROSS_DEPTH * firstCond, "cond n=2 K=" + units);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("moments")
    void threeAndFourShortcut_gradientAndHessianExactlyZero(String name, Moments mom) {
        for (int n = 3; n <= 4; n++) {
            for (int units = 1; units <= 3; units++) {
                NetworkSpec spec = NetworkSpec.linear(n * units, n, mom.d());
                double[] w = new double[spec.numParams()];
                assertAllZero(gradient(spec, mom, w), "gradient n=" + n + " K=" + units);
                assertAllZero(new MomentHessian(spec, mom).hessian(w, null).data, "H n=" + n + " K=" + units);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("moments")
    void oneShortcut_gradientSxxMinusSyx_blockToeplitz_condGrowsWithDepth(String name, Moments mom) {
        int d = mom.d(), d2 = d * d;
        double[] c = c(mom), sxx = mom.sxx(), sxy = mom.sxy();
        double prevCond = 0;
        for (int units = 1; units <= maxUnits(mom); units++) {
            NetworkSpec spec = NetworkSpec.linear(units, 1, d);
            int p = spec.numParams();
            double[] w = new double[p];
            double[] g = gradient(spec, mom, w);
            double[] expG = new double[p];
            for (int k = 0; k < units; k++)
                for (int i = 0; i < d; i++)
                    for (int j = 0; j < d; j++) expG[k * d2 + j * d + i] = sxx[i * d + j] - sxy[j * d + i]; // Σxx − Σyx
            MomentFixtures.assertRelClose(expG, g, Tolerances.CLOSED_FORM, "gradient n=1 K=" + units);

            DMatrixRMaj h = new MomentHessian(spec, mom).hessian(w, null);
            DMatrixRMaj expected = new DMatrixRMaj(p, p);
            for (int a = 0; a < units; a++) {
                for (int b = 0; b < units; b++) {
                    for (int j = 0; j < d; j++)
                        for (int i = 0; i < d; i++)
                            for (int l = 0; l < d; l++)
                                for (int k = 0; k < d; k++) {
                                    double v = i == k ? sxx[j * d + l] : 0.0; // Σxx ⊗ I
                                    if (a > b && j == k) v += c[l * d + i];   // later (a,i,j), earlier (b,k,l)
                                    if (a < b && l == i) v += c[j * d + k];   // transpose
                                    expected.set(a * d2 + j * d + i, b * d2 + l * d + k, v);
                                }
                }
            }
            MomentFixtures.assertRelClose(expected.data, h.data, Tolerances.CLOSED_FORM, "H n=1 K=" + units);
            DMatrixRMaj kron = CommonOps_DDRM.kron(new DMatrixRMaj(d, d, true, sxx), CommonOps_DDRM.identity(d), null);
            for (int a = 0; a < units; a++) {
                DMatrixRMaj block = CommonOps_DDRM.extract(h, a * d2, (a + 1) * d2, a * d2, (a + 1) * d2);
                MomentFixtures.assertRelClose(kron.data, block.data, Tolerances.CLOSED_FORM, "diagonal block " + a);
            }
            assertBlockToeplitz(h, units, d2);

            double cond = TestSpectra.cond(TestSpectra.sortedEigenvalues(h));
            assertTrue(cond > prevCond, "cond must grow with depth: K=" + units + " cond=" + cond
                    + " previous=" + prevCond);
            prevCond = cond;
        }
    }

    /** Block (a,b) of size d² depends only on a − b. */
    private static void assertBlockToeplitz(DMatrixRMaj h, int units, int d2) {
        for (int a = 1; a < units; a++) {
            for (int b = 1; b < units; b++) {
                for (int r = 0; r < d2; r++) {
                    for (int s = 0; s < d2; s++) {
                        double v = h.get(a * d2 + r, b * d2 + s), ref = h.get((a - 1) * d2 + r, (b - 1) * d2 + s);
                        assertEquals(ref, v, Tolerances.CLOSED_FORM * (1 + Math.abs(ref)),
                                "block (" + a + "," + b + ") differs from (" + (a - 1) + "," + (b - 1) + ")");
                    }
                }
            }
        }
    }

    private static double[] gradient(NetworkSpec spec, Moments mom, double[] w) {
        double[] g = new double[w.length];
        new MomentPath(spec, mom).lossAndGradient(w, g);
        return g;
    }

    private static void assertAllZero(double[] a, String what) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != 0.0) throw new AssertionError(what + ": entry " + i + " = " + a[i] + ", expected exactly 0");
        }
    }

    private static double[] singularValues(double[] c, int d) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(d, d, false, false, true);
        if (!svd.decompose(new DMatrixRMaj(d, d, true, c))) throw new IllegalStateException("SVD failed");
        double[] s = Arrays.copyOf(svd.getSingularValues(), d);
        Arrays.sort(s);
        return s;
    }
}
