package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.resweep.jobs.testing.Processes;

/**
 * The repository stands alone: user docs, main sources, scripts and sweep files cite only the repository's own
 * documents (no outside specification, no machine paths), and every relative Markdown link of the README and of
 * docs/ names a file that exists.
 */
class DocsSelfContainedTest {
    static final Pattern OUTSIDE = Pattern.compile("SPEC §|SPEC section|\\.\\./shared|SPEC\\.md|PLATFORM\\.md|/work/");
    static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)\\s]*)?\\)");

    static List<Path> files(Path root, String... dirs) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String d : dirs) {
            Path p = root.resolve(d);
            if (Files.isRegularFile(p)) {
                out.add(p);
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile)
                            .filter(f -> !f.toString().contains("/target/"))
                            .filter(f -> f.toString().matches(".*\\.(md|java|py|sh|yaml|yml|txt|xml)$")
                                    || f.getFileName().toString().matches("resweep|setup|git-version|run|jvm-module-flags"))
                            .forEach(out::add);
                }
            }
        }
        return out;
    }

    @Test
    void noReferenceLeavesTheRepository() throws IOException {
        Path root = Processes.repoRoot();
        List<String> hits = new ArrayList<>();
        for (Path f : files(root, "README.md", "DEVELOPERS.md", "resweep", "docs", "conf", "scripts", "benchmarks",
                "worker-core/src/main", "driver/src/main", "jobs/src/main")) {
            List<String> lines = Files.readAllLines(f);
            for (int i = 0; i < lines.size(); i++) {
                if (OUTSIDE.matcher(lines.get(i)).find()) hits.add(root.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).trim());
            }
        }
        assertEquals(List.of(), hits);
    }

    @Test
    void relativeMarkdownLinksResolve() throws IOException {
        Path root = Processes.repoRoot();
        List<String> broken = new ArrayList<>();
        for (Path f : files(root, "README.md", "DEVELOPERS.md", "docs")) {
            if (!f.toString().endsWith(".md")) continue;
            Matcher m = LINK.matcher(Files.readString(f));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*")) continue;  // http:, https:, mailto:
                if (!Files.exists(f.getParent().resolve(target))) broken.add(root.relativize(f) + " -> " + target);
            }
        }
        assertEquals(List.of(), broken);
    }
}
