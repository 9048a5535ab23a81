package org.resweep.jobs;

import java.io.PrintWriter;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A result line of a command: printed on stdout and logged (INFO, logger {@code org.resweep}), so that it also
 * reaches the driver's log on a cluster (resweep's own local log configuration shows warnings only: no duplicate).
 */
final class Announce {
    private static final Logger LOG = LogManager.getLogger("org.resweep");

    private Announce() {}

    static void line(PrintWriter out, String text) {
        out.println(text);
        out.flush();
        LOG.info(text);
    }
}
