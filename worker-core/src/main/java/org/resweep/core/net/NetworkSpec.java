package org.resweep.core.net;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The architecture of docs/model.md §1: {@code depth} weight matrices of size {@code width × width}, grouped into residual
 * units of {@code shortcut} matrices ({@code shortcut = 0}: the plain network), with {@code activation} at the
 * given {@code positions}.
 *
 * <p>Parameter layout, shared by weights, gradients and Hessians: layer-major, column-major inside a matrix —
 * entry {@code W[l](i, j)} is parameter {@code l·d² + j·d + i} (paper, Definition 5). Layers are numbered in
 * forward order: unit, then matrix inside the unit.
 *
 * <p>Plain networks place activations as the 2-shortcut network of equal depth would (docs/model.md §1): layers are
 * grouped in pairs; {@code pre} before every odd layer, {@code mid} after every odd layer, {@code post} after
 * every even layer. With odd depth the last block is a single layer followed by {@code mid}.
 */
public record NetworkSpec(int depth, int shortcut, int width, Activation activation, Set<Position> positions) implements java.io.Serializable {

    public NetworkSpec {
        if (depth < 1) throw new IllegalArgumentException("depth: " + depth + " is not allowed; must be ≥ 1");
        if (shortcut < 0) throw new IllegalArgumentException("shortcut: " + shortcut + " is not allowed; must be ≥ 0 (0 = plain)");
        if (width < 1) throw new IllegalArgumentException("width: " + width + " is not allowed; must be ≥ 1");
        if (shortcut > 0 && depth % shortcut != 0) {
            throw new IllegalArgumentException("depth: " + depth + " is not a multiple of shortcut length " + shortcut);
        }
        if (activation == null) throw new IllegalArgumentException("activation: missing");
        positions = positions == null || positions.isEmpty()
                ? Collections.unmodifiableSet(EnumSet.noneOf(Position.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(positions));
        if (activation == Activation.LINEAR) positions = Collections.unmodifiableSet(EnumSet.noneOf(Position.class));
    }

    /** A linear network: all activations the identity. */
    public static NetworkSpec linear(int depth, int shortcut, int width) {
        return new NetworkSpec(depth, shortcut, width, Activation.LINEAR, Set.of());
    }

    /** Whether every activation is the identity (then the moment path applies). */
    public boolean isLinear() { return activation == Activation.LINEAR || positions.isEmpty(); }

    public boolean isPlain() { return shortcut == 0; }

    /** Number of parameters P = depth · width². */
    public int numParams() { return depth * width * width; }

    /** The activation applied at {@code p}: the network's activation if {@code p} is among the positions, else linear. */
    public Activation at(Position p) { return positions.contains(p) ? activation : Activation.LINEAR; }

    /** Offset of layer {@code l}'s matrix in the parameter vector. */
    public int offset(int layer) { return layer * width * width; }

    /** The blocks (residual units, or layer pairs of a plain network) in forward order. */
    public List<Block> blocks() {
        List<Block> out = new ArrayList<>();
        Activation pre = at(Position.PRE), mid = at(Position.MID), post = at(Position.POST);
        if (shortcut > 0) {
            for (int k = 0; k < depth / shortcut; k++) {
                out.add(new Block(k * shortcut, shortcut, true, pre, shortcut > 1 ? mid : Activation.LINEAR, post));
            }
        } else {
            for (int l = 0; l < depth; l += 2) {
                if (l + 1 < depth) out.add(new Block(l, 2, false, pre, mid, post));
                else out.add(new Block(l, 1, false, pre, Activation.LINEAR, mid));
            }
        }
        return out;
    }
}
