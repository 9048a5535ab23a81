package org.resweep.jobs.repro;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes {@code report.md}: a summary of every claim's verdict, then per experiment its figures, tables and claims. */
public final class Report {
    private Report() {}

    public static Path write(Path file, String preamble, List<Section> sections) throws IOException {
        Path base = file.toAbsolutePath().getParent();
        StringBuilder sb = new StringBuilder("# Demystifying ResNet — reproduction report\n\n").append(preamble).append("\n\n");
        List<List<String>> summary = new ArrayList<>();
        int[] counts = new int[Verdict.values().length];
        for (Section s : sections) {
            for (Claim c : s.claims()) {
                summary.add(List.of(s.sweepName(), c.text(), "**" + c.verdict().text() + "**"));
                counts[c.verdict().ordinal()]++;
            }
        }
        sb.append("## Claims\n\n").append(String.format("%d hold, %d do not hold, %d inconclusive. Every verdict below is computed from the "
                + "Parquet tables; the number behind it is in the experiment's section.%n%n", counts[0], counts[1], counts[2]));
        sb.append(Tables.markdown(List.of("sweep", "claim", "verdict"), summary)).append('\n');
        for (Section s : sections) {
            sb.append("## ").append(s.experiment().title()).append("\n\nSweep `").append(s.sweepName()).append("` in `")
                    .append(s.dir()).append("`.\n\n");
            for (Path f : s.figures()) {
                String rel = base.relativize(f.toAbsolutePath()).toString().replace('\\', '/');
                sb.append("![").append(f.getFileName()).append("](").append(rel).append(")\n\n");
            }
            sb.append(s.markdown()).append('\n');
            for (Claim c : s.claims()) {
                sb.append("- **").append(c.verdict().text()).append("** — ").append(c.text()).append(" (`").append(c.id()).append("`): ")
                        .append(c.evidence()).append('\n');
            }
            sb.append('\n');
        }
        Files.createDirectories(base);
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        return file;
    }
}
