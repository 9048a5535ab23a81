package org.resweep.driver.results;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Driver-side provenance shared by every row of a sweep session.
 *
 * @param sweepId      the sweep's id (sweep.json)
 * @param codeVersion  resweep version ({@link #currentCodeVersion()})
 * @param sparkVersion Spark version of the driver
 */
public record SweepProvenance(String sweepId, String codeVersion, String sparkVersion) implements java.io.Serializable {

    /** The resweep version, from the build-generated {@code resweep-version.properties} ({@code version+commit}). */
    public static String currentCodeVersion() {
        try (InputStream in = SweepProvenance.class.getResourceAsStream("/resweep-version.properties")) {
            if (in == null) return "dev";
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "dev");
            return v.contains("${") ? "dev" : v;
        } catch (IOException e) {
            return "dev";
        }
    }
}
