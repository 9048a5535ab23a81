package org.resweep.driver.store;

/**
 * A sweep directory that cannot be used as asked — not a sweep directory, damaged metadata, a spec that does not
 * match, a lock held by a live process. A user-facing condition: the command line prints the message (one line,
 * naming the file and what to do) and exits with code 2.
 */
public class SweepDirectoryException extends org.resweep.core.util.BadInputException {
    private static final long serialVersionUID = 1L;

    public SweepDirectoryException(String message) { super(message); }

    public SweepDirectoryException(String message, Throwable cause) { super(message, cause); }
}
