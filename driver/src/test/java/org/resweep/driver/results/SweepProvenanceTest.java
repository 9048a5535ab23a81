package org.resweep.driver.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The code version recorded in every row (code_version) and printed by {@code resweep --version}. */
class SweepProvenanceTest {
    @Test
    void codeVersionCarriesCommitAndDirtyFlag() {
        assertEquals("0.1.0+g1a2b3c4d5e", new SweepProvenance.Build("0.1.0", "1a2b3c4d5e", false).codeVersion());
        assertEquals("0.1.0+g1a2b3c4d5e.dirty", new SweepProvenance.Build("0.1.0", "1a2b3c4d5e", true).codeVersion());
        assertEquals("0.1.0", new SweepProvenance.Build("0.1.0", null, null).codeVersion());
    }

    @Test
    void currentBuildComesFromTheBuildAndNamesTheCheckedOutCommit() throws Exception {
        SweepProvenance.Build b = SweepProvenance.currentBuild();
        assertNotEquals("dev", b.version(), "resweep-version.properties was not filtered by Maven");
        assertTrue(b.version().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), b.version());
        assertEquals(b.codeVersion(), SweepProvenance.currentCodeVersion());
        String head = gitHead();
        if (head != null) {  // built from a git work tree: the commit is HEAD's (the build ran just before the tests)
            assertEquals(head, b.commit());
            assertNotNull(b.dirty());
        }
    }

    /** HEAD of the project's own git work tree (the parent of this module), or null (no git, not a work tree). */
    private static String gitHead() {
        try {
            Path root = Path.of("..").toRealPath();
            String top = git(root, "rev-parse", "--show-toplevel");
            if (top == null || !Path.of(top).toRealPath().equals(root)) return null;
            String head = git(root, "rev-parse", "--short=10", "HEAD");
            return head != null && head.matches("[0-9a-f]{10}") ? head : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String git(Path dir, String... args) throws Exception {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "git";
        cmd[1] = "-C";
        cmd[2] = dir.toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.waitFor() == 0 ? s : null;
    }
}
