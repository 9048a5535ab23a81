package org.resweep.driver.results;

import java.util.Map;

/**
 * What readers put in columns that older schema versions did not have (see {@code docs/results-schema.md}, "Older
 * sweep directories"). Configuration columns added after version 1 take the value every older run had — the
 * feature did not exist: no weights stored, no held-out test data, no convergence rule; and {@code attempt} is 1 (no run was ever retried
 * before {@code run --retry-failed} existed). Any other missing column is null, except
 * {@code best_lr.sweep_id}/{@code sweep}, which come from {@code sweep.json}.
 */
public final class OlderLayouts {
    private OlderLayouts() {}

    /** Column → value for rows written before the column existed (configuration columns of {@link ConfigColumns}). */
    public static final Map<String, Object> CONFIG_DEFAULTS = Map.of("store_weights", false, "test_data", "", "stop", "", "attempt", 1);
}
