package org.resweep.driver.spec;

import java.util.List;
import java.util.Map;
import org.resweep.core.train.HessianSchedule;

/**
 * The {@code hessian} key: {@code none}, {@code init_end}, or a mapping {@code {every: K, until: U, log: C}} (at least
 * one of every/log; {@code until} only with {@code every}), mapped to {@link HessianSchedule}. Epoch 0 and the
 * last epoch are always included unless the schedule is {@code none}.
 */
final class HessianParser {
    static final String ALLOWED = "none, init_end, or a mapping {every: K, until: U, log: C} with integers ≥ 1 "
            + "(at least every or log; until only with every)";

    private HessianParser() {}

    static HessianSchedule parse(Object v, String path) {
        if (v instanceof String s) {
            if (s.equals("none")) return HessianSchedule.NONE;
            if (s.equals("init_end")) return HessianSchedule.INIT_AND_END;
            throw SpecException.bad(path, v, ALLOWED);
        }
        if (!(v instanceof Map<?, ?>)) throw SpecException.bad(path, v, ALLOWED);
        Map<String, Object> m = Values.map(v, path, ALLOWED);
        Values.onlyKeys(m, path, List.of("every", "until", "log"));
        if (!m.containsKey("every") && !m.containsKey("log")) {
            throw new SpecException(path, "neither every nor log is given", ALLOWED);
        }
        if (m.containsKey("until") && !m.containsKey("every")) {
            throw new SpecException(Values.child(path, "until"), "until is given without every", ALLOWED);
        }
        int every = m.containsKey("every") ? Values.integer(m.get("every"), Values.child(path, "every"), 1,
                SweepSpecParser.MAX_EPOCHS, "an integer ≥ 1 (a Hessian every K epochs)") : 0;
        int until = m.containsKey("until") ? Values.integer(m.get("until"), Values.child(path, "until"), 1,
                SweepSpecParser.MAX_EPOCHS, "an integer ≥ 1 (last epoch of the regular checkpoints)") : 0;
        int log = m.containsKey("log") ? Values.integer(m.get("log"), Values.child(path, "log"), 1, 100_000,
                "an integer from 1 to 100000 (log-spaced checkpoints)") : 0;
        return new HessianSchedule(true, every, until, log);
    }
}
