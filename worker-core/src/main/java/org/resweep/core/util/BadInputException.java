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
}
