package org.resweep.jobs.repro;

/**
 * One claim of the paper (or of docs/model.md §6/§7) checked against the tables.
 *
 * @param id       short stable id, e.g. {@code fig4.shortcut-constant}
 * @param text     the claim as the paper states it
 * @param verdict  holds / does not hold / inconclusive
 * @param evidence the numbers behind the verdict and the rule that turned them into it
 */
public record Claim(String id, String text, Verdict verdict, String evidence) {}
