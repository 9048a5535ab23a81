package org.resweep.core.util;

/**
 * A user mistake: a file, flag or spec value the user gave cannot be used. The message names the field (or file),
 * the bad value and what is allowed, in one line. This is the single user-error type of resweep: the command line
 * maps it (and its subclasses, e.g. {@code DataFormatException}, {@code SpecException}) to exit code 2 and prints
 * the message only, never a stack trace. Any other exception — an {@link IllegalArgumentException} included — is an
 * internal error (exit code 1).
 *
 * <p>It extends {@link IllegalArgumentException} so that code validating arguments may keep catching that type.
 */
public class BadInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) { super(message); }

    public BadInputException(String message, Throwable cause) { super(message, cause); }

    /** Longest echo of a user-supplied value in a message ({@link #echo}): 80 characters. */
    public static final int MAX_ECHO = 80;

    /**
     * A user-supplied value as it may appear in a one-line message: control characters (newlines included) escaped
     * as backslash-n, backslash-t or backslash-u and four hex digits, and anything longer than {@link #MAX_ECHO} characters cut to its
     * first 80 with {@code …(N chars)} appended. The single helper for echoing input back.
     */
    public static String echo(Object value) {
        String s = String.valueOf(value);
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_ECHO) + 16);
        int shown = 0;
        for (int i = 0; i < s.length() && shown < MAX_ECHO; i++, shown++) {
            char c = s.charAt(i);
            if (c == '\n') b.append("\\n");
            else if (c == '\t') b.append("\\t");
            else if (c == '\r') b.append("\\r");
            else if (Character.isISOControl(c)) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        if (s.length() > MAX_ECHO) b.append("…(").append(s.length()).append(" chars)");
        return b.toString();
    }
}
