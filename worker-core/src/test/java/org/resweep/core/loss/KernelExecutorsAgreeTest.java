package org.resweep.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The determinism contract across executors: {@link DataPath} and {@link DataHessian} give the same bits with
 * 8-lane (AVX-512), 4-lane (AVX2, forced here with {@code -XX:MaxVectorSize=32}) and scalar kernels. The kernel
 * choice is fixed per JVM, so {@link KernelProbe} runs in child JVMs and its fingerprints are compared with this
 * JVM's.
 */
class KernelExecutorsAgreeTest {
    /** Child JVM run time limit: a probe takes ~2 s on the 2-core dev machine. */
    private static final long CHILD_TIMEOUT_S = 120;

    static List<String> runProbe(String... flags) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-Xmx512m"));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), KernelProbe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(CHILD_TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("probe " + List.of(flags) + " did not finish in " + CHILD_TIMEOUT_S + " s");
        }
        assertEquals(0, p.exitValue(), "probe " + List.of(flags) + " exit code; output:\n" + out);
        return out.lines().toList();
    }

    /** {@code child} is the implementation line followed by fingerprints that must equal {@code here}, line by line. */
    static void assertSameBits(List<String> here, List<String> child, String what) {
        assertEquals(here.size(), child.size() - 1, what + ": fingerprint count; output " + child);
        for (int k = 0; k < here.size(); k++) {
            assertEquals(here.get(k), child.get(k + 1), what + " vs " + Kernels.implementation() + " (this JVM)");
        }
    }

    @Test
    void fourLaneAndScalarKernelsGiveTheBitsOfThisJvm() throws Exception {
        List<String> here = KernelProbe.fingerprints();
        List<String> scalar = runProbe("-Dresweep.scalarKernels=true");
        assertEquals("scalar", scalar.get(0));
        assertSameBits(here, scalar, "scalar kernels");

        assumeTrue(Kernels.VECTOR_LANES >= 4, "this JVM has no 4-lane double vectors (" + Kernels.implementation() + ")");
        List<String> four = runProbe("-XX:MaxVectorSize=32");
        assertEquals("vector(4 lanes)", four.get(0), "-XX:MaxVectorSize=32 selects the 4-lane kernels");
        assertSameBits(here, four, "4-lane kernels");
    }
}
