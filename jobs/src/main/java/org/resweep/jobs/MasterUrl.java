package org.resweep.jobs;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import org.apache.spark.scheduler.ExternalClusterManager;

/**
 * Checks a Spark master URL before Spark starts: its form (a malformed URL is bad input, exit 2, one line) and, for a
 * standalone master ({@code spark://HOST:PORT[,HOST:PORT...]}), that some master accepts a connection within
 * {@code -Dresweep.masterConnectSeconds} (default 10) — Spark itself retries for over a minute and then fails with
 * an unrelated message.
 */
final class MasterUrl {
    private MasterUrl() {}

    /** The forms Spark's own schedulers accept (local and standalone); others need a cluster manager on the class path. */
    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9]\\d*)(,[1-9]\\d*)?\\])?"),
            LOCAL_CLUSTER = Pattern.compile("local-cluster\\[[1-9]\\d*, *[1-9]\\d*, *[1-9]\\d*\\]"),
            STANDALONE = Pattern.compile("spark://[^\\s:/,]+:\\d{1,5}(,[^\\s:/,]+:\\d{1,5})*");

    static final String ALLOWED = "local, local[N], local[*], local[N,F], spark://HOST:PORT[,HOST:PORT...], "
            + "or yarn / k8s://URL where Spark's YARN / Kubernetes support is installed (spark-submit)";

    /** A standalone master that accepts no connection. */
    static final class UnreachableException extends ExitCodes.EnvironmentFailure {
        private static final long serialVersionUID = 1L;

        UnreachableException(String message) { super(message, null); }
    }

    /** Throws {@link ExitCodes.UserError} naming {@code source} unless {@code url} is a master Spark can use here. */
    static void check(String url, String source) {
        String u = url.trim();
        if (LOCAL.matcher(u).matches() || LOCAL_CLUSTER.matcher(u).matches() || STANDALONE.matcher(u).matches()) return;
        for (ExternalClusterManager m : ServiceLoader.load(ExternalClusterManager.class, Thread.currentThread().getContextClassLoader())) {
            if (m.canCreate(u)) return;
        }
        throw new ExitCodes.UserError(source + ": '" + url + "' is not allowed; allowed: " + ALLOWED);
    }

    /** For a {@code spark://} URL: returns once one of its masters accepts a TCP connection, else throws {@link UnreachableException}. */
    static void probe(String url) {
        if (!url.startsWith("spark://")) return;
        int timeoutMs = (int) (1000 * Double.parseDouble(System.getProperty("resweep.masterConnectSeconds", "10")));
        List<String> why = new ArrayList<>();
        for (String hp : url.substring("spark://".length()).split(",")) {
            int colon = hp.lastIndexOf(':');
            String host = hp.substring(0, colon);
            int port = Integer.parseInt(hp.substring(colon + 1));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), timeoutMs);
                return;
            } catch (UnknownHostException e) {
                why.add(hp + ": unknown host");
            } catch (ConnectException e) {
                why.add(hp + ": connection refused");
            } catch (SocketTimeoutException e) {
                why.add(hp + ": no answer within " + timeoutMs / 1000.0 + " s");
            } catch (IOException | IllegalArgumentException e) {
                why.add(hp + ": " + e.getMessage());
            }
        }
        throw new UnreachableException("cannot reach Spark master " + url + " (" + String.join("; ", why) + ")");
    }
}
