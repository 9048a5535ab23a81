package org.resweep.driver.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.resweep.core.util.DeterministicRandom;

class BestLrTest {

    @Test
    void seedStatsByHand() {
        SeedStats s = new SeedStats().add("ok", 1.0).add("ok", 2.0).add("ok", 4.0).add("failed", Double.NaN);
        assertEquals(7.0 / 3, s.mean(), 0.0);
        // sample std of {1,2,4}: mean 7/3, squared deviations 16/9+1/9+25/9 = 42/9, /2 = 7/3
        assertEquals(Math.sqrt(7.0 / 3), s.std(), 1e-15);
        assertEquals(3, s.seeds());
        assertEquals(1, s.failed());
        s.add("diverged", 5.0);
        assertEquals(Double.POSITIVE_INFINITY, s.mean());
        assertNull(s.std());
        assertEquals(1, s.diverged());
        assertNull(new SeedStats().add("ok", 3.0).std());
    }

    @Test
    void orderAndMergeDoNotChangeABit() {
        DeterministicRandom rnd = new DeterministicRandom(42);
        List<Double> xs = new ArrayList<>();
        for (int i = 0; i < 9; i++) xs.add(rnd.nextDouble() * 1e-3 + 0.1 * i);
        SeedStats a = new SeedStats();
        xs.forEach(x -> a.add("ok", x));
        List<Double> shuffled = new ArrayList<>(xs);
        Collections.reverse(shuffled);
        SeedStats b1 = new SeedStats(), b2 = new SeedStats();
        for (int i = 0; i < shuffled.size(); i++) (i % 2 == 0 ? b1 : b2).add("ok", shuffled.get(i));
        SeedStats b = b2.merge(b1);
        assertEquals(Double.doubleToRawLongBits(a.mean()), Double.doubleToRawLongBits(b.mean()));
        assertEquals(Double.doubleToRawLongBits(a.std()), Double.doubleToRawLongBits(b.std()));
    }

    @Test
    void bestLrTiesEdgesAndDivergence() {
        BestLr acc = new BestLr()
                .add(0.01, "ok", 0.5, 0.1).add(0.01, "ok", 0.7, 0.1)
                .add(0.1, "ok", 0.2, 0.1).add(0.1, "diverged", Double.NaN, 0.1) // +inf mean
                .add(1.0, "ok", 0.3, 0.1).add(1.0, "ok", 0.3, 0.1);
        BestLr.Result r = acc.result();
        assertEquals(1.0, r.bestLr());
        assertEquals(0.3, r.mean(), 0.0);
        assertEquals(0.0, r.std(), 0.0);
        assertTrue(r.atEdge());
        assertEquals(3, r.lrs());
        assertEquals(0.3 - 0.1, r.gap(), 1e-15);

        BestLr mid = new BestLr().add(0.01, "ok", 0.5, null).add(0.1, "ok", 0.2, null).add(1.0, "ok", 0.4, null);
        assertEquals(0.1, mid.result().bestLr());
        assertFalse(mid.result().atEdge());
        assertNull(mid.result().gap());

        BestLr tie = new BestLr().add(0.2, "ok", 0.5, null).add(0.1, "ok", 0.5, null).add(0.4, "ok", 0.9, null);
        assertEquals(0.1, tie.result().bestLr()); // ties go to the smaller rate

        BestLr allDiverged = new BestLr().add(0.5, "diverged", 1e9, null).add(0.25, "diverged", 1e9, null);
        assertEquals(0.25, allDiverged.result().bestLr());
        assertEquals(Double.POSITIVE_INFINITY, allDiverged.result().mean());
        assertTrue(allDiverged.result().atEdge());

        BestLr allFailed = new BestLr().add(0.5, "failed", Double.NaN, null);
        assertNull(allFailed.result().bestLr());
        assertEquals(1, allFailed.result().failed());
    }
}
