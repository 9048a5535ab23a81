package org.resweep.core.data;

import org.resweep.core.util.BadInputException;

/**
 * A data set the user named cannot be used: a file is missing, unreadable, not IDX, inconsistent, or its
 * content cannot be whitened. The message names the file (or data set), the field, the bad value and what is
 * allowed. It is a {@link BadInputException}, so the command line maps it to exit code 2.
 */
public class DataFormatException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public DataFormatException(String message) { super(message); }

    public DataFormatException(String message, Throwable cause) { super(message, cause); }
}
