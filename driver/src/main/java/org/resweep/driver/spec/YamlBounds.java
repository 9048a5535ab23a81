package org.resweep.driver.spec;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
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
 *   <li>An alias to an anchor whose value is still open (a value containing itself) is refused: a recursive value
 *       cannot be printed or walked.</li>
 * </ul>
 */
final class YamlBounds {
    /** Most nodes (scalars, lists, mappings) a spec may expand to. */
    static final int MAX_NODES = 100_000;
    /** Deepest nesting of lists and mappings. */
    static final int MAX_DEPTH = 64;

    private YamlBounds() {}

    /** @throws SpecException at the first limit exceeded */
    static void check(Iterable<Event> events) {
        long nodes = 0;
        Map<String, Long> anchored = new HashMap<>(); // anchor -> expanded node count of its value
        Deque<long[]> open = new ArrayDeque<>();      // per open collection: nodes before it
        Deque<String> openAnchors = new ArrayDeque<>();
        for (Event e : events) {
            if (e instanceof CollectionStartEvent c) {
                nodes++;
                open.push(new long[] {nodes - 1});
                openAnchors.push(c.getAnchor().map(a -> a.getValue()).orElse(""));
                if (open.size() > MAX_DEPTH) {
                    throw new SpecException("", "lists and mappings are nested more than " + MAX_DEPTH + " deep",
                            "a sweep spec nested at most " + MAX_DEPTH + " levels");
                }
            } else if (e instanceof CollectionEndEvent) {
                long start = open.pop()[0];
                String anchor = openAnchors.pop();
                if (!anchor.isEmpty()) anchored.put(anchor, nodes - start);
            } else if (e instanceof ScalarEvent sc) {
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
