package org.resweep.driver.results;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Driver-side provenance shared by every row of a sweep session.
 *
 * @param sweepId      the sweep's id (sweep.json)
 * @param codeVersion  resweep version and git commit ({@link #currentCodeVersion()})
 * @param sparkVersion Spark version of the driver
 */
public record SweepProvenance(String sweepId, String codeVersion, String sparkVersion) implements java.io.Serializable {

    /**
     * What the running resweep was built from, read from the build-generated resources
     * {@code resweep-version.properties} (the Maven project version) and {@code resweep-git.properties} (written by
     * {@code scripts/git-version} during the build).
     *
     * @param version the project version, e.g. {@code 0.1.0-SNAPSHOT}; {@code dev} when not built by Maven
     * @param commit  the abbreviated git commit (10 hex digits), or null when the build ran without git
     * @param dirty   whether the work tree differed from the commit at build time (changed, deleted or
     *                new files not ignored by git); null when {@code commit} is null
     */
    public record Build(String version, String commit, Boolean dirty) {

        /**
         * The code version recorded in every result row ({@code code_version}): {@code VERSION+gCOMMIT}, with
         * {@code .dirty} appended when the work tree was modified — e.g. {@code 0.1.0-SNAPSHOT+g1a2b3c4d5e.dirty} —
         * or just {@code VERSION} when the commit is unknown.
         */
        public String codeVersion() {
            if (commit == null) return version;
            return version + "+g" + commit + (Boolean.TRUE.equals(dirty) ? ".dirty" : "");
        }
    }

    /** The build this code comes from (see {@link Build}); never throws. */
    public static Build currentBuild() {
        Properties v = load("/resweep-version.properties");
        Properties g = load("/resweep-git.properties");
        String version = value(v, "version");
        String commit = value(g, "commit");
        String dirty = value(g, "dirty");
        return new Build(version == null ? "dev" : version, commit,
                commit == null || dirty == null ? null : Boolean.valueOf(dirty));
    }

    /** {@link Build#codeVersion()} of {@link #currentBuild()}, e.g. {@code 0.1.0-SNAPSHOT+g1a2b3c4d5e}. */
    public static String currentCodeVersion() {
        return currentBuild().codeVersion();
    }

    private static Properties load(String resource) {
        Properties p = new Properties();
        try (InputStream in = SweepProvenance.class.getResourceAsStream(resource)) {
            if (in != null) p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            // unreadable: treated as absent
        }
        return p;
    }

    /** A property's trimmed value; null when missing, empty or an unfilled Maven placeholder. */
    private static String value(Properties p, String key) {
        String s = p.getProperty(key);
        if (s == null) return null;
        s = s.trim();
        return s.isEmpty() || s.contains("${") ? null : s;
    }
}
