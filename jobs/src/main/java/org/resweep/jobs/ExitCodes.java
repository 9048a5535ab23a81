package org.resweep.jobs;

import picocli.CommandLine;

/**
 * Exit codes of every subcommand (README.md, Commands): 0 success, 2 bad input (a message naming the field, the value and
 * what is allowed; never a stack trace), 1 failure.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;

    private ExitCodes() {}

    /** A user mistake detected while running a command: reported as exit 2 with its message only. */
    public static final class UserError extends RuntimeException {
        public UserError(String message) { super(message); }
    }

    static int onParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println("resweep: " + ex.getMessage());
        cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        return BAD_INPUT;
    }

    static int onExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (ex instanceof UserError || ex instanceof IllegalArgumentException) {
            cmd.getErr().println("resweep: " + ex.getMessage());
            return BAD_INPUT;
        }
        if (ex instanceof MasterUrl.UnreachableException) { // not a user mistake, but nothing a stack trace explains
            cmd.getErr().println("resweep: " + ex.getMessage());
            return FAILURE;
        }
        cmd.getErr().println("resweep: failed: " + ex);
        ex.printStackTrace(cmd.getErr());
        return FAILURE;
    }
}
