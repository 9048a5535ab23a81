package org.resweep.jobs;

import org.resweep.core.util.BadInputException;
import picocli.CommandLine;

/**
 * Exit codes of every subcommand (docs/output.md): 0 success, 2 bad input (one line naming the field, the value and
 * what is allowed; never a stack trace), 1 failure (a short message; the stack trace goes to a log file, see
 * {@link ErrorMapping}); an {@link EnvironmentFailure} (unreachable master or filesystem) is exit 1 with one line.
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

    /**
     * A failure of the environment, not of resweep nor of the command line — an unreachable Spark master, a filesystem
     * that accepts no connection: exit 1 with its message only (one line naming what could not be reached and why), no
     * stack trace.
     */
    public static class EnvironmentFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public EnvironmentFailure(String message, Throwable cause) { super(message, cause); }
    }

    /**
     * If {@code e} or one of its causes is a network failure of Hadoop's filesystem client (connection refused or reset,
     * unknown host, no route, timeout — raised by Hadoop's code: a frame of {@code org.apache.hadoop} on its stack) or a
     * failed exchange with whatever listens at the filesystem's address (Hadoop's RPC client got no answer it can read: the
     * connection closed, or the server is no namenode), the {@link EnvironmentFailure}
     * {@code "WHAT: cannot reach its filesystem (REASON)"}; else null. An error the filesystem itself reports (Hadoop's
     * {@code RemoteException}: permission denied, a missing file …) is not one, nor a network failure of Spark's own
     * (a connection to a lost executor reset: review8 F6).
     *
     * @param what e.g. {@code "--out hdfs://nn:8020/sweeps"}
     */
    public static EnvironmentFailure unreachable(Throwable e, String what) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if ((t instanceof java.net.SocketException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.SocketTimeoutException) && fromHadoop(t)) { // SocketException: ConnectException, NoRouteToHost, reset
                Throwable root = t;
                while (root.getCause() != null && root.getCause() != root) root = root.getCause();
                String why = root.getMessage() == null ? root.getClass().getSimpleName()
                        : root instanceof java.net.UnknownHostException ? "unknown host " + root.getMessage() : root.getMessage();
                return new EnvironmentFailure(what + ": cannot reach its filesystem (" + firstLine(why) + ")", e);
            }
            if (t instanceof java.io.IOException && !isRemote(t) && fromRpcClient(t)) {
                String why = t.getClass().getName().equals("org.apache.hadoop.ipc.RpcException")
                        ? "what listens there does not answer as a Hadoop namenode: " + firstLine(String.valueOf(t.getMessage()))
                        : t instanceof java.io.EOFException ? "the connection was closed without an answer: is a namenode listening there?"
                        : firstLine(t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
                return new EnvironmentFailure(what + ": cannot reach its filesystem (" + why + ")", e);
            }
        }
        return null;
    }

    private static String firstLine(String s) { return s.lines().findFirst().orElse(s).strip(); }

    /** Whether {@code t} was raised in Hadoop's code (its filesystem clients: ipc, net, hdfs, fs, security), not in a library it shades. */
    private static boolean fromHadoop(Throwable t) {
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getClassName().startsWith("org.apache.hadoop.") && !f.getClassName().startsWith("org.apache.hadoop.shaded.")) return true;
        }
        return false;
    }

    /** Whether {@code t} was thrown by Hadoop's RPC client (a frame of {@code org.apache.hadoop.ipc.Client} or its inner classes). */
    private static boolean fromRpcClient(Throwable t) {
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getClassName().equals("org.apache.hadoop.ipc.Client") || f.getClassName().startsWith("org.apache.hadoop.ipc.Client$")) return true;
        }
        return false;
    }

    /** Whether {@code t} is an error the server sent (Hadoop's {@code RemoteException} or a subclass): it was reached. */
    private static boolean isRemote(Throwable t) {
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals("org.apache.hadoop.ipc.RemoteException")) return true;
        }
        return false;
    }

    /**
     * Runs a command's body; a network failure reaching a filesystem (see {@link #unreachable}) becomes the one-line
     * {@link EnvironmentFailure} naming {@code what.get()} (e.g. {@code "DIR hdfs://nn:8020/sweeps"}). Other failures pass.
     */
    static <T> T reaching(java.util.function.Supplier<String> what, java.util.concurrent.Callable<T> body) throws Exception {
        try {
            return body.call();
        } catch (EnvironmentFailure e) {
            throw e;
        } catch (Exception e) {
            EnvironmentFailure down = unreachable(e, what.get());
            if (down != null) throw down;
            throw e;
        }
    }

    static int onParameterException(CommandLine.ParameterException ex, String[] args) {
        return ErrorMapping.onParameterException(ex, args);
    }

    static int onExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        return ErrorMapping.onExecutionException(ex, cmd, parsed);
    }
}
