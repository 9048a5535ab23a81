/**
 * One run, end to end: {@link org.resweep.core.train.RunConfig} (what to run, validated, with its content-derived
 * seed) → {@link org.resweep.core.train.Runner#run} (load data, initialise, pick the loss path and Hessian,
 * train) → {@link org.resweep.core.train.RunResult} (status {@code ok}/{@code diverged}/{@code failed}, curves,
 * {@link org.resweep.core.train.Checkpoint}s with Hessian statistics, provenance).
 *
 * <p>{@link org.resweep.core.train.Trainer} is the loop itself: full-batch gradient descent with a fixed learning
 * rate, the divergence rule of docs/model.md §4 and the Hessian checkpoints of
 * {@link org.resweep.core.train.HessianSchedule}. Same configuration and seed ⇒ bit-identical result: every sum
 * runs in a fixed order and every random draw comes from {@link org.resweep.core.train.RunConfig#seed()}.
 */
package org.resweep.core.train;
