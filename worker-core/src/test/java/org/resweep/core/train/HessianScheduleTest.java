package org.resweep.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link HessianSchedule#count} agrees with the list {@link HessianSchedule#epochs} builds, without building it. */
class HessianScheduleTest {
    @Test
    void countEqualsTheLengthOfTheEpochList() {
        int[] epochs = {0, 1, 2, 3, 7, 10, 99, 100, 101, 1000, 1024, 4999};
        int[] everies = {0, 1, 2, 3, 7, 10, 100, 5000};
        int[] untils = {0, 1, 5, 10, 99, 100, 3000, 10_000};
        int[] logs = {0, 1, 2, 5, 20, 100, 3000};
        int checked = 0;
        for (int e : epochs)
            for (int every : everies)
                for (int until : untils)
                    for (int log : logs) {
                        if (every == 0 && until != 0) continue;
                        HessianSchedule s = new HessianSchedule(true, every, until, log);
                        assertEquals(s.epochs(e).length, s.count(e), s.canonical() + " at " + e + " epochs");
                        checked++;
                    }
        assertEquals(0, HessianSchedule.NONE.count(100));
        assertEquals(1, HessianSchedule.INIT_AND_END.count(0));
        assertEquals(2, HessianSchedule.INIT_AND_END.count(5));
        assertArrayEquals(new int[] {0, 5}, HessianSchedule.INIT_AND_END.epochs(5));
        assertEquals(true, checked > 1000, "combinations checked: " + checked);
    }

    @Test
    void hugeSchedulesAreCountedInConstantMemory() {
        assertEquals(100_000_001L, HessianSchedule.every(1).count(100_000_000));
        assertEquals(100_002L, new HessianSchedule(true, 1, 100_000, 0).count(100_000_000)); // 0, 1 … 100000, the last
    }
}
