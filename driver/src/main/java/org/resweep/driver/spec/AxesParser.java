package org.resweep.driver.spec;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.resweep.core.net.Activation;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.Position;

/**
 * Validates the axes of one variant. Each axis is a list, a single value (a one-element list), or — for
 * {@code depth}, {@code shortcut} and {@code learning_rate} — a range mapping. Repeated values are an error.
 */
final class AxesParser {
    static final List<String> KEYS =
            List.of("activation", "positions", "shortcut", "depth", "init", "init_scale", "learning_rate");
    static final int MAX_DEPTH = 10_000;
    static final int MAX_SHORTCUT = 10_000;
    static final int MAX_AXIS_VALUES = 10_000;
    /** Significant digits kept by learning-rate ranges, so that 10^(i/k) prints as 0.01, not 0.010000000000000002. */
    static final int LR_DIGITS = 12;

    private static final String ACTIVATIONS = "names from linear, relu, tanh, symmetric-sigmoid";
    private static final String POSITIONS = "position sets: a string such as \"mid\" or \"pre,mid\", a list such as "
            + "[pre, mid], or none; positions are pre, mid, post";
    private static final String SHORTCUTS = "integers from 0 (plain) to " + MAX_SHORTCUT
            + ", a list of them, or {from: A, to: B, step: S}";
    private static final String DEPTHS = "integers from 1 to " + MAX_DEPTH + ", a list of them, or {from: A, to: B, step: S}";
    private static final String SCALES = "finite numbers > 0, or a list of them";
    private static final String RATES = "finite numbers > 0, a list of them, or {from: A, to: B, per_decade: K} "
            + "(values, log-spaced)";

    private AxesParser() {}

    /**
     * @param axes  axis key → raw value
     * @param paths axis key → the path where that value was written
     * @param owner path of the mapping that must supply missing axes ({@code axes} or {@code variants[i]})
     */
    static Axes parse(Map<String, Object> axes, Map<String, String> paths, String owner) {
        List<Activation> act = axes.containsKey("activation")
                ? names(axes.get("activation"), paths.get("activation"), ACTIVATIONS, Activation::parse)
                : List.of(Activation.LINEAR);
        List<Set<Position>> pos = axes.containsKey("positions")
                ? positions(axes.get("positions"), paths.get("positions"))
                : List.of(EnumSet.of(Position.MID));
        List<Integer> shortcut = ints(require(axes, "shortcut", owner, SHORTCUTS), paths.get("shortcut"), 0, MAX_SHORTCUT, SHORTCUTS);
        List<Integer> depth = ints(require(axes, "depth", owner, DEPTHS), paths.get("depth"), 1, MAX_DEPTH, DEPTHS);
        String inits = "names from " + SweepSpecParser.initNames();
        List<InitKind> init = names(require(axes, "init", owner, inits), paths.get("init"), inits, InitKind::parse);
        List<Double> scale;
        if (axes.containsKey("init_scale")) {
            scale = numbers(axes.get("init_scale"), paths.get("init_scale"), SCALES);
        } else if (init.contains(InitKind.SMALL)) {
            throw SpecException.missing(Values.child(owner, "init_scale"),
                    SCALES + " (needed because init lists small: small = Xavier-normal × init_scale)");
        } else {
            scale = List.of(1.0);
        }
        if (!init.contains(InitKind.SMALL)) scale = List.of(1.0);
        List<Double> lr = learningRates(require(axes, "learning_rate", owner, RATES), paths.get("learning_rate"));
        return new Axes(act, pos, shortcut, depth, init, scale, lr);
    }

    private static Object require(Map<String, Object> axes, String key, String owner, String allowed) {
        if (!axes.containsKey(key)) {
            String where = owner.equals("axes") ? "" : " (neither axes nor this variant sets it)";
            throw new SpecException(Values.child(owner, key), "missing (required)" + where, allowed);
        }
        return axes.get(key);
    }

    private static <T> List<T> names(Object v, String path, String allowed, Function<String, T> parse) {
        List<Object> raw = Values.axis(v, path, allowed);
        Distinct<T> out = new Distinct<>();
        for (int i = 0; i < raw.size(); i++) {
            String p = at(v, path, i);
            String s = Values.string(raw.get(i), p, allowed);
            T t;
            try {
                t = parse.apply(s);
            } catch (IllegalArgumentException e) {
                throw new SpecException(p, "unknown name '" + s + "'", allowed);
            }
            addOnce(out, t, p, raw.get(i));
        }
        return out.values;
    }

    private static List<Set<Position>> positions(Object v, String path) {
        List<Object> raw = Values.axis(v, path, POSITIONS);
        Distinct<Set<Position>> out = new Distinct<>();
        for (int i = 0; i < raw.size(); i++) {
            String p = at(v, path, i);
            Object e = raw.get(i);
            List<String> parts = new ArrayList<>();
            if (e instanceof String s) {
                if (!s.trim().equals("none")) {
                    for (String part : s.split(",", -1)) parts.add(part.trim());
                    if (parts.size() == 1 && parts.get(0).isEmpty()) parts.clear();
                }
            } else if (e instanceof List<?> l) {
                for (int j = 0; j < l.size(); j++) parts.add(Values.string(l.get(j), Values.index(p, j), POSITIONS));
            } else {
                throw SpecException.bad(p, e, POSITIONS);
            }
            EnumSet<Position> set = EnumSet.noneOf(Position.class);
            for (String part : parts) {
                Position q;
                try {
                    q = Position.parse(part);
                } catch (IllegalArgumentException ex) {
                    throw new SpecException(p, "unknown position '" + part + "'", POSITIONS);
                }
                if (!set.add(q)) throw new SpecException(p, "position '" + part + "' is repeated", POSITIONS);
            }
            addOnce(out, set, p, e);
        }
        return out.values;
    }

