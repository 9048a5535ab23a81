package org.resweep.driver.spec;

/**
 * A grid point that is not a task, with the reason (e.g. depth not a multiple of the shortcut length).
 *
 * @param point  the point's coordinates as text ({@code data=mnist10k activation=linear positions=none shortcut=3
 *               depth=4})
 * @param reason why it is skipped
 * @param runs   how many runs (inits × scales × learning rates × seeds) it would have held
 */
public record Skipped(String point, String reason, int runs) {}
