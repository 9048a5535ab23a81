package org.resweep.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** resweep's own tanh: within 2 ulps of StrictMath.tanh over the whole double range, exact at the edges. */
class TanhTest {
    /** The bound stated in Tanh's and docs/model.md's text. */
    static final long MAX_ULPS = 2;

    static long ulps(double a, double b) {
        if (Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b)) return 0;
        long x = Double.doubleToRawLongBits(a), y = Double.doubleToRawLongBits(b);
        if ((x < 0) != (y < 0)) return Long.MAX_VALUE; // opposite signs (including +0 against -0)
        return Math.abs(x - y);
    }

    static void assertClose(double x) {
        double got = Tanh.tanh(x), want = StrictMath.tanh(x);
        long u = ulps(got, want);
        if (u > MAX_ULPS) fail("tanh(" + x + ") = " + got + ", StrictMath " + want + ": " + u + " ulps");
    }

    /** Every finite positive double is as likely as any other bit pattern below 2^8 (0x4070…): all binades. */
    @Test
    void withinTwoUlpsOfStrictMathOverAllBinades() {
        SplittableRandom r = new SplittableRandom(20261130);
        long worst = 0;
        for (int i = 0; i < 400_000; i++) {
            double x = Double.longBitsToDouble(r.nextLong(0, 0x4070000000000000L));
            if (r.nextBoolean()) x = -x;
            assertClose(x);
            worst = Math.max(worst, ulps(Tanh.tanh(x), StrictMath.tanh(x)));
        }
        assertTrue(worst >= 1, "the sampling reached no inexact value: " + worst);
    }

    /** Dense uniform sampling where tanh is neither x nor ±1, including around the 0.625 switch of formulas. */
    @Test
    void withinTwoUlpsOfStrictMathWhereTanhBends() {
        SplittableRandom r = new SplittableRandom(7);
        double[][] ranges = {{0, 0.625}, {0.6, 0.65}, {0.625, 3}, {3, 22}, {1e-9, 1e-3}};
        for (double[] g : ranges) {
            for (int i = 0; i < 150_000; i++) assertClose(g[0] + (g[1] - g[0]) * r.nextDouble());
        }
        assertClose(Tanh.SMALL);
        assertClose(Math.nextDown(Tanh.SMALL));
        assertClose(Math.nextDown(Tanh.BIG));
    }

    @Test
    void edgeCases() {
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(Tanh.tanh(0.0)));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Tanh.tanh(-0.0)));
        for (double x : new double[] {Double.MIN_VALUE, 1e-310, Double.MIN_NORMAL, 1e-200, 1e-20, 1e-9}) {
            assertEquals(StrictMath.tanh(x), Tanh.tanh(x), "tiny " + x);
            assertEquals(StrictMath.tanh(-x), Tanh.tanh(-x), "tiny " + -x);
        }
        for (double x : new double[] {19.5, 20.0, 21.999, 22.0, 25.0, 710.0, 1e300, Double.MAX_VALUE,
                Double.POSITIVE_INFINITY}) {
            assertEquals(1.0, Tanh.tanh(x), "large " + x);
            assertEquals(-1.0, Tanh.tanh(-x), "large " + -x);
        }
        assertTrue(Double.isNaN(Tanh.tanh(Double.NaN)));
        assertTrue(Double.isNaN(Tanh.tanh(-Double.NaN)));
    }

    @Test
    void oddBitForBit() {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            double x = 30 * r.nextDouble();
            assertEquals(Double.doubleToRawLongBits(-Tanh.tanh(x)), Double.doubleToRawLongBits(Tanh.tanh(-x)));
        }
    }

    /** Golden values: these bits define tanh runs' results (a change here changes every tanh run). */
    @Test
    void goldenBits() {
        double[] x = {0.1, 0.5, 0.625, 1.0, 2.5, 10.0};
        long[] want = new long[x.length];
        for (int i = 0; i < x.length; i++) want[i] = Double.doubleToRawLongBits(Tanh.tanh(x[i]));
        long[] fixed = GOLDEN;
        for (int i = 0; i < x.length; i++) {
            assertEquals(fixed[i], want[i], "tanh(" + x[i] + ") = " + Tanh.tanh(x[i]));
        }
    }

    /** Bits of tanh at the points of {@link #goldenBits} when this function was introduced. */
    static final long[] GOLDEN = {
        0x3fb983d7795f413aL, 0x3fdd9353d7568af3L, 0x3fe1bf47eabb8f96L, 0x3fe85efab514f394L, 0x3fef9258260a71c2L,
        0x3feffffffdc96f35L,
    };
}
