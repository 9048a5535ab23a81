package org.resweep.jobs;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The JVM's side of the {@code resweep} launcher's stderr filter (scripts/jvm-stderr-filter, which drops the JVM's
 * "Using incubator modules" warning). The launcher {@code exec}s the JVM, so the JVM keeps the launcher's process id,
 * and the filter is a separate process that reads the JVM's stderr through a pipe. Without care, the filter could
 * still be writing the JVM's last lines (the error message of a failed command) after the JVM has exited: a caller
 * that stops reading at process exit (Java's {@link Process} does) would lose them. So before exiting, resweep closes
 * its stderr and waits for the filter, whose process id the launcher passes in {@value #PID_VARIABLE}, to copy
 * everything and exit.
 */
final class StderrFilter {
    /** Environment variable holding the filter's process id (set by the launcher only). */
    static final String PID_VARIABLE = "RESWEEP_STDERR_FILTER_PID";

    /** How long to wait for the filter at most: it ends as soon as it has copied the rest (a stuck reader of stderr
     *  must not keep resweep alive). */
    static final long WAIT_SECONDS = 10;

    private StderrFilter() { }

    /**
     * Closes stderr (file descriptor 2) and waits up to {@link #WAIT_SECONDS} for the launcher's stderr filter to exit.
     * Does nothing when not started by the launcher. Anything printed to stderr afterwards is lost, so call this last,
     * just before {@code System.exit}/{@code halt}.
     */
    static void drainBeforeExit() {
        Optional<ProcessHandle> filter = filter(System.getenv(PID_VARIABLE));
        if (filter.isEmpty()) return;
        System.err.flush();
        try {
            new FileOutputStream(FileDescriptor.err).close();   // the filter sees end of input once the JVM's fd 2 is closed
        } catch (IOException e) {
            return;
        }
        try {
            filter.get().onExit().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            // timed out or interrupted: exit anyway
        }
    }

    /**
     * The filter's process, if {@code pid} names a live child of this process (the launcher forks the filter, then
     * execs the JVM in its own process): a JVM that merely inherited the variable from a launched resweep does not
     * wait for another process's filter.
     */
    static Optional<ProcessHandle> filter(String pid) {
        if (pid == null || !pid.matches("[1-9][0-9]{0,9}")) return Optional.empty();
        long p = Long.parseLong(pid);
        long self = ProcessHandle.current().pid();
        if (p == self) return Optional.empty();
        return ProcessHandle.of(p).filter(h -> h.parent().map(ProcessHandle::pid).orElse(-1L) == self);
    }
}
