package org.resweep.jobs;

import org.resweep.driver.results.SweepProvenance;
import picocli.CommandLine;

/**
 * {@code resweep --version}: the code version as recorded in every result row ({@code code_version}: version, git
 * commit, {@code .dirty} when the work tree had uncommitted changes at build time), the commit spelled out, and the
 * Java runtime.
 */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        SweepProvenance.Build b = SweepProvenance.currentBuild();
        String commit = b.commit() == null ? "unknown (built without git)"
                : b.commit() + (Boolean.TRUE.equals(b.dirty()) ? " (work tree modified)" : "");
        return new String[] {"resweep " + b.codeVersion(), "commit " + commit,
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
