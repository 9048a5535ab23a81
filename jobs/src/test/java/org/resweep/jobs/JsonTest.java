package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The output policy of {@link Json} (docs/output.md). */
class JsonTest {
    @Test
    void escapesStrings() {
        assertEquals("\"a\\\"b\\\\c\\nd\\te\\u0001f\u00e9\"", Json.write("a\"b\\c\nd\te\u0001f\u00e9"));
        assertEquals("a\"b\\c\nd\te\u0001f\u00e9\u2028", Json.read(Json.write("a\"b\\c\nd\te\u0001f\u00e9\u2028")).textValue());
    }

    @Test
    void writesNestedValuesInOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", 1);
        m.put("a", Arrays.asList(true, null, 2.5, 10L));
        m.put("m", Map.of("k", "v"));
        m.put("e", List.of());
        m.put("d", new double[] {0.1, -3.0});
        assertEquals("{\"z\":1,\"a\":[true,null,2.5,10],\"m\":{\"k\":\"v\"},\"e\":[],\"d\":[0.1,-3.0]}", Json.write(m));
    }

    @Test
    void nonFiniteNumbersAreQuotedStringsAndReadBack() {
        assertEquals("[\"NaN\",\"Infinity\",\"-Infinity\",1.0E-4,1.0E9,null]",
                Json.write(Arrays.asList(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-4, 1e9, null)));
        assertEquals("[\"Infinity\",\"NaN\"]", Json.write(new double[] {Double.POSITIVE_INFINITY, Double.NaN}));
        var back = Json.read(Json.write(Arrays.asList(Double.NEGATIVE_INFINITY, Double.NaN, 0.1)));
        assertEquals(Double.NEGATIVE_INFINITY, Json.toDouble(back.get(0)));
        assertTrue(Double.isNaN(Json.toDouble(back.get(1))));
        assertEquals(0.1, Json.toDouble(back.get(2)));
        assertThrows(IllegalArgumentException.class, () -> Json.toDouble(Json.read("\"inf\"")));
    }

    @Test
    void doublesRoundTripExactly() {
        for (double d : new double[] {0.1 + 0.2, Math.PI, Double.MIN_VALUE, Double.MAX_VALUE, -0.0, 0.3342910184}) {
            assertEquals(d, Json.toDouble(Json.read(Json.write(d))), 0.0);
            assertEquals(Double.toString(d), Json.write(d));
        }
    }

    @Test
    void timesAreIsoStrings() {
        Instant t = Instant.parse("2026-11-30T13:36:31.250Z");
        assertEquals("\"2026-11-30T13:36:31.250Z\"", Json.write(t));
        String ts = Json.write(Timestamp.from(t));
        assertTrue(ts.startsWith("\"2026-11-30T13:36:31.250"), ts);
    }

    @Test
    void inspectWritesAnInfiniteConditionNumberAsTheStringInfinity() {
        // 3-shortcut at W = 0: the Hessian is exactly zero, so p10|λ| = 0 and cond = +∞ (docs/model.md).
        var r = InspectCommandTest.run("--depth", "3", "--shortcut", "3", "--init", "zero");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"cond\":\"Infinity\""), r.out());
        assertEquals(Double.POSITIVE_INFINITY, Json.toDouble(Json.read(r.out()).get("cond")));
    }
}
