package org.resweep.core.net;

import java.util.Arrays;
import java.util.Locale;

/**
 * The scalar nonlinearities of docs/model.md §1, with their first and second derivatives.
 *
 * <p>{@code relu} has derivative 0 at 0 (docs/model.md §1); {@code symmetric-sigmoid} is {@code tanh(x/2)}.
 * tanh and symmetric-sigmoid use resweep's own {@link Tanh#tanh} (correctly rounded operations only, so bit-identical
 * on every CPU and JVM, and vectorised in the data-path kernels with the same bits; within 2 ulps of
 * {@link StrictMath#tanh}).
 */
public enum Activation {
    LINEAR("linear") {
        @Override public double apply(double x) { return x; }
        @Override public double d1(double x) { return 1.0; }
        @Override public double d2(double x) { return 0.0; }
    },
    RELU("relu") {
        @Override public double apply(double x) { return x > 0 ? x : 0.0; }
        @Override public double d1(double x) { return x > 0 ? 1.0 : 0.0; }
        @Override public double d2(double x) { return 0.0; }
    },
    TANH("tanh") {
        @Override public double apply(double x) { return Tanh.tanh(x); }
        @Override public double d1(double x) { double t = Tanh.tanh(x); return 1.0 - t * t; }
        @Override public double d2(double x) { double t = Tanh.tanh(x); return -2.0 * t * (1.0 - t * t); }
        @Override public double d1FromValue(double t) { return 1.0 - t * t; }
        @Override public double d2FromValue(double t) { return -2.0 * t * (1.0 - t * t); }
    },
    SYMMETRIC_SIGMOID("symmetric-sigmoid") {
        @Override public double apply(double x) { return Tanh.tanh(0.5 * x); }
        @Override public double d1(double x) { double t = Tanh.tanh(0.5 * x); return 0.5 * (1.0 - t * t); }
        @Override public double d2(double x) { double t = Tanh.tanh(0.5 * x); return -0.5 * t * (1.0 - t * t); }
        @Override public double d1FromValue(double t) { return 0.5 * (1.0 - t * t); }
        @Override public double d2FromValue(double t) { return -0.5 * t * (1.0 - t * t); }
    };

    private final String id;

    Activation(String id) { this.id = id; }

    /** The name used in specs, on the command line and in result tables. */
    public String id() { return id; }

    public abstract double apply(double x);

    /** First derivative. */
    public abstract double d1(double x);

    /** Second derivative. */
    public abstract double d2(double x);

    /**
     * Whether {@link #d1FromValue} and {@link #d2FromValue} give the derivatives from the activation's value
     * {@code apply(x)} (tanh and symmetric-sigmoid: no second transcendental call per derivative).
     */
    public boolean derivativesFromValue() { return this == TANH || this == SYMMETRIC_SIGMOID; }

    /**
     * {@code d1(x)} given {@code t = apply(x)}, with the same operations as {@link #d1} (so the same bits), for the
     * activations of {@link #derivativesFromValue}. Others: UnsupportedOperationException.
     */
    public double d1FromValue(double t) { throw new UnsupportedOperationException(id + ": derivative from value"); }

    /** {@code d2(x)} given {@code t = apply(x)}, as {@link #d1FromValue}. */
    public double d2FromValue(double t) { throw new UnsupportedOperationException(id + ": derivative from value"); }

    /** Parses a name ({@code linear, relu, tanh, symmetric-sigmoid}); the error names what is allowed. */
    public static Activation parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Activation a : values()) {
            if (a.id.equals(n)) return a;
        }
        throw new IllegalArgumentException("activation: unknown value '" + name + "'; allowed: "
                + Arrays.stream(values()).map(Activation::id).toList());
    }
}
