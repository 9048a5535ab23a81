package org.resweep.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON writer of the command line ({@code inspect}, {@code plan --json}, {@code sql --format json}), on
 * Jackson. The output policy (docs/output.md):
 * <ul>
 *   <li>maps are written in their iteration order (pass a {@code LinkedHashMap} for a fixed key order), lists and
 *       arrays ({@code double[]} too) as JSON arrays, {@code null} as {@code null};</li>
 *   <li>finite doubles in Java's shortest round-trip form ({@code 0.1}, {@code 1.0E-4}), which parses back to the
 *       same double;</li>
 *   <li>non-finite doubles, which JSON numbers cannot hold, as the strings {@code "Infinity"}, {@code "-Infinity"}
 *       and {@code "NaN"} (Jackson's {@code WRITE_NAN_AS_STRINGS}; the spelling Parquet readers print and that
 *       Python's {@code float()} and JavaScript's {@code Number()} parse) — never {@code null}, which means "no
 *       value";</li>
 *   <li>dates and times ({@code java.sql.Timestamp}, {@code java.time}) as ISO-8601 strings.</li>
 * </ul>
 * Thread-safe.
 */
public final class Json {
    private Json() {}

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    /**
     * The JSON text of {@code value} on one line (no trailing newline).
     *
     * @param value a Map, List, array, String, Number, Boolean, date/time or null; Not modified
     * @throws IllegalArgumentException when Jackson cannot write it
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses JSON text (e.g. what {@link #write} produced; for tests and tools).
     *
     * @throws IllegalArgumentException on malformed text
     */
    public static JsonNode read(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The double of a node written by {@link #write}: a number, or one of the strings of non-finite values. */
    public static double toDouble(JsonNode node) {
        if (node != null && node.isNumber()) return node.doubleValue();
        if (node != null && node.isTextual()) {
            switch (node.textValue()) {
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                case "NaN": return Double.NaN;
                default: break;
            }
        }
        throw new IllegalArgumentException("not a number as written by Json.write: " + node);
    }
}
