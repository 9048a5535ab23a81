package org.resweep.driver.spec;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Type checks on the plain values a safe YAML load yields (maps, lists, strings, numbers, booleans, null). Each
 * check names the field path, the value found and what is allowed; nothing is coerced between types
 * ({@code "10"} is not the number 10).
 */
final class Values {
    private Values() {}

    /** {@code parent.key}, or {@code key} at the top. */
    static String child(String parent, String key) { return parent.isEmpty() ? key : parent + "." + key; }

    /** {@code parent[i]}. */
    static String index(String parent, int i) { return parent + "[" + i + "]"; }

    /** A mapping with string keys, in document order. */
    static Map<String, Object> map(Object v, String path, String allowed) {
        if (!(v instanceof Map<?, ?> m)) throw notA(path, v, "a mapping", allowed);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String k)) {
                throw new SpecException(path, "key " + describe(e.getKey()) + " is not a name", "keys that are names");
            }
            out.put(k, e.getValue());
        }
        return out;
    }

    /** Rejects any key not in {@code allowed} (typos), suggesting the nearest allowed key. */
    static void onlyKeys(Map<String, Object> m, String path, List<String> allowed) {
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                String hint = nearest(k, allowed);
                throw new SpecException(child(path, k), "unknown key '" + k + "'"
                        + (hint == null ? "" : " (did you mean '" + hint + "'?)"),
                        "the keys " + String.join(", ", allowed));
            }
        }
    }

    /**
     * An axis: a non-empty list, or a single scalar standing for a one-element list. A mapping is rejected here
     * (callers that accept a range form check for it first).
     */
    static List<Object> axis(Object v, String path, String allowed) {
        if (v instanceof List<?> l) {
            if (l.isEmpty()) throw new SpecException(path, "empty list", allowed + " (at least one value)");
            return new ArrayList<>(l);
        }
        if (v == null || v instanceof Map<?, ?> || v instanceof Collection<?> || v instanceof byte[]) {
            throw SpecException.bad(path, v, allowed);
        }
        return List.of(v);
    }

    /** An integer in {@code [min, max]}. */
    static int integer(Object v, String path, long min, long max, String allowed) {
        long x;
        if (v instanceof Integer || v instanceof Long) {
            x = ((Number) v).longValue();
        } else if (v instanceof BigInteger) {
            throw new SpecException(path, describe(v) + " is too large", allowed);
        } else {
            throw notA(path, v, "an integer", allowed);
        }
        if (x < min || x > max) throw SpecException.bad(path, v, allowed);
        return (int) x;
    }

    /** A finite number &gt; 0 (integers are accepted as numbers). */
    static double positive(Object v, String path, String allowed) {
        if (!(v instanceof Integer || v instanceof Long || v instanceof Double || v instanceof BigInteger)) {
            throw notA(path, v, "a number", allowed);
        }
        double x = ((Number) v).doubleValue();
        if (!(x > 0) || !Double.isFinite(x)) throw SpecException.bad(path, v, allowed);
        return x;
    }

    static String string(Object v, String path, String allowed) {
        if (!(v instanceof String s)) throw notA(path, v, "text", allowed);
        return s;
    }

    static boolean bool(Object v, String path, String allowed) {
        if (!(v instanceof Boolean b)) throw notA(path, v, "true or false", allowed);
        return b;
    }

    /** A type error: {@code PATH: VALUE is not KIND; allowed: ALLOWED}. */
    static SpecException notA(String path, Object v, String kind, String allowed) {
        return new SpecException(path, describe(v) + " is not " + kind, allowed);
    }

    /** How a value is shown in messages: strings quoted, collections by kind, long texts cut. */
    static String describe(Object v) {
        String s;
        if (v == null) s = "an empty value (null)";
        else if (v instanceof String str) s = "'" + str + "'";
        else if (v instanceof Map<?, ?> m) s = "a mapping " + m;
        else if (v instanceof List<?> l) s = "a list " + l;
        else if (v instanceof Collection<?> c) s = "a set " + c;
        else if (v instanceof byte[]) s = "binary data";
        else if (v instanceof Boolean b) s = "the boolean " + b;
        else s = String.valueOf(v);
        return org.resweep.core.util.BadInputException.echo(s);
    }

    /** The allowed word within edit distance 2 of {@code word} (first one in the list), or null. */
    static String nearest(String word, List<String> allowed) {
        String best = null;
        int bestD = 3;
        for (String a : allowed) {
            int d = editDistance(word, a);
            if (d < bestD) {
                best = a;
                bestD = d;
            }
        }
        return best;
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
