package org.resweep.jobs;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.resweep.driver.store.ParquetRunIds;
import org.resweep.driver.store.SweepDirectory;
import picocli.CommandLine;

/**
 * SIGINT (Ctrl-C) and SIGTERM during {@code run} and {@code reproduce}: the command's thread is interrupted, which
 * makes the sweep engine cancel the Spark job, commit every run already finished and release the directory's lock;
 * then the command ends normally (its {@code finally} blocks stop Spark) and resweep prints
 * {@code resweep: interrupted (SIGINT): N runs stored in DIR; rerun the same command to resume} and exits with
 * 128 + the signal number (130, 143), without a stack trace and without Spark's shutdown errors (Spark's log is
 * silenced from the signal on).
 *
 * <p>A second signal exits at once (what was committed stays committed: commits are atomic). If the command has not
 * ended {@code -Dresweep.interruptGraceSeconds} (default 300) after the signal, resweep exits likewise.
 */
public final class Interrupts {
    private Interrupts() {}

    /** The signal received (name and number), or null. */
    private static final AtomicReference<sun.misc.Signal> RECEIVED = new AtomicReference<>();
    private static volatile Thread worker;
    private static volatile Path sweepDir;
    private static volatile boolean enabled;

    /**
     * Lets {@link #install} take over SIGINT and SIGTERM: called by {@link Main#main} only, so that commands run
     * in-process (tests, embedding code) leave the host JVM's signal handling alone.
     */
    static void enable() {
        enabled = true;
    }

    /**
     * Installs the handlers (if {@link #enable enabled}); the calling thread is the one a signal interrupts. Commands
     * that do not call this keep the JVM's default handling.
     */
    static void install() {
        if (!enabled) return;
        worker = Thread.currentThread();
        for (String name : List.of("INT", "TERM")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), Interrupts::onSignal);
            } catch (IllegalArgumentException e) {
                // the signal is ignored by this process (e.g. SIGINT of a background job without job control) or
                // reserved by the JVM (-Xrs): the default behaviour stays
            }
        }
    }

    /** The sweep directory being run now (named in the message). */
    static void sweepDir(Path dir) {
        sweepDir = dir;
    }

    /** Whether a signal was received. */
    static boolean received() {
        return RECEIVED.get() != null;
    }

    private static void onSignal(sun.misc.Signal s) {
        if (!RECEIVED.compareAndSet(null, s)) {
            System.err.println("resweep: interrupted again (SIG" + s.getName() + "); exiting now (stored runs stay stored)");
            StderrFilter.drainBeforeExit();
            Runtime.getRuntime().halt(128 + s.getNumber());
        }
        quietSpark();
        Thread w = worker;
        if (w == null) return;
        w.interrupt();
        Thread watchdog = new Thread(() -> {
            try {
                w.join((long) (1000 * Double.parseDouble(System.getProperty("resweep.interruptGraceSeconds", "300"))));
            } catch (InterruptedException e) {
                return;
            }
            if (w.isAlive()) {
                System.err.println(message() + " (the command did not stop in time)");
                StderrFilter.drainBeforeExit();
                Runtime.getRuntime().halt(128 + s.getNumber());
            }
        }, "resweep interrupt watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** From now on only fatal messages of Spark and the libraries reach the log: their shutdown errors are expected. */
    private static void quietSpark() {
        try {
            Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.FATAL);
        } catch (RuntimeException | LinkageError e) {
            // another logging backend: its messages stay
        }
    }

    /**
     * The exit code of a finished command: after a signal, 128 + its number with the "interrupted" message on stderr;
     * otherwise {@code code}.
     */
    static int exitCode(int code, PrintStream err) {
        sun.misc.Signal s = RECEIVED.get();
        if (s == null) return code;
        err.println(message());
        err.flush();
        return 128 + s.getNumber();
    }

    /**
     * Wraps an execution-exception handler: after a signal, the exception (the engine's interruption, or Spark's
     * errors while it stops) is the expected way out and is not reported; {@link #exitCode} reports the signal.
     */
    static CommandLine.IExecutionExceptionHandler wrap(CommandLine.IExecutionExceptionHandler handler) {
        return (ex, cmd, parsed) -> received() ? ExitCodes.FAILURE : handler.handleExecutionException(ex, cmd, parsed);
    }

    /** A signal received: its name ({@code SIGINT}) and the exit code it gives ({@code 130}). */
    record Received(String name, int exitCode) {}

    /** The signal received, or null. */
    static Received signal() {
        sun.misc.Signal s = RECEIVED.get();
        return s == null ? null : new Received("SIG" + s.getName(), 128 + s.getNumber());
    }

    static String message() {
        sun.misc.Signal s = RECEIVED.get();
        String sig = s == null ? "" : " (SIG" + s.getName() + ")";
        Path dir = sweepDir;
        if (dir == null) return "resweep: interrupted" + sig + " before any run started; rerun the same command to start";
        String n;
        try {
            n = Integer.toString(storedRuns(dir));
        } catch (Exception e) {
            n = "the finished";
        }
        return "resweep: interrupted" + sig + ": " + n + (n.equals("1") ? " run" : " runs") + " stored in " + dir
                + "; rerun the same command to resume";
    }

    /** Distinct run ids in {@code dir/runs} (read-only). */
    static int storedRuns(Path dir) throws java.io.IOException {
        Path runs = dir.resolve(SweepDirectory.RUNS);
        Set<String> ids = new HashSet<>();
        for (String p : SweepDirectory.partNames(runs)) ids.addAll(ParquetRunIds.read(runs.resolve(p), "run_id"));
        return ids.size();
    }
}
