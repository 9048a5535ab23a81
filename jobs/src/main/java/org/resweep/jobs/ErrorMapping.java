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
import java.util.ArrayList;
import java.util.List;
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
 *   <li>The environment ({@link ExitCodes.EnvironmentFailure}: an unreachable Spark master or filesystem): exit 1,
 *       one line naming it and why.</li>
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

    /**
     * picocli's own option errors, as one line: picocli's message (it names the option and, for a bad value, the value
     * and the type or the allowed values), the allowed options or commands when the argument is unknown, and where the
     * full list is: {@code resweep: Unknown option: '--foo'; allowed: --json, --tasks, --help, --version (see
     * 'resweep plan --help')}.
     */
    static int onParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        CommandLine.Model.CommandSpec spec = cmd.getCommandSpec();
        StringBuilder line = new StringBuilder("resweep: ").append(parameterProblem(oneLine(ex.getMessage())));
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            boolean option = u.getUnmatched().get(0).startsWith("-");
            List<String> allowed = new ArrayList<>();
            if (option || spec.subcommands().isEmpty()) {
                for (CommandLine.Model.OptionSpec o : spec.options()) {
                    if (!o.hidden()) allowed.add(o.longestName());
                }
            } else {
                line.setLength(0);
                line.append("resweep: unknown command '").append(u.getUnmatched().get(0)).append('\'');
                for (var e : spec.subcommands().entrySet()) {
                    if (!e.getValue().getCommandSpec().usageMessage().hidden() && !allowed.contains(e.getKey())) allowed.add(e.getKey());
                }
            }
            if (!allowed.isEmpty()) line.append("; allowed: ").append(String.join(", ", allowed));
        }
        line.append(" (see '").append(spec.qualifiedName()).append(" --help')");
        cmd.getErr().println(line);
        cmd.getErr().flush();
        return ExitCodes.BAD_INPUT;
    }

    /** picocli's text for a map option's value without '=' ("Value for option option '--conf' (KEY=VALUE) ..."). */
    private static final java.util.regex.Pattern NOT_KEY_VALUE = java.util.regex.Pattern.compile(
            "Value for option option '([^']+)' \\(([^)]+)\\) should be in KEY=VALUE format but was (.*)");

    /**
     * picocli's message in resweep's form where picocli's own wording is wrong: a map option's value without '='
     * becomes "--conf: 'foo' is not KEY=VALUE; allowed: KEY=VALUE" (review7 F11: picocli says "option option").
     */
    static String parameterProblem(String message) {
        java.util.regex.Matcher m = NOT_KEY_VALUE.matcher(message);
        if (m.matches()) return m.group(1) + ": '" + org.resweep.core.util.BadInputException.echo(m.group(3)) + "' is not " + m.group(2) + "; allowed: " + m.group(2);
        return message.replace("option option", "option");
    }

    /**
     * Whether the reader of the command's standard output has gone — a closed pipe, as in
     * {@code resweep plan --tasks SPEC | head -2}. A command that prints many lines checks after each and stops
     * quietly with exit 0 (the reader asked for no more; a shell's {@code set -o pipefail} is not tripped).
     * Flushes {@code out}.
     */
    static boolean outputClosed(PrintWriter out) {
        return out.checkError() || System.out.checkError();
    }

    static int onExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        Throwable t = unwrap(ex);
        PrintWriter err = cmd.getErr();
        if (isUserError(t)) {
            err.println("resweep: " + oneLine(t.getMessage()));
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        if (t instanceof ExitCodes.EnvironmentFailure) { // the environment, not resweep: one line names it, no trace
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
