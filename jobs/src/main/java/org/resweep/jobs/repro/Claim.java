package org.resweep.jobs.repro;

/**
 * One claim of the paper (or of the closed forms at W = 0, docs/model.md §6/§7) checked against the tables.
 *
 * @param id             short stable id, e.g. {@code fig4.shortcut-constant}
 * @param text           the paper's statement, in our words
 * @param verdict        holds / does not hold / inconclusive
 * @param evidence       the numbers behind the verdict and the rule that turned them into it
 * @param interpretation which parts of the rule are our reading of the paper (thresholds, windows, statistics),
 *                       empty for exact checks of closed forms
 */
public record Claim(String id, String text, Verdict verdict, String evidence, String interpretation) {

    /** An exact check: no interpretation. */
    public Claim(String id, String text, Verdict verdict, String evidence) {
        this(id, text, verdict, evidence, "");
    }
}
