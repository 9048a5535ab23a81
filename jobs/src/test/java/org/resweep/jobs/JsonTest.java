package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void escapesStrings() {
        assertEquals("\"a\\\"b\\\\c\\nd\\te\\u0001f\u00e9\\u2028\"", Json.write("a\"b\\c\nd\te\u0001f\u00e9\u2028"));
    }

    @Test
    void writesNestedValuesInOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", 1);
        m.put("a", Arrays.asList(true, null, 2.5, 10L));
        m.put("m", Map.of("k", "v"));
        m.put("e", List.of());
        assertEquals("{\"z\":1,\"a\":[true,null,2.5,10],\"m\":{\"k\":\"v\"},\"e\":[]}", Json.write(m));
    }

    @Test
    void nonFiniteNumbersBecomeNull() {
        assertEquals("[null,null,1.0E-4,1.0E9]", Json.write(List.of(Double.NaN, Double.POSITIVE_INFINITY, 1e-4, 1e9)));
    }
}
