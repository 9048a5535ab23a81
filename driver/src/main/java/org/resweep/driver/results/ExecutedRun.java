package org.resweep.driver.results;

import java.io.Serializable;
import java.net.InetAddress;
import java.util.Locale;
import org.resweep.core.train.RunResult;

/**
 * A run's result together with where it ran: the executor's host, Java, EJML and OS/architecture (floating-point
 * results may differ across platforms, so every row records them). Built on the executor, shipped to the driver.
 *
 * @param result      what the run produced
 * @param host        executor host name
 * @param javaVersion {@code java.version} of the executor
 * @param ejmlVersion EJML version on the executor's classpath
 * @param osArch      {@code os.name/os.arch}
 */
public record ExecutedRun(RunResult result, String host, String javaVersion, String ejmlVersion, String osArch)
        implements Serializable {

    /** Wraps a result with the current JVM's platform facts. */
    public static ExecutedRun here(RunResult result) {
        return new ExecutedRun(result, HOST, System.getProperty("java.version"), org.ejml.EjmlVersion.VERSION,
                System.getProperty("os.name").toLowerCase(Locale.ROOT) + "/" + System.getProperty("os.arch"));
    }

    private static final String HOST = hostName(); // a DNS lookup: once per JVM

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
