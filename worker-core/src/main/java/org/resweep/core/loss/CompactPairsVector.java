package org.resweep.core.loss;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD version of {@link CompactPairs#rowPair}: directions r in the lanes (8 lanes: two vectors, r &lt; 16; 4 lanes:
 * three, r &lt; 12), h_a[s] broadcast, one accumulator per (r-vector, s) — each lane the same fma chain as the scalar
 * code's entry (r, s), so the bits are the scalar kernel's. Lanes past d compute with padding and are not stored.
 * Loaded only when {@link Kernels#VECTOR} is true.
 */
final class CompactPairsVector {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int VL = S.length();
    // Directions 8-11 in a half-width (4-lane) vector next to an 8-lane one would halve the wasted lanes at d = 10,
    // but JDK 17's C2 did not intrinsify the 256-bit species next to the preferred 512-bit one (×5-10 slower, measured).

    private CompactPairsVector() { }

    /** Whether this kernel handles width d (else the scalar kernel, same bits). */
    static boolean covers(int d) {
        return VL == 8 ? d <= 16 : VL == 4 && d <= 12;
    }

    static void rowPair(double[] dt, double[] jt, double[] db, double[] hb, double[] hat, int[] list, int lo, int n,
                        int p, int q, int d, int stride, double[] buf, double[] hess, int at) {
        int step = VL == 8 ? 10 : 5;
        for (int sb = 0; sb < d; sb += step) {
            if (VL == 8) rows16x10(dt, jt, db, hb, hat, list, lo, n, p, q, d, stride, buf, sb);
            else rows12x5(dt, jt, db, hb, hat, list, lo, n, p, q, d, stride, buf, sb);
            int top = Math.min(step, d - sb);
            for (int t = 0; t < top; t++) { // buf[t·16 + r]
                int h = at + (sb + t) * d;
                for (int r = 0; r < d; r++) hess[h + r] += buf[t * 16 + r];
            }
        }
    }

    /** {@link CompactPairs#lanePair}: the d values of y in the lanes (8 lanes: two vectors; 4 lanes: three). */
    static void lanePair(double[] c1, int c1Off, int c1Step, double[] v1, int v1Off, int v1Step,
                         double[] c2, int c2Off, int c2Step, double[] v2, int v2Off, int v2Step,
                         double[] hat, int[] list, int lo, int n, int d, double[] buf, double[] hess, int at, int yStride) {
        int step = VL == 8 ? 10 : 5;
        for (int sb = 0; sb < d; sb += step) {
            if (VL == 8) lanes16x10(c1, c1Off, c1Step, v1, v1Off, v1Step, c2, c2Off, c2Step, v2, v2Off, v2Step, hat, list, lo, n, d, buf, sb);
            else lanes12x5(c1, c1Off, c1Step, v1, v1Off, v1Step, c2, c2Off, c2Step, v2, v2Off, v2Step, hat, list, lo, n, d, buf, sb);
            int top = Math.min(step, d - sb);
            for (int t = 0; t < top; t++) { // buf[t·16 + y]
                int h = at + (sb + t) * d;
                for (int y = 0; y < d; y++) hess[h + y * yStride] += buf[t * 16 + y];
            }
        }
    }

    /** 8 lanes: y &lt; 16, s = sb … sb+9 into {@code buf[(s − sb)·16 + y]}. */
    private static void lanes16x10(double[] c1, int c1Off, int c1Step, double[] v1, int v1Off, int v1Step,
                                   double[] c2, int c2Off, int c2Step, double[] v2, int v2Off, int v2Step,
                                   double[] hat, int[] list, int lo, int n, int d, double[] buf, int sb) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z, a7 = z, a8 = z, a9 = z;
        DoubleVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z, b5 = z, b6 = z, b7 = z, b8 = z, b9 = z;
        for (int k = lo; k < lo + n; k++) {
            int i = list[k], o2 = v2Off + i * v2Step, xo = i * d + sb;
            DoubleVector x2 = DoubleVector.broadcast(S, c2[c2Off + i * c2Step]);
            DoubleVector f = x2.mul(DoubleVector.fromArray(S, v2, o2)), g = x2.mul(DoubleVector.fromArray(S, v2, o2 + 8));
            if (c1 != null) {
                int o1 = v1Off + i * v1Step;
                DoubleVector x1 = DoubleVector.broadcast(S, c1[c1Off + i * c1Step]);
                f = x1.fma(DoubleVector.fromArray(S, v1, o1), f);
                g = x1.fma(DoubleVector.fromArray(S, v1, o1 + 8), g);
            }
            DoubleVector x = DoubleVector.broadcast(S, hat[xo]); a0 = f.fma(x, a0); b0 = g.fma(x, b0);
            x = DoubleVector.broadcast(S, hat[xo + 1]); a1 = f.fma(x, a1); b1 = g.fma(x, b1);
            x = DoubleVector.broadcast(S, hat[xo + 2]); a2 = f.fma(x, a2); b2 = g.fma(x, b2);
            x = DoubleVector.broadcast(S, hat[xo + 3]); a3 = f.fma(x, a3); b3 = g.fma(x, b3);
            x = DoubleVector.broadcast(S, hat[xo + 4]); a4 = f.fma(x, a4); b4 = g.fma(x, b4);
            x = DoubleVector.broadcast(S, hat[xo + 5]); a5 = f.fma(x, a5); b5 = g.fma(x, b5);
            x = DoubleVector.broadcast(S, hat[xo + 6]); a6 = f.fma(x, a6); b6 = g.fma(x, b6);
            x = DoubleVector.broadcast(S, hat[xo + 7]); a7 = f.fma(x, a7); b7 = g.fma(x, b7);
            x = DoubleVector.broadcast(S, hat[xo + 8]); a8 = f.fma(x, a8); b8 = g.fma(x, b8);
            x = DoubleVector.broadcast(S, hat[xo + 9]); a9 = f.fma(x, a9); b9 = g.fma(x, b9);
        }
        a0.intoArray(buf, 0); b0.intoArray(buf, 8); a1.intoArray(buf, 16); b1.intoArray(buf, 24);
        a2.intoArray(buf, 32); b2.intoArray(buf, 40); a3.intoArray(buf, 48); b3.intoArray(buf, 56);
        a4.intoArray(buf, 64); b4.intoArray(buf, 72); a5.intoArray(buf, 80); b5.intoArray(buf, 88);
        a6.intoArray(buf, 96); b6.intoArray(buf, 104); a7.intoArray(buf, 112); b7.intoArray(buf, 120);
        a8.intoArray(buf, 128); b8.intoArray(buf, 136); a9.intoArray(buf, 144); b9.intoArray(buf, 152);
    }

    /** 4 lanes: y &lt; 12, s = sb … sb+4 into {@code buf[(s − sb)·16 + y]}. */
    private static void lanes12x5(double[] c1, int c1Off, int c1Step, double[] v1, int v1Off, int v1Step,
                                  double[] c2, int c2Off, int c2Step, double[] v2, int v2Off, int v2Step,
                                  double[] hat, int[] list, int lo, int n, int d, double[] buf, int sb) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, b0 = z, b1 = z, b2 = z, b3 = z, b4 = z;
        DoubleVector c0 = z, cc1 = z, cc2 = z, cc3 = z, cc4 = z;
        for (int k = lo; k < lo + n; k++) {
            int i = list[k], o2 = v2Off + i * v2Step, xo = i * d + sb;
            DoubleVector x2 = DoubleVector.broadcast(S, c2[c2Off + i * c2Step]);
            DoubleVector f = x2.mul(DoubleVector.fromArray(S, v2, o2)), g = x2.mul(DoubleVector.fromArray(S, v2, o2 + 4)),
                    e = x2.mul(DoubleVector.fromArray(S, v2, o2 + 8));
            if (c1 != null) {
                int o1 = v1Off + i * v1Step;
                DoubleVector x1 = DoubleVector.broadcast(S, c1[c1Off + i * c1Step]);
                f = x1.fma(DoubleVector.fromArray(S, v1, o1), f);
                g = x1.fma(DoubleVector.fromArray(S, v1, o1 + 4), g);
                e = x1.fma(DoubleVector.fromArray(S, v1, o1 + 8), e);
            }
            DoubleVector x = DoubleVector.broadcast(S, hat[xo]); a0 = f.fma(x, a0); b0 = g.fma(x, b0); c0 = e.fma(x, c0);
            x = DoubleVector.broadcast(S, hat[xo + 1]); a1 = f.fma(x, a1); b1 = g.fma(x, b1); cc1 = e.fma(x, cc1);
            x = DoubleVector.broadcast(S, hat[xo + 2]); a2 = f.fma(x, a2); b2 = g.fma(x, b2); cc2 = e.fma(x, cc2);
            x = DoubleVector.broadcast(S, hat[xo + 3]); a3 = f.fma(x, a3); b3 = g.fma(x, b3); cc3 = e.fma(x, cc3);
            x = DoubleVector.broadcast(S, hat[xo + 4]); a4 = f.fma(x, a4); b4 = g.fma(x, b4); cc4 = e.fma(x, cc4);
        }
        a0.intoArray(buf, 0); b0.intoArray(buf, 4); c0.intoArray(buf, 8);
        a1.intoArray(buf, 16); b1.intoArray(buf, 20); cc1.intoArray(buf, 24);
        a2.intoArray(buf, 32); b2.intoArray(buf, 36); cc2.intoArray(buf, 40);
        a3.intoArray(buf, 48); b3.intoArray(buf, 52); cc3.intoArray(buf, 56);
        a4.intoArray(buf, 64); b4.intoArray(buf, 68); cc4.intoArray(buf, 72);
    }

    /** 8 lanes: entries r &lt; 16, s = sb … sb+9 into {@code buf[(s − sb)·16 + r]}. */
    private static void rows16x10(double[] dt, double[] jt, double[] db, double[] hb, double[] hat, int[] list, int lo,
                                  int n, int p, int q, int d, int stride, double[] buf, int sb) {
        int po = p * stride, qo = q * stride;
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z, a7 = z, a8 = z, a9 = z;
        DoubleVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z, b5 = z, b6 = z, b7 = z, b8 = z, b9 = z;
        for (int k = lo; k < lo + n; k++) {
            int i = list[k], dOff = (po + i) * d, xo = i * d + sb;
            double hv = hb[qo + i];
            DoubleVector f = DoubleVector.fromArray(S, dt, dOff).mul(hv), g = DoubleVector.fromArray(S, dt, dOff + 8).mul(hv);
            if (jt != null) {
                int jOff = (qo + i) * d;
                DoubleVector dv = DoubleVector.broadcast(S, db[po + i]);
                f = dv.fma(DoubleVector.fromArray(S, jt, jOff), f);
                g = dv.fma(DoubleVector.fromArray(S, jt, jOff + 8), g);
            }
            DoubleVector x = DoubleVector.broadcast(S, hat[xo]); a0 = f.fma(x, a0); b0 = g.fma(x, b0);
            x = DoubleVector.broadcast(S, hat[xo + 1]); a1 = f.fma(x, a1); b1 = g.fma(x, b1);
            x = DoubleVector.broadcast(S, hat[xo + 2]); a2 = f.fma(x, a2); b2 = g.fma(x, b2);
            x = DoubleVector.broadcast(S, hat[xo + 3]); a3 = f.fma(x, a3); b3 = g.fma(x, b3);
            x = DoubleVector.broadcast(S, hat[xo + 4]); a4 = f.fma(x, a4); b4 = g.fma(x, b4);
            x = DoubleVector.broadcast(S, hat[xo + 5]); a5 = f.fma(x, a5); b5 = g.fma(x, b5);
            x = DoubleVector.broadcast(S, hat[xo + 6]); a6 = f.fma(x, a6); b6 = g.fma(x, b6);
            x = DoubleVector.broadcast(S, hat[xo + 7]); a7 = f.fma(x, a7); b7 = g.fma(x, b7);
            x = DoubleVector.broadcast(S, hat[xo + 8]); a8 = f.fma(x, a8); b8 = g.fma(x, b8);
            x = DoubleVector.broadcast(S, hat[xo + 9]); a9 = f.fma(x, a9); b9 = g.fma(x, b9);
        }
        a0.intoArray(buf, 0); b0.intoArray(buf, 8); a1.intoArray(buf, 16); b1.intoArray(buf, 24);
        a2.intoArray(buf, 32); b2.intoArray(buf, 40); a3.intoArray(buf, 48); b3.intoArray(buf, 56);
        a4.intoArray(buf, 64); b4.intoArray(buf, 72); a5.intoArray(buf, 80); b5.intoArray(buf, 88);
        a6.intoArray(buf, 96); b6.intoArray(buf, 104); a7.intoArray(buf, 112); b7.intoArray(buf, 120);
        a8.intoArray(buf, 128); b8.intoArray(buf, 136); a9.intoArray(buf, 144); b9.intoArray(buf, 152);
    }

    /** 4 lanes: entries r &lt; 12, s = sb … sb+4 into {@code buf[(s − sb)·16 + r]}. */
    private static void rows12x5(double[] dt, double[] jt, double[] db, double[] hb, double[] hat, int[] list, int lo,
                                 int n, int p, int q, int d, int stride, double[] buf, int sb) {
        int po = p * stride, qo = q * stride;
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, b0 = z, b1 = z, b2 = z, b3 = z, b4 = z;
        DoubleVector c0 = z, c1 = z, c2 = z, c3 = z, c4 = z;
        for (int k = lo; k < lo + n; k++) {
            int i = list[k], dOff = (po + i) * d, xo = i * d + sb;
            double hv = hb[qo + i];
            DoubleVector f = DoubleVector.fromArray(S, dt, dOff).mul(hv), g = DoubleVector.fromArray(S, dt, dOff + 4).mul(hv),
                    e = DoubleVector.fromArray(S, dt, dOff + 8).mul(hv);
            if (jt != null) {
                int jOff = (qo + i) * d;
                DoubleVector dv = DoubleVector.broadcast(S, db[po + i]);
                f = dv.fma(DoubleVector.fromArray(S, jt, jOff), f);
                g = dv.fma(DoubleVector.fromArray(S, jt, jOff + 4), g);
                e = dv.fma(DoubleVector.fromArray(S, jt, jOff + 8), e);
            }
            DoubleVector x = DoubleVector.broadcast(S, hat[xo]); a0 = f.fma(x, a0); b0 = g.fma(x, b0); c0 = e.fma(x, c0);
            x = DoubleVector.broadcast(S, hat[xo + 1]); a1 = f.fma(x, a1); b1 = g.fma(x, b1); c1 = e.fma(x, c1);
            x = DoubleVector.broadcast(S, hat[xo + 2]); a2 = f.fma(x, a2); b2 = g.fma(x, b2); c2 = e.fma(x, c2);
            x = DoubleVector.broadcast(S, hat[xo + 3]); a3 = f.fma(x, a3); b3 = g.fma(x, b3); c3 = e.fma(x, c3);
            x = DoubleVector.broadcast(S, hat[xo + 4]); a4 = f.fma(x, a4); b4 = g.fma(x, b4); c4 = e.fma(x, c4);
        }
        a0.intoArray(buf, 0); b0.intoArray(buf, 4); c0.intoArray(buf, 8);
        a1.intoArray(buf, 16); b1.intoArray(buf, 20); c1.intoArray(buf, 24);
        a2.intoArray(buf, 32); b2.intoArray(buf, 36); c2.intoArray(buf, 40);
        a3.intoArray(buf, 48); b3.intoArray(buf, 52); c3.intoArray(buf, 56);
        a4.intoArray(buf, 64); b4.intoArray(buf, 68); c4.intoArray(buf, 72);
    }
}
