package org.resweep.driver.spec;

import org.resweep.core.util.BadInputException;

/**
 * A user mistake in a sweep spec. The message always reads {@code [SOURCE: ]PATH: PROBLEM; allowed: ALLOWED}: the
 * path of the field ({@code axes.learning_rate[2]}), what is wrong with the value found there, and what is allowed.
 * It is a {@link BadInputException} (the user-error type), so the command line maps it to exit code 2 and prints the
 * message only (never a stack trace).
 */
public final class SpecException extends BadInputException {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String problem;
    private final String allowed;

    /**
     * @param path    field path, e.g. {@code axes.depth[1]}; {@code ""} for the whole document
     * @param problem what is wrong, e.g. {@code -3 is not allowed}
     * @param allowed what is allowed instead
     */
    public SpecException(String path, String problem, String allowed) {
        this(null, path, problem, allowed);
    }

    private SpecException(String source, String path, String problem, String allowed) {
        super(format(source, path, problem, allowed));
        this.path = path;
        this.problem = problem;
        this.allowed = allowed;
    }

    private static String format(String source, String path, String problem, String allowed) {
        StringBuilder sb = new StringBuilder();
        if (source != null) sb.append(source).append(": ");
        if (!path.isEmpty()) sb.append(path).append(": ");
        sb.append(problem);
        if (allowed != null && !allowed.isEmpty()) sb.append("; allowed: ").append(allowed);
        return sb.toString();
    }

    /** {@code PATH: VALUE is not allowed; allowed: ALLOWED}. */
    public static SpecException bad(String path, Object value, String allowed) {
        return new SpecException(path, Values.describe(value) + " is not allowed", allowed);
    }

    /** {@code PATH: missing; allowed: ALLOWED}. */
    public static SpecException missing(String path, String allowed) {
        return new SpecException(path, "missing (required)", allowed);
    }

    /** The same error, its message prefixed by the spec's file name. */
    public SpecException withSource(String source) {
        SpecException e = new SpecException(source, path, problem, allowed);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** Path of the offending field ({@code ""} for the whole document). */
    public String path() { return path; }

    /** What is wrong with the value. */
    public String problem() { return problem; }

    /** What is allowed instead. */
    public String allowed() { return allowed; }
}
