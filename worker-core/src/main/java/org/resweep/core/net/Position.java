package org.resweep.core.net;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Where a residual unit applies its activation (docs/model.md §1): before the first layer, between layers, after the last. */
public enum Position {
    PRE, MID, POST;

    public String id() { return name().toLowerCase(Locale.ROOT); }

    public static Position parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Position p : values()) {
            if (p.id().equals(n)) return p;
        }
        throw new IllegalArgumentException("positions: unknown value '" + name + "'; allowed: pre, mid, post");
    }

    /** Parses a comma-separated list such as {@code "pre,mid"}; the empty string is the empty set. */
    public static Set<Position> parseList(String csv) {
        EnumSet<Position> out = EnumSet.noneOf(Position.class);
        if (csv == null || csv.isBlank()) return out;
        for (String part : csv.split(",")) {
            if (!part.isBlank()) out.add(parse(part));
        }
        return out;
    }

    /** Canonical text of a set: ids in enum order joined by commas ({@code ""} for none). */
    public static String format(Set<Position> positions) {
        return String.join(",", Arrays.stream(values()).filter(positions::contains).map(Position::id).toList());
    }
}
