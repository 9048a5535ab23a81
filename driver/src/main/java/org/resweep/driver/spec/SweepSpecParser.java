package org.resweep.driver.spec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.resweep.core.net.InitKind;
import org.resweep.core.train.HessianSchedule;
import org.resweep.core.train.StopRule;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a sweep spec (YAML 1.2, format in {@code docs/sweep-spec.md}) and validates all of it, including the data
 * files, before any Spark work. Loading is safe: snakeyaml-engine builds only maps, lists, strings, numbers,
 * booleans and null (YAML 1.2 core schema), never arbitrary classes; duplicate keys are an error. Loading is bounded:
 * at most {@link #MAX_FILE_BYTES} of text, {@link YamlBounds#MAX_NODES} nodes once aliases are expanded, nesting
 * depth {@link YamlBounds#MAX_DEPTH}, checked on the event stream before any object is built. Every problem becomes
 * a {@link SpecException} naming the field path, the value and what is allowed.
 */
public final class SweepSpecParser {
    static final List<String> TOP_KEYS =
            List.of("name", "description", "data", "width", "axes", "variants", "seeds", "epochs", "hessian", "spectra", "weights", "test_data", "stop");
    /** The width d of every layer: 10 whitened principal components and 10 classes (docs/model.md §3). */
    public static final int WIDTH = 10;
    static final int MAX_SEEDS = 10_000;
    /** Most epochs of a run (its loss curve holds epochs + 1 values). */
    public static final int MAX_EPOCHS = 100_000_000;
    /** Largest spec file, in bytes (and characters of YAML text): 1 MiB. */
    public static final int MAX_FILE_BYTES = 1 << 20;
    /** Most aliases ({@code *name}) to lists or mappings in one document (snakeyaml-engine's own check). */
    static final int MAX_ALIASES = 50;

    private SweepSpecParser() {}

    /** Reads and validates the spec file; error messages start with the file name. */
    public static SweepSpec parse(Path file) {
        return parse(readText(file), file.toString());
    }

    /**
     * The text of a spec file, read with a bound: at most {@link #MAX_FILE_BYTES} + 1 bytes are ever read, so a
     * huge, endless ({@code /dev/zero}) or streaming (a pipe) file is refused after 1 MiB, before decoding.
     *
     * @throws SpecException (message prefixed by the file name) missing, a directory, unreadable, too large, not UTF-8
     */
    public static String readText(Path file) {
        String src = file.toString();
        if (Files.isDirectory(file)) throw new SpecException(src, "is a directory", "a readable YAML file");
        byte[] bytes;
        try {
            if (Files.isRegularFile(file) && Files.size(file) > MAX_FILE_BYTES) throw tooLarge(src, Files.size(file) + " bytes");
            bytes = org.resweep.driver.store.SweepFs.readAtMost(file, MAX_FILE_BYTES);
        } catch (IOException e) {
            throw new SpecException(src, "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                    "a readable YAML file");
        }
        if (bytes == null) throw tooLarge(src, "more than " + MAX_FILE_BYTES + " bytes");
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SpecException(src, "is not UTF-8 text", "a UTF-8 YAML file");
        }
    }

    private static SpecException tooLarge(String src, String size) {
        return new SpecException(src, "is " + size, "a YAML file of at most 1 MiB (" + MAX_FILE_BYTES + " bytes)");
    }

    /** Parses and validates YAML text; {@code source} (a file name, or null) prefixes error messages. */
    public static SweepSpec parse(String yaml, String source) {
        try {
            if (yaml.length() > MAX_FILE_BYTES) {
                throw new SpecException("", "the text is " + yaml.length() + " characters long",
                        "a YAML text of at most 1 MiB (" + MAX_FILE_BYTES + " characters)");
            }
            return build(load(yaml, source == null ? "spec" : source));
        } catch (SpecException e) {
            throw source == null ? e : e.withSource(source);
        }
    }

    private static LoadSettings settings(String label) {
        return LoadSettings.builder()
                .setLabel(label)
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setCodePointLimit(MAX_FILE_BYTES)
                .build();
    }

    private static Object load(String yaml, String label) {
        try {
            YamlBounds.check(new Parse(settings(label)).parseString(yaml));
            return new Load(settings(label)).loadFromString(yaml);
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark().map(SweepSpecParser::where).orElse("");
            throw new SpecException("", "YAML error" + where + ": " + e.getProblem(), "a well-formed YAML 1.2 mapping");
        } catch (YamlEngineException e) {
            throw new SpecException("", "YAML error: " + e.getMessage(), "a well-formed YAML 1.2 mapping");
        }
    }

    private static String where(Mark m) { return " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1); }

    private static SweepSpec build(Object doc) {
        if (doc == null) throw new SpecException("", "the spec is empty", "a mapping with at least name, axes, epochs");
        Map<String, Object> top = Values.map(doc, "", "a mapping of the keys " + String.join(", ", TOP_KEYS));
        Values.onlyKeys(top, "", TOP_KEYS);

        if (!top.containsKey("name")) throw SpecException.missing("name", "a safe directory name such as fig7-linear");
        String name = Values.string(top.get("name"), "name", "a name of letters, digits, '.', '_' or '-'");
        String description = top.containsKey("description")
                ? Values.string(top.get("description"), "description", "text") : "";
        List<DataSource> data = data(top.getOrDefault("data", DataSource.MNIST10K));
        int width = WIDTH;
        if (top.containsKey("width")) {
            width = Values.integer(top.get("width"), "width", WIDTH, WIDTH,
                    "10 only (width is fixed by the data: 10 principal components, 10 classes)");
        }
        int seeds = top.containsKey("seeds")
                ? Values.integer(top.get("seeds"), "seeds", 1, MAX_SEEDS, "an integer from 1 to " + MAX_SEEDS) : 1;
        if (!top.containsKey("epochs")) throw SpecException.missing("epochs", "an integer ≥ 0 (the paper uses 1000)");
        int epochs = Values.integer(top.get("epochs"), "epochs", 0, MAX_EPOCHS, "an integer from 0 to " + MAX_EPOCHS);
        HessianSchedule hessian = top.containsKey("hessian") ? HessianParser.parse(top.get("hessian"), "hessian")
                : HessianSchedule.INIT_AND_END;
        boolean spectra = top.containsKey("spectra") && Values.bool(top.get("spectra"), "spectra", "true or false");
        boolean weights = top.containsKey("weights") && Values.bool(top.get("weights"), "weights", "true or false");
        List<Axes> variants = variants(top);
        DataSource testData = null;
        List<String> warnings = new java.util.ArrayList<>();
        if (top.containsKey("test_data")) {
            Object t = top.get("test_data");
            if (!(t instanceof String ts)) throw SpecException.bad("test_data", t, DataSource.ALLOWED);
            testData = DataSource.check(ts, "test_data");
            for (DataSource d : data) DataSource.checkDisjoint(d, testData, "test_data").ifPresent(warnings::add);
        }
        StopRule stop = top.containsKey("stop") ? stop(top.get("stop")) : StopRule.NONE;
        if (stop.window() > epochs) { // the rule looks back W epochs: with fewer epochs it could never stop a run
            throw new SpecException("stop.window", stop.window() + " is more than epochs (" + epochs + "): the rule could never stop a run",
                    epochs == 0 ? "no stop rule with epochs: 0 (leave stop out)" : "an integer from 1 to " + epochs + " (the epochs), or leave stop out");
        }
        return new SweepSpec(name, description, data, width, variants, seeds, epochs, hessian, spectra, weights, testData, stop,
                List.copyOf(warnings));
    }

    /** Keys of the {@code stop} mapping (the convergence rule, {@link StopRule}). */
    static final List<String> STOP_KEYS = List.of("window", "rel_tol");

    /** {@code stop: {window: W, rel_tol: t}}: W an integer ≥ 1 (epochs), t a finite number ≥ 0. */
    private static StopRule stop(Object v) {
        String allowed = "a mapping {window: W, rel_tol: t} (W epochs, an integer from 1 to " + MAX_EPOCHS + "; t a number ≥ 0, e.g. 1e-3)";
        Map<String, Object> m = Values.map(v, "stop", allowed);
        Values.onlyKeys(m, "stop", STOP_KEYS);
        if (!m.containsKey("window")) throw SpecException.missing("stop.window", "an integer from 1 to " + MAX_EPOCHS + " (epochs)");
        if (!m.containsKey("rel_tol")) throw SpecException.missing("stop.rel_tol", "a number ≥ 0, e.g. 1e-3");
        int window = Values.integer(m.get("window"), "stop.window", 1, MAX_EPOCHS, "an integer from 1 to " + MAX_EPOCHS + " (epochs)");
        Object t = m.get("rel_tol");
        String tolAllowed = "a finite number ≥ 0, e.g. 1e-3";
        if (!(t instanceof Integer || t instanceof Long || t instanceof Double || t instanceof java.math.BigInteger)) {
            throw Values.notA("stop.rel_tol", t, "a number", tolAllowed);
        }
        // An integer beyond 64 bits is a number too: the nearest double, as for learning_rate (Values.positive); YamlBounds
        // has already rejected numbers of more than 100 characters, so it is finite.
        double tol = ((Number) t).doubleValue();
        if (!(tol >= 0) || !Double.isFinite(tol)) throw SpecException.bad("stop.rel_tol", t, tolAllowed);
        return new StopRule(window, tol);
    }

    private static List<DataSource> data(Object v) {
        List<Object> names = Values.axis(v, "data", DataSource.ALLOWED);
        List<DataSource> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String path = names.size() == 1 && !(v instanceof List<?>) ? "data" : Values.index("data", i);
            String n = Values.string(names.get(i), path, DataSource.ALLOWED);
            if (seen.contains(n)) throw new SpecException(path, "'" + n + "' is listed twice", "each data set once");
            seen.add(n);
            out.add(DataSource.check(n, path));
        }
        return out;
    }

    /** The base {@code axes}, each variant's overrides merged over it (a variant key replaces the whole axis). */
    private static List<Axes> variants(Map<String, Object> top) {
        Map<String, Object> base = top.containsKey("axes")
                ? Values.map(top.get("axes"), "axes", "a mapping of the axes " + String.join(", ", AxesParser.KEYS))
                : Map.of();
        Values.onlyKeys(base, "axes", AxesParser.KEYS);
        Map<String, String> basePaths = new LinkedHashMap<>();
        for (String k : base.keySet()) basePaths.put(k, Values.child("axes", k));
        if (!top.containsKey("variants")) {
            if (!top.containsKey("axes")) throw SpecException.missing("axes", "a mapping of the axes " + String.join(", ", AxesParser.KEYS));
            return List.of(AxesParser.parse(base, basePaths, "axes"));
        }
        Object vs = top.get("variants");
        String allowed = "a non-empty list of mappings, each overriding some of the axes " + String.join(", ", AxesParser.KEYS);
        if (!(vs instanceof List<?> list)) throw SpecException.bad("variants", vs, allowed);
        if (list.isEmpty()) throw new SpecException("variants", "empty list", allowed);
        List<Axes> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String vp = Values.index("variants", i);
            Map<String, Object> over = Values.map(list.get(i), vp, allowed);
            Values.onlyKeys(over, vp, AxesParser.KEYS);
            Map<String, Object> merged = new LinkedHashMap<>(base);
            Map<String, String> paths = new LinkedHashMap<>(basePaths);
            for (Map.Entry<String, Object> e : over.entrySet()) {
                merged.put(e.getKey(), e.getValue());
                paths.put(e.getKey(), Values.child(vp, e.getKey()));
            }
            out.add(AxesParser.parse(merged, paths, vp));
        }
        return out;
    }

    /** Used by messages of the {@code init} axis. */
    static String initNames() {
        return String.join(", ", Arrays.stream(InitKind.values()).map(InitKind::id).toList());
    }
}
