package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.resweep.jobs.testing.SweepFixtures;

/** Every ```sql block of docs/results-schema.md runs in DuckDB against real sweep directories and returns rows. */
class ResultsDocDuckDbTest {
    @Test
    void duckDbSnippetsOfTheResultsDocRun(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("output");
        SweepFixtures.v2(out.resolve("example"), "example", true, true);
        SweepFixtures.v2(out.resolve("other"), "other", true, true);
        String doc = Files.readString(Path.of("..", "docs", "results-schema.md"));
        Matcher m = Pattern.compile("```sql\n(.*?)```", Pattern.DOTALL).matcher(doc);
        List<String> snippets = new ArrayList<>();
        while (m.find()) snippets.add(m.group(1));
        assertTrue(snippets.size() >= 4, "the doc's DuckDB snippets: " + snippets.size());
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            for (String s : snippets) {
                String q = s.replace("output/", out + "/");
                try (ResultSet rs = st.executeQuery(q)) {
                    int rows = 0;
                    while (rs.next()) rows++;
                    assertTrue(rows > 0, "no rows from\n" + s);
                }
            }
            try (ResultSet rs = st.executeQuery(snippets.get(snippets.size() - 1).replace("output/", out + "/"))) {
                assertTrue(rs.next());
                assertEquals("example", rs.getString("sweep"), "best_lr names its sweep");
                assertEquals("example-id", rs.getString("sweep_id"));
            }
        }
    }
}
