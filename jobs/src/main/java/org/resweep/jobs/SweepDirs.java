package org.resweep.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Resolves the sweep directory of commands that take {@code --out DIR} (default: the only sweep under output/). */
final class SweepDirs {
    static final Path OUTPUT = Path.of("output");

    private SweepDirs() {}

    static Path resolve(Path out) throws IOException { return resolve(out, "--out", "--out DIR"); }

    /**
     * @param option how the user gives the directory, for messages ({@code --out}, or {@code DIR} for a positional)
     * @param usage  how to give it ({@code --out DIR}, {@code DIR})
     */
    static Path resolve(Path out, String option, String usage) throws IOException {
        if (out != null) {
            if (!Files.isDirectory(out.resolve("runs"))) {
                throw new ExitCodes.UserError(option + ": " + org.resweep.core.util.BadInputException.echo(out)
                        + (Files.exists(out) ? " is not a sweep directory (no runs/ table)" : " does not exist")
                        + "; allowed: the directory `resweep run` wrote (default output/<name>/)");
            }
            return out;
        }
        List<Path> sweeps = List.of();
        if (Files.isDirectory(OUTPUT)) {
            try (Stream<Path> s = Files.list(OUTPUT)) {
                sweeps = s.filter(p -> Files.isDirectory(p.resolve("runs"))).sorted().toList();
            }
        }
        if (sweeps.size() == 1) return sweeps.get(0);
        throw new ExitCodes.UserError(option + ": missing; " + (sweeps.isEmpty() ? "no sweep directory under output/"
                : "several sweeps under output/: " + org.resweep.core.util.BadInputException.echo(sweeps)) + "; give " + usage);
    }
}
