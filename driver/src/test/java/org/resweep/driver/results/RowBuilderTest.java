package org.resweep.driver.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RowBuilderTest {
    private static final TableSchema T = new TableSchema.Builder("t")
            .req("a", ColumnType.INT, "a").req("b", ColumnType.INT, "b").opt("c", ColumnType.STRING, "c").build();

    @Test
    void buildsInTableOrderWhateverTheSetOrder() {
        Object[] row = new RowBuilder(T).set("c", "x").set("b", 2).set("a", 1).build();
        assertArrayEquals(new Object[] {1, 2, "x"}, row);
    }

    @Test
    void everyColumnMustBeSetExactlyOnce() {
        IllegalStateException unset = assertThrows(IllegalStateException.class, () -> new RowBuilder(T).set("a", 1).set("b", 2).build());
        assertTrue(unset.getMessage().contains("t.c"), unset.getMessage());
        assertThrows(IllegalStateException.class, () -> new RowBuilder(T).set("a", 1).set("a", 2));
        assertThrows(IllegalStateException.class, () -> new RowBuilder(T).set("nope", 1));
    }

    @Test
    void nullsOnlyWhereNullableAndTypesChecked() {
        assertArrayEquals(new Object[] {1, 2, null}, new RowBuilder(T).set("a", 1).set("b", 2).set("c", null).build());
        assertThrows(IllegalStateException.class, () -> new RowBuilder(T).set("a", null).set("b", 2).set("c", null).build());
        assertThrows(IllegalStateException.class, () -> new RowBuilder(T).set("a", 1L).set("b", 2).set("c", null).build());
    }

    @Test
    void everyStatisticColumnHasAValue() {
        org.resweep.core.eig.SpectrumStats s = new org.resweep.core.eig.SpectrumStats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
                11, 12, 13, 14, 15, 16);
        List<Object> got = ResultSchema.STATS.stream().map(n -> ResultRows.statistic(s, n)).toList();
        // Doubles for DOUBLE statistics, Integers for INT ones (top_r, n_flat), each the component of its name.
        assertArrayEquals(new Object[] {1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13, 14.0, 15.0, 16},
                got.toArray());
    }
}
