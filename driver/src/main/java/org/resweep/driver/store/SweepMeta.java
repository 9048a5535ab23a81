package org.resweep.driver.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
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

    /** Reads {@code DIR/sweep.json}, or null if absent. */
    public static SweepMeta read(Path dir) throws IOException {
        Path f = dir.resolve(JSON);
        if (!Files.exists(f)) return null;
        JsonNode n = MAPPER.readTree(f.toFile());
        List<String> ids = new ArrayList<>();
        n.get("planned_run_ids").forEach(x -> ids.add(x.asText()));
        return new SweepMeta(n.get("sweep_id").asText(), n.get("name").asText(), n.get("schema_version").asInt(), ids,
                n.path("extensions").asInt(0));
    }

    /** Writes sweep.json and sweep.yaml atomically (temp file + rename). */
    public void write(Path dir, String specText) throws IOException {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("sweep_id", sweepId);
        n.put("name", name);
        n.put("schema_version", schemaVersion);
        n.put("extensions", extensions);
        n.put("planned_runs", plannedRunIds.size());
        ArrayNode a = n.putArray("planned_run_ids");
        plannedRunIds.forEach(a::add);
        replace(dir.resolve(YAML), specText == null ? "" : specText);
        replace(dir.resolve(JSON), MAPPER.writeValueAsString(n) + "\n");
    }

    private static void replace(Path f, String text) throws IOException {
        Path tmp = f.resolveSibling("." + f.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
