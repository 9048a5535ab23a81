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
        return write(file, preamble, sections, false);
    }

    /**
     * @param smokeTest the sections come from {@code --quick} sweeps: every verdict is labelled a smoke test (quick
     *                  grids, epochs and seeds check that the pipeline runs; they can reverse at full size)
     */
    public static Path write(Path file, String preamble, List<Section> sections, boolean smokeTest) throws IOException {
        String smoke = " (smoke test)";
        Path base = file.toAbsolutePath().getParent();
        StringBuilder sb = new StringBuilder("# Demystifying ResNet — reproduction report\n\n").append(preamble).append("\n\n");
        List<List<String>> summary = new ArrayList<>();
        int[] counts = new int[Verdict.values().length];
        for (Section s : sections) {
            for (Claim c : s.claims()) {
                summary.add(List.of(s.sweepName(), c.text(), "**" + c.verdict().text() + "**" + (label(c, smokeTest) ? smoke : "")));
                counts[c.verdict().ordinal()]++;
            }
        }
        sb.append("## Claims\n\n");
        if (smokeTest) {
            sb.append("**Smoke test.** These verdicts come from the `--quick` sweeps (fewer depths, epochs, rates and seeds): they "
                    + "show that every experiment runs end to end, not what the paper's claims do at full size, and can reverse there. "
                    + "Exact checks of closed forms (no interpretation) are not labelled: they hold or fail at any size.\n\n");
        }
        sb.append("Comparative verdicts compare seed means (± standard error) with Welch's t-test at α = ")
                .append(Tables.g(Welch.ALPHA)).append(" and are *inconclusive* within noise or with fewer than 2 seeds; claims about "
                + "the index and the condition number are judged on the curvature-weighted statistics (`neg_mass`, `index_top`, "
                + "`cond_top`, docs/results-schema.md) with the literal ones beside them.\n\n");
        List<String> unfinished = sections.stream().filter(s -> s.claims().stream().anyMatch(c -> c.verdict() == Verdict.NOT_EVALUATED))
                .map(s -> "`" + s.sweepName() + "`").toList();
        if (!unfinished.isEmpty()) {
            sb.append("**Incomplete sweeps: ").append(String.join(", ", unfinished)).append(".** They hold fewer runs than they plan (an "
                    + "interrupted reproduction): rerun reproduce to finish them. Their claims are not evaluated (see their sections).\n\n");
        }
        sb.append(String.format("%d hold, %d do not hold, %d inconclusive%s. Every verdict below is computed from the "
                + "Parquet tables; the number behind it is in the experiment's section.%n%n", counts[0], counts[1], counts[2],
                unfinished.isEmpty() ? "" : "; " + unfinished.size() + " experiment" + (unfinished.size() == 1 ? "" : "s") + " not evaluated (sweep incomplete)"));
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
                sb.append("- **").append(c.verdict().text()).append("**").append(label(c, smokeTest) ? smoke : "").append(" — ").append(c.text()).append(" (`")
                        .append(c.id()).append("`): ").append(c.evidence());
                if (!c.interpretation().isEmpty()) sb.append(" *Our interpretation:* ").append(c.interpretation());
                sb.append('\n');
            }
            sb.append('\n');
        }
        Files.createDirectories(base);
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        return file;
    }

    /** Empirical claims (those with an interpretation) of a quick run are smoke tests; exact checks are not. */
    private static boolean label(Claim c, boolean smokeTest) { return smokeTest && !c.interpretation().isEmpty(); }
}
