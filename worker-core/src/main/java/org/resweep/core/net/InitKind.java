package org.resweep.core.net;

import java.util.Arrays;
import java.util.Locale;

/**
 * Initialisations of docs/model.md §4: {@code zero}; {@code small} = Xavier-normal × init_scale; {@code xavier} = normal with
 * std {@code sqrt(2/(fan_in+fan_out))}; {@code orthogonal} = Haar-random orthogonal.
 */
public enum InitKind {
    ZERO, SMALL, XAVIER, ORTHOGONAL;

    public String id() { return name().toLowerCase(Locale.ROOT); }

    public static InitKind parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (InitKind k : values()) {
            if (k.id().equals(n)) return k;
        }
        throw new IllegalArgumentException("init: unknown value '" + name + "'; allowed: "
                + Arrays.stream(values()).map(InitKind::id).toList());
    }
}
