package org.resweep.jobs.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The comparison the integration tests rely on tells apart values that print alike. */
class TableSnapshotTest {
    @Test
    void doublesCompareByTheirBits() {
        assertNotEquals(TableSnapshot.text(0.0), TableSnapshot.text(-0.0));
        assertNotEquals(TableSnapshot.text(0.1), TableSnapshot.text(Math.nextUp(0.1)));
        assertEquals(TableSnapshot.text(List.of(1.0, Double.POSITIVE_INFINITY)),
                TableSnapshot.text(scala.jdk.javaapi.CollectionConverters.asScala(List.of(1.0, Double.POSITIVE_INFINITY)).toSeq()));
        assertEquals("null", TableSnapshot.text(null));
    }

    @Test
    void aDifferentValueOrKeyFails() {
        TableSnapshot a = snap("k1", "x=" + TableSnapshot.text(0.1)), same = snap("k1", "x=" + TableSnapshot.text(0.1));
        a.assertSameAs(same, "same");
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> a.assertSameAs(snap("k1", "x=" + TableSnapshot.text(Math.nextUp(0.1))), "ulp"));
        assertTrue(e.getMessage().contains("row k1 differs"), e.getMessage());
        assertThrows(AssertionFailedError.class, () -> a.assertSameAs(snap("k2", "x=" + TableSnapshot.text(0.1)), "key"));
    }

    private static TableSnapshot snap(String key, String row) {
        TreeMap<String, String> rows = new TreeMap<>();
        rows.put(key, row + "\n");
        return new TableSnapshot("runs", List.of("x"), rows);
    }
}
