package org.resweep.driver.results;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SchemaDocTest {
    /** docs/results-schema.md holds the generated column tables verbatim (regenerate with SchemaDoc.main). */
    @Test
    void docsMatchTheSchema() throws Exception {
        String page = Files.readString(Path.of("..", "docs", "results-schema.md"));
        assertTrue(page.contains(SchemaDoc.markdown()), "docs/results-schema.md is stale: regenerate its column "
                + "tables with `java -cp ... org.resweep.driver.results.SchemaDoc`");
        assertTrue(page.contains("schema version " + ResultSchema.VERSION));
    }
}
