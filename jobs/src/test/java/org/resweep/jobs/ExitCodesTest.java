package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ConnectException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

/**
 * Which failures are "cannot reach its filesystem" ({@link ExitCodes#unreachable}): a network failure raised by Hadoop's
 * filesystem client, not one of Spark's own (review8 F6). The real ones (a closed port, an unknown host, a server that is
 * no namenode) are end to end in {@link SqlOutputTest}.
 */
class ExitCodesTest {
    /** {@code t} as if thrown where {@code frames} (class names) say. */
    private static <T extends Throwable> T at(T t, String... frames) {
        StackTraceElement[] st = new StackTraceElement[frames.length];
        for (int i = 0; i < frames.length; i++) st[i] = new StackTraceElement(frames[i], "call", null, -1);
        t.setStackTrace(st);
        return t;
    }

    /** A lost executor's "Connection reset" in a long reproduce: Spark's failure, passed on as it is (with its stack-trace log). */
    @Test
    void aSparkSideConnectionResetIsNotTheFilesystem() throws Exception {
        SocketException reset = at(new SocketException("Connection reset"), "sun.nio.ch.SocketDispatcher", "io.netty.channel.nio.NioEventLoop",
                "org.apache.spark.network.client.TransportResponseHandler");
        Exception job = at(new org.apache.spark.SparkException("Job aborted due to stage failure: Task 3 in stage 1.0 failed", reset),
                "org.apache.spark.scheduler.DAGScheduler", "org.resweep.driver.spark.SweepEngine");
        assertNull(ExitCodes.unreachable(job, "--out /tmp/x"));
        assertNull(ExitCodes.unreachable(at(new ConnectException("Connection refused"), "org.apache.spark.network.client.TransportClientFactory"),
                "--out /tmp/x"), "a shuffle fetch from a lost executor");
        assertSame(job, assertThrows(Exception.class, () -> ExitCodes.reaching(() -> "--out /tmp/x", () -> { throw job; })));
    }

    @Test
    void aRefusedConnectionOfHadoopsClientIsTheFilesystem() {
        ConnectException refused = at(new ConnectException("Connection refused"), "sun.nio.ch.Net", "org.apache.hadoop.net.NetUtils",
                "org.apache.hadoop.ipc.Client$Connection");
        ExitCodes.EnvironmentFailure down = ExitCodes.unreachable(new java.io.UncheckedIOException(new java.io.IOException("listing", refused)),
                "--out hdfs://nn:8020/x");
        assertNotNull(down);
        assertEquals("--out hdfs://nn:8020/x: cannot reach its filesystem (Connection refused)", down.getMessage());
    }
}
