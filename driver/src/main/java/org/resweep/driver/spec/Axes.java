package org.resweep.driver.spec;

import java.math.BigInteger;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.resweep.core.net.Activation;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.Position;

/**
 * The values of every grid axis of one variant, validated, in the order written in the spec. Lists are immutable
 * and free of repeats.
 *
 * @param activation   activation names
 * @param positions    position sets (each possibly empty)
 * @param shortcut     shortcut lengths, 0 = plain
 * @param depth        depths (number of weight matrices), ≥ 1
 * @param init         initialisations
 * @param initScale    scales of {@code small} init (the axis is {@code [1.0]} when no {@code small} init is listed)
 * @param learningRate learning rates, finite and &gt; 0
 */
public record Axes(List<Activation> activation, List<Set<Position>> positions, List<Integer> shortcut,
                   List<Integer> depth, List<InitKind> init, List<Double> initScale, List<Double> learningRate) {

    public Axes {
        activation = List.copyOf(activation);
        positions = positions.stream()
                .map(p -> Collections.unmodifiableSet(p.isEmpty() ? EnumSet.noneOf(Position.class) : EnumSet.copyOf(p)))
                .toList();
        shortcut = List.copyOf(shortcut);
        depth = List.copyOf(depth);
        init = List.copyOf(init);
        initScale = List.copyOf(initScale);
        learningRate = List.copyOf(learningRate);
    }

    /**
     * Upper bound on the runs of this variant per data set and seed (before skipping and merging), exact: the
     * product of axis sizes can exceed a long (10,000 values on each of several axes).
     */
    BigInteger pointCount() {
        long perActivation = 0;
        for (Activation a : activation) perActivation += a == Activation.LINEAR ? 1 : positions.size();
        long perInit = 0;
        for (InitKind k : init) perInit += k == InitKind.SMALL ? initScale.size() : 1;
        return BigInteger.valueOf(perActivation).multiply(BigInteger.valueOf(shortcut.size()))
                .multiply(BigInteger.valueOf(depth.size())).multiply(BigInteger.valueOf(perInit))
                .multiply(BigInteger.valueOf(learningRate.size()));
    }

    /** Canonical text: one line per axis, values in spec order (doubles in Java's shortest round-trip form). */
    String canonical(String prefix) {
        return prefix + "activation=" + join(activation.stream().map(Activation::id).toList()) + "\n"
                + prefix + "positions=" + join(positions.stream().map(Axes::positionsText).toList()) + "\n"
                + prefix + "shortcut=" + join(shortcut) + "\n"
                + prefix + "depth=" + join(depth) + "\n"
                + prefix + "init=" + join(init.stream().map(InitKind::id).toList()) + "\n"
                + prefix + "init_scale=" + join(initScale) + "\n"
                + prefix + "learning_rate=" + join(learningRate) + "\n";
    }

    /** {@code none} for the empty set, else the ids in enum order joined by commas. */
    static String positionsText(Set<Position> p) { return p.isEmpty() ? "none" : Position.format(p); }

    private static String join(List<?> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining("|"));
    }
}
