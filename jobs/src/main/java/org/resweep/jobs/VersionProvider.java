package org.resweep.jobs;

import picocli.CommandLine;

/** Prints the code version (from the jar manifest when packaged) and the Java runtime. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"resweep " + (v == null ? "dev" : v), "Java " + System.getProperty("java.version")};
    }
}
