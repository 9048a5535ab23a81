package org.resweep.jobs;

import org.resweep.core.util.BadInputException;
import picocli.CommandLine;

/**
 * Exit codes of every subcommand (docs/output.md): 0 success, 2 bad input (one line naming the field, the value and
 * what is allowed; never a stack trace), 1 failure (a short message; the stack trace goes to a log file, see
 * {@link ErrorMapping}).
 * Which exception is which is decided in one place, {@link ErrorMapping#isUserError}.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;

    private ExitCodes() {}

    /**
     * A user mistake detected by a command (a flag, a path, a directory in use): exit 2 with its message only. It is
     * the command line's spelling of {@link BadInputException}, the one user-error type.
     */
    public static final class UserError extends BadInputException {
        private static final long serialVersionUID = 1L;

        public UserError(String message) { super(message); }
    }

    static int onParameterException(CommandLine.ParameterException ex, String[] args) {
        return ErrorMapping.onParameterException(ex, args);
    }

    static int onExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        return ErrorMapping.onExecutionException(ex, cmd, parsed);
    }
}
