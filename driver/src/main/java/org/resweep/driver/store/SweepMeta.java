package org.resweep.driver.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;
import org.resweep.core.util.Hashing;

/**
 * {@code DIR/sweep.json}: the sweep's identity and the run ids its spec(s) planned.
 *
 * @param sweepId       the first spec's sweep id (see {@link #sweepIdFor}); kept when the sweep is extended
 * @param name          sweep name from the spec
 * @param schemaVersion layout version of the tables
 * @param plannedRunIds sorted run ids planned so far (the union over extensions)
 * @param extensions    how many times the sweep was extended ({@code sweep.N.yaml} keeps each earlier spec)
 */
public record SweepMeta(String sweepId, String name, int schemaVersion, List<String> plannedRunIds, int extensions) {
    public static final String JSON = "sweep.json", YAML = "sweep.yaml";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public SweepMeta {
        plannedRunIds = List.copyOf(new TreeSet<>(plannedRunIds));
    }

    /** A sweep id when the spec gives none: {@code NAME-HASH8}, HASH8 from SHA-256 of the sorted run ids. */
    public static String sweepIdFor(String name, List<String> runIds) {
        return name + "-" + Hashing.sha256Hex(String.join("\n", new TreeSet<>(runIds))).substring(0, 8);
    }

    /**
     * Reads {@code DIR/sweep.json}, or null if absent.
     *
     * @throws SweepDirectoryException naming the file if it is damaged (not JSON, or a field missing)
     */
    public static SweepMeta read(SweepFs fs, Path dir) throws IOException {
        Path f = new Path(dir, JSON);
        if (!fs.exists(f)) return null;
        try {
            JsonNode n = MAPPER.readTree(fs.read(f));
            List<String> ids = new ArrayList<>();
            JsonNode planned = required(n, "planned_run_ids");
            if (!planned.isArray()) throw new IllegalStateException("planned_run_ids is not a list");
            planned.forEach(x -> ids.add(x.asText()));
            return new SweepMeta(required(n, "sweep_id").asText(), required(n, "name").asText(),
                    required(n, "schema_version").asInt(), ids, n.path("extensions").asInt(0));
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new SweepDirectoryException(SweepPaths.display(f) + " is damaged (" + why + "): restore it or use a new --out", e);
        }
    }

    /** {@link #read(SweepFs, Path)} of a local directory. */
    public static SweepMeta read(java.nio.file.Path dir) throws IOException {
        Path p = new Path(dir.toAbsolutePath().toUri());
        return read(new SweepFs(p, new org.apache.hadoop.conf.Configuration()), p);
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || v.isNull()) throw new IllegalStateException("field " + field + " missing");
        return v;
    }

    /** Writes sweep.yaml, then sweep.json (each replaced whole: old or new, never a mixture). */
    public void write(SweepFs fs, Path dir, String specText) throws IOException {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("sweep_id", sweepId);
        n.put("name", name);
        n.put("schema_version", schemaVersion);
        n.put("extensions", extensions);
        n.put("planned_runs", plannedRunIds.size());
        ArrayNode a = n.putArray("planned_run_ids");
        plannedRunIds.forEach(a::add);
        fs.replace(new Path(dir, YAML), specText == null ? "" : specText);
        fs.replace(new Path(dir, JSON), MAPPER.writeValueAsString(n) + "\n");
    }
}
