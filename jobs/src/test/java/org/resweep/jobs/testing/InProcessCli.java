package org.resweep.jobs.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.spark.sql.SparkSession;
import org.resweep.jobs.Main;

/**
 * The command line run in this (test) JVM as a command of its own: a Spark session an earlier caller left active
 * (e.g. {@link TableSnapshot#read}'s {@code local[1]} reader) is stopped first, so that the command starts its own
 * with the master it names, as in a fresh JVM ({@code run} stops its session when it ends). Used where a test needs
 * the command's effect on a directory or its output — a reference run, a resume to the end, {@code sql} — and not a JVM
 * of its own: a child JVM costs its start, Spark's start and a cold Spark SQL for the end-of-run summary, seconds each.
 */
public final class InProcessCli {
    /** Exit code, standard output and standard error of one command. */
    public record Result(int code, String out, String err) {
        /** Both outputs, for failure messages. */
        public String all() { return out + err; }
    }

    private InProcessCli() {}

    /** {@code resweep ARGS} in this JVM. */
    public static synchronized Result run(String... args) {
        stop(SparkSession.getActiveSession());
        stop(SparkSession.getDefaultSession());
        StringWriter o = new StringWriter(), e = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        int code = cl.execute(args);
        return new Result(code, o.toString(), e.toString());
    }

    private static void stop(scala.Option<SparkSession> s) {
        if (s.isDefined()) s.get().stop();
    }
}
