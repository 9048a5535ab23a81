package org.resweep.jobs.repro;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.resweep.driver.spec.SpecException;
import org.resweep.driver.spec.SweepSpecParser;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Sweep files that {@code reproduce} derives from a shipped one (fig5-6 at fig7's best rates, the two stages of a
 * refined experiment): the shipped text is validated first ({@link SweepSpecParser}, so its bounds apply), loaded as
 * plain maps and lists (YAML 1.2 core schema), changed, dumped back as YAML with a comment saying where it came
 * from, and the result validated again before it runs. The derived text is what the sweep directory stores
 * ({@code sweep.yaml}); it is a function of the shipped text and of stored results only, so a rerun derives the same
 * text and resumes.
 */
final class SpecTexts {
    private SpecTexts() {}

    /** The document of a shipped spec text (validated first: a bad file fails here with its usual message). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> load(String yaml, String source) {
        SweepSpecParser.parse(yaml, source);
        LoadSettings s = LoadSettings.builder().setLabel(source).setSchema(new CoreSchema()).setAllowDuplicateKeys(false)
                .setCodePointLimit(SweepSpecParser.MAX_FILE_BYTES).build();
        return new LinkedHashMap<>((Map<String, Object>) new Load(s).loadFromString(yaml));
    }

    /** YAML text of {@code doc}, after {@code comment} lines (each prefixed with "# "); validated as a spec. */
    static String dump(List<String> comment, Map<String, Object> doc, String source) {
        DumpSettings s = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setSchema(new CoreSchema()).setWidth(120).build();
        DumpSettings flow = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.FLOW).setSchema(new CoreSchema()).setWidth(100_000).build();
        StringBuilder sb = new StringBuilder();
        for (String c : comment) sb.append("# ").append(c).append('\n');
        Map<String, Object> top = new LinkedHashMap<>(doc);
        Object variants = top.remove("variants");
        sb.append(new Dump(s).dumpToString(top));
        if (variants instanceof List<?> vs) { // one flow mapping per line, as the shipped files write them
            sb.append("variants:\n");
            for (Object v : vs) sb.append("  - ").append(new Dump(flow).dumpToString(v).strip()).append('\n');
        }
        String text = sb.toString();
        try {
            SweepSpecParser.parse(text, source);
        } catch (SpecException e) {
            throw new IllegalStateException("derived sweep file " + source + " is invalid: " + e.getMessage() + "\n" + text, e);
        }
        return text;
    }

    /** A mapping value of {@code m} (null if absent); the parser has already checked the shapes. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object m) { return m == null ? null : (Map<String, Object>) m; }

    /** {@code key} of the variant, else of the axes, else null. */
    static Object axis(Map<String, Object> variant, Map<String, Object> axes, String key) {
        if (variant != null && variant.containsKey(key)) return variant.get(key);
        return axes == null ? null : axes.get(key);
    }

    /** A single value (a one-element list counts), else null. */
    static Object single(Object v) {
        if (v instanceof List<?> l) return l.size() == 1 && !(l.get(0) instanceof List<?>) ? l.get(0) : null;
        return v instanceof Map<?, ?> ? null : v;
    }

    /** v rounded to 12 significant digits, as the spec's learning-rate ranges are (docs/sweep-spec.md). */
    static double round12(double v) { return new BigDecimal(v).round(new MathContext(12)).doubleValue(); }
}
