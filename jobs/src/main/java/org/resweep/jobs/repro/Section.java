package org.resweep.jobs.repro;

import java.nio.file.Path;
import java.util.List;

/**
 * What the analysis of one sweep directory contributes to the report.
 *
 * @param experiment which experiment the directory holds
 * @param dir        the sweep directory
 * @param sweepName  its stored sweep name
 * @param markdown   tables and notes (Markdown, without the claims)
 * @param figures    PNG files written
 * @param claims     the paper's claims, checked
 */
public record Section(Experiment experiment, Path dir, String sweepName, String markdown, List<Path> figures,
                      List<Claim> claims) {}
