package org.resweep.driver.spec;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.resweep.core.util.BadInputException;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;

/**
 * Size limits of a YAML document, checked on its parser events (one pass, constant work per event, stopping at the
 * first excess) before any object is built. A spec is small: the paper's largest sweep has under 200 nodes.
 *
 * <ul>
 *   <li>Nodes ≤ {@link #MAX_NODES}, counting every scalar, list and mapping <em>as expanded</em>: an alias
 *       ({@code *name}) counts the whole value its anchor names, so a "billion laughs" document is refused after
 *       {@code MAX_NODES} events instead of growing exponentially in whoever walks it.</li>
 *   <li>Nesting depth ≤ {@link #MAX_DEPTH} (lists and mappings inside each other); deeper documents would overflow
 *       the stack of the recursive composer.</li>
 *   <li>A scalar (text or number) has at most {@link #MAX_SCALAR_CHARS} characters, and a plain scalar that is a
 *       number (YAML 1.2 core schema: decimal, {@code 0x}, {@code 0o}, float) at most {@link #MAX_NUMBER_CHARS}:
 *       converting a number of a million digits takes the YAML resolver about a minute (quadratic).</li>
 *   <li>An alias to an anchor whose value is still open (a value containing itself) is refused: a recursive value
 *       cannot be printed or walked.</li>
 * </ul>
 */
final class YamlBounds {
    /** Most nodes (scalars, lists, mappings) a spec may expand to. */
    static final int MAX_NODES = 100_000;
    /** Deepest nesting of lists and mappings. */
    static final int MAX_DEPTH = 64;

    /** Longest scalar (any value or key, e.g. {@code description}), in characters. */
    static final int MAX_SCALAR_CHARS = 10_000;
    /** Longest number written as a plain scalar, in characters (a double needs at most 25). */
    static final int MAX_NUMBER_CHARS = 100;
    private static final Pattern NUMBER =
            Pattern.compile("[-+]?(?:0x[0-9a-fA-F_]+|0o[0-7_]+|[0-9_.]+(?:[eE][-+]?[0-9]+)?|\\.inf|\\.nan)");

    /** A plain scalar the YAML 1.2 core schema reads as a float (decimal; not .inf/.nan). */
    private static final Pattern DECIMAL_FLOAT = Pattern.compile("[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?");

    private YamlBounds() {}

    /** Where the parser is: per open collection, whether it is a mapping, its path, the next key or index. */
    private static final class Frame {
        final boolean mapping;
        final String path;
        boolean expectKey = true;
        String key = "";
        int index;

        Frame(boolean mapping, String path) { this.mapping = mapping; this.path = path; }

        /** Path of the node now starting in this collection; advances the position. */
        String next(String scalarValue) {
            if (!mapping) return path + "[" + index++ + "]";
            if (expectKey) {
                expectKey = false;
                key = scalarValue == null ? "?" : BadInputException.echo(scalarValue);
                return path.isEmpty() ? key + " (a key)" : path + "." + key + " (a key)";
            }
            expectKey = true;
            return path.isEmpty() ? key : path + "." + key;
        }
    }

    private static void checkScalar(ScalarEvent sc, String path) {
        String v = sc.getValue();
        if (v.length() > MAX_NUMBER_CHARS && sc.getScalarStyle() == ScalarStyle.PLAIN && NUMBER.matcher(v).matches()) {
            throw new SpecException(path, "a number of " + v.length() + " characters (" + BadInputException.echo(v)
                    + ") is not allowed", "numbers of at most " + MAX_NUMBER_CHARS + " characters (quote it to make it text)");
        }
        if (sc.getScalarStyle() == ScalarStyle.PLAIN && v.length() <= MAX_NUMBER_CHARS && DECIMAL_FLOAT.matcher(v).matches()
                && !v.matches("[-+]?[0-9]+")) { // what the user wrote, not the Infinity or 0.0 it would silently become
            double x = Double.parseDouble(v);
            String mantissa = v.split("[eE]")[0];
            if (Double.isInfinite(x)) {
                throw new SpecException(path, BadInputException.echo(v) + " is beyond the range of a double",
                        "numbers of magnitude at most 1.7976931348623157e308");
            }
            if (x == 0 && mantissa.matches(".*[1-9].*")) {
                throw new SpecException(path, BadInputException.echo(v) + " is too small for a double (it would be 0)",
                        "0 or numbers of magnitude at least 4.9e-324");
            }
        }
        if (v.length() > MAX_SCALAR_CHARS) {
            throw new SpecException(path, "a text of " + v.length() + " characters ('" + BadInputException.echo(v)
                    + "') is not allowed", "at most " + MAX_SCALAR_CHARS + " characters");
        }
    }

    /** @throws SpecException at the first limit exceeded */
    static void check(Iterable<Event> events) {
        long nodes = 0;
        Map<String, Long> anchored = new HashMap<>(); // anchor -> expanded node count of its value
        Deque<long[]> open = new ArrayDeque<>();      // per open collection: nodes before it
        Deque<String> openAnchors = new ArrayDeque<>();
        Deque<Frame> frames = new ArrayDeque<>();
        for (Event e : events) {
            if (e instanceof NodeEvent && !frames.isEmpty() && !(e instanceof ScalarEvent)) frames.peek().next(null);
            if (e instanceof CollectionStartEvent c) {
                Frame parent = frames.peek();
                String path = parent == null ? "" : parent.mapping ? (parent.path.isEmpty() ? parent.key
                        : parent.path + "." + parent.key) : parent.path + "[" + (parent.index - 1) + "]";
                frames.push(new Frame(c instanceof org.snakeyaml.engine.v2.events.MappingStartEvent, path));
                nodes++;
                open.push(new long[] {nodes - 1});
                openAnchors.push(c.getAnchor().map(a -> a.getValue()).orElse(""));
                if (open.size() > MAX_DEPTH) {
                    throw new SpecException("", "lists and mappings are nested more than " + MAX_DEPTH + " deep",
                            "a sweep spec nested at most " + MAX_DEPTH + " levels");
                }
            } else if (e instanceof CollectionEndEvent) {
                frames.pop();
                long start = open.pop()[0];
                String anchor = openAnchors.pop();
                if (!anchor.isEmpty()) anchored.put(anchor, nodes - start);
            } else if (e instanceof ScalarEvent sc) {
                String path = frames.isEmpty() ? "" : frames.peek().next(sc.getValue().length() > MAX_SCALAR_CHARS
                        ? sc.getValue().substring(0, MAX_SCALAR_CHARS) : sc.getValue());
                checkScalar(sc, path);
                nodes++;
                sc.getAnchor().ifPresent(a -> anchored.put(a.getValue(), 1L));
            } else if (e instanceof AliasEvent a) {
                String name = ((NodeEvent) a).getAnchor().map(x -> x.getValue()).orElse("");
                if (openAnchors.contains(name)) {
                    throw new SpecException("", "alias *" + name + " refers to a value that contains it",
                            "aliases to complete values only (no recursive values)");
                }
                nodes += anchored.getOrDefault(name, 1L);
            }
            if (nodes > MAX_NODES) {
                throw new SpecException("", "the document expands to more than " + MAX_NODES + " nodes (values, lists "
                        + "and mappings; an alias counts the whole value it repeats)",
                        "a sweep spec of at most " + MAX_NODES + " nodes");
            }
        }
    }
}
