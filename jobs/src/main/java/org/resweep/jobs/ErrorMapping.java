package org.resweep.jobs;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.resweep.core.util.BadInputException;
import org.resweep.driver.store.SweepLock;
import org.resweep.driver.store.SweepState;
import picocli.CommandLine;

/**
 * The one mapping from an exception to an exit code and what the user sees, for every command.
 *
 * <ul>
 *   <li><b>User mistakes</b> ({@link #isUserError}): {@link BadInputException} and its subclasses (spec errors,
 *       data-file errors, {@link ExitCodes.UserError}), a sweep directory locked by another run, a spec that differs
 *       from the stored sweep, and picocli's own option errors: exit 2, one line {@code resweep: MESSAGE}, no stack
 *       trace.</li>
 *   <li>An unreachable Spark master ({@link MasterUrl.UnreachableException}): exit 1, one line naming it and why.</li>
 *   <li><b>Everything else</b> is an internal error — a plain {@link IllegalArgumentException} included (it means a
 *       bug, not bad input): exit 1, the line {@code resweep: internal error: TYPE: MESSAGE} and a second line naming
 *       the log file that holds the stack trace. The log goes to the sweep directory when the command works on one
 *       that exists ({@code DIR/resweep-error-<UTC time>.log}), else to the system temporary directory
 *       ({@code java.io.tmpdir}). With the global option {@code --debug} the stack trace is also printed.</li>
 * </ul>
 */
final class ErrorMapping {
    /** The global option that also prints stack traces of internal errors on the console. */
    static final String DEBUG = "--debug";
    static final String LOG_PREFIX = "resweep-error-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private ErrorMapping() {}

    /** A command that works on a sweep directory names it, so an internal error's log can go there. */
    interface SweepDirCommand {
        /** The sweep directory this invocation uses, or null while it is not known. */
        Path sweepDirectory();
    }

    /** Whether {@code t} is a user mistake (exit 2) rather than an internal failure (exit 1). */
    static boolean isUserError(Throwable t) {
        return t instanceof BadInputException || t instanceof SweepLock.LockedException
                || t instanceof SweepState.SpecChangedException || t instanceof CommandLine.ParameterException;
    }

    static int onParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println("resweep: " + ex.getMessage());
        cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        cmd.getErr().flush();
        return ExitCodes.BAD_INPUT;
    }

    static int onExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        Throwable t = unwrap(ex);
        PrintWriter err = cmd.getErr();
        if (isUserError(t)) {
            err.println("resweep: " + oneLine(t.getMessage()));
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        if (t instanceof MasterUrl.UnreachableException) { // the environment, not resweep: one line names it, no trace
            err.println("resweep: " + oneLine(t.getMessage()));
            err.flush();
            return ExitCodes.FAILURE;
        }
        String trace = stackTrace(t);
        err.println("resweep: internal error: " + t.getClass().getName() + ": " + oneLine(String.valueOf(t.getMessage())));
        Path log = writeLog(trace, logDirectory(cmd.getCommand()));
        if (debug(parsed)) {
            err.print(trace);
            if (log != null) err.println("resweep: stack trace also written to " + log);
        } else if (log != null) {
            err.println("resweep: the stack trace is in " + log + " (" + DEBUG + " prints it here)");
        } else {
            err.print(trace); // no log file could be written: the console is the only place left
        }
        err.flush();
        return ExitCodes.FAILURE;
    }

    /**
     * The execution strategy of the command line: picocli's default ({@link CommandLine.RunLast}), with an
     * {@link Error} (OutOfMemoryError, StackOverflowError, …) handed to {@link #onExecutionException} like any other
     * internal failure instead of escaping {@code main} as a bare JVM stack trace.
     */
    static int execute(CommandLine.ParseResult parsed) {
        try {
            return new CommandLine.RunLast().execute(parsed);
        } catch (Error e) {
            CommandLine.ParseResult last = parsed;
            while (last.hasSubcommand()) last = last.subcommand();
            throw new CommandLine.ExecutionException(last.commandSpec().commandLine(), "internal error", e);
        }
    }

    /** The exception a wrapper (future, reflection, picocli's wrapper of an Error) stands for. */
    static Throwable unwrap(Throwable t) {
        while ((t instanceof ExecutionException || t instanceof CompletionException || t instanceof InvocationTargetException
                || t instanceof CommandLine.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Whether {@code --debug} was given, before or after the subcommand name. */
    static boolean debug(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(DEBUG)) return true;
        }
        return false;
    }

    /** The command's sweep directory if it is one (holds runs/ or sweep.json), else the system temp directory. */
    static Path logDirectory(Object command) {
        if (command instanceof SweepDirCommand c) {
            Path d = c.sweepDirectory();
            if (d != null && Files.isDirectory(d) && Files.isWritable(d)
                    && (Files.isDirectory(d.resolve("runs")) || Files.isRegularFile(d.resolve("sweep.json")))) {
                return d;
            }
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Writes a new log file (never an existing one); returns it, or null if it could not be written. */
    static Path writeLog(String trace, Path dir) {
        String name = LOG_PREFIX + ZonedDateTime.now(ZoneOffset.UTC).format(STAMP) + "-" + ProcessHandle.current().pid();
        for (int i = 0; i < 100; i++) {
            Path f = dir.resolve(name + (i == 0 ? "" : "-" + i) + ".log");
            try {
                Files.writeString(f, trace, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return f.toAbsolutePath();
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // same second, same process: try the next name
            } catch (IOException | SecurityException e) {
                return null;
            }
        }
        return null;
    }

    static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /** A message on one line (a user error is one line by contract; a multi-line text keeps its first line). */
    static String oneLine(String message) {
        if (message == null) return "";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl).stripTrailing();
    }
}
