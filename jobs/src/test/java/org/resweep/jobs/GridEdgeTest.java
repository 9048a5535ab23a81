package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class GridEdgeTest {
    @Test
    void warnsOnlyWhenABestRateSitsOnTheEdge() {
        assertEquals(Optional.empty(), GridEdge.warning(0, 10));
        String w = GridEdge.warning(3, 10).orElseThrow();
        assertTrue(w.startsWith("resweep: warning: the best learning rate sits on the edge of its grid in 3 of 10 configurations"), w);
        assertTrue(w.contains("widen the learning_rate axis") && !w.contains("\n"), w);
    }
}