    private static List<Integer> ints(Object v, String path, int min, int max, String allowed) {
        if (v instanceof Map<?, ?>) return intRange(Values.map(v, path, allowed), path, min, max, allowed);
        List<Object> raw = Values.axis(v, path, allowed);
        Distinct<Integer> out = new Distinct<>();
        for (int i = 0; i < raw.size(); i++) {
            String p = at(v, path, i);
            addOnce(out, Values.integer(raw.get(i), p, min, max, allowed), p, raw.get(i));
        }
        return out.values;
    }

    private static List<Integer> intRange(Map<String, Object> m, String path, int min, int max, String allowed) {
        Values.onlyKeys(m, path, List.of("from", "to", "step"));
        int from = Values.integer(need(m, "from", path, allowed), Values.child(path, "from"), min, max, allowed);
        int to = Values.integer(need(m, "to", path, allowed), Values.child(path, "to"), min, max, allowed);
        int step = m.containsKey("step")
                ? Values.integer(m.get("step"), Values.child(path, "step"), 1, max, "an integer ≥ 1") : 1;
        if (to < from) throw new SpecException(Values.child(path, "to"), to + " is below from = " + from, "to ≥ from");
        List<Integer> out = new ArrayList<>();
        for (long x = from; x <= to; x += step) out.add((int) x);
        return out;
    }

    private static List<Double> numbers(Object v, String path, String allowed) {
        List<Object> raw = Values.axis(v, path, allowed);
        Distinct<Double> out = new Distinct<>();
        for (int i = 0; i < raw.size(); i++) {
            String p = at(v, path, i);
            addOnce(out, Values.positive(raw.get(i), p, allowed), p, raw.get(i));
        }
        return out.values;
    }

    private static List<Double> learningRates(Object v, String path) {
        if (!(v instanceof Map<?, ?>)) return numbers(v, path, RATES);
        Map<String, Object> m = Values.map(v, path, RATES);
        Values.onlyKeys(m, path, List.of("from", "to", "per_decade"));
        double from = Values.positive(need(m, "from", path, RATES), Values.child(path, "from"), "a finite number > 0");
        double to = Values.positive(need(m, "to", path, RATES), Values.child(path, "to"), "a finite number > 0");
        int k = Values.integer(need(m, "per_decade", path, RATES), Values.child(path, "per_decade"), 1, 1000,
                "an integer from 1 to 1000 (values per factor of 10)");
        if (to < from) throw new SpecException(Values.child(path, "to"), to + " is below from = " + from, "to ≥ from");
        double decades = StrictMath.log10(to) - StrictMath.log10(from);
        if (decades * k + 1 > MAX_AXIS_VALUES) {
            throw new SpecException(path, "the range from " + from + " to " + to + " at per_decade " + k + " holds about "
                    + (long) Math.floor(decades * k + 1) + " values",
                    "at most " + MAX_AXIS_VALUES + " values per range (fewer decades or a smaller per_decade)");
        }
        List<Double> out = new ArrayList<>();
        double e0 = StrictMath.log10(from);
        double limit = to * (1 + 1e-9); // Infinity when to is near Double.MAX_VALUE: the finiteness test stops the loop
        for (int i = 0; ; i++) {
            double raw = i == 0 ? from : StrictMath.pow(10.0, e0 + (double) i / k);
            if (!Double.isFinite(raw)) break; // the next value would exceed the largest double: the range ends here
            double x = i == 0 ? from : round(raw);
            if (!Double.isFinite(x) || x > limit) break;
            out.add(x);
        }
        return out;
    }

    private static double round(double x) { return new BigDecimal(x).round(new MathContext(LR_DIGITS)).doubleValue(); }

    private static Object need(Map<String, Object> m, String key, String path, String allowed) {
        if (!m.containsKey(key)) throw SpecException.missing(Values.child(path, key), allowed);
        return m.get(key);
    }

    /** An axis being built: its values in order and, for the repeat check of {@link #addOnce}, as a hash set. */
    private static final class Distinct<T> {
        final List<T> values = new ArrayList<>();
        final Set<T> seen = new HashSet<>();
    }

    /** Path of element i: {@code path[i]} for a list, {@code path} itself for a single value. */
    private static String at(Object v, String path, int i) { return v instanceof List<?> ? Values.index(path, i) : path; }

    private static <T> void addOnce(Distinct<T> out, T value, String path, Object raw) {
        if (!out.seen.add(value)) {
            throw new SpecException(path, Values.describe(raw) + " repeats an earlier value", "each value once per axis");
        }
        out.values.add(value);
    }
}
