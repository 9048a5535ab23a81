package org.resweep.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Which process ids {@link StderrFilter} accepts as the launcher's filter: live children of this JVM (the waiting itself is in LauncherIT). */
class StderrFilterTest {

    @Test
    void onlyALiveOtherProcessIsAFilter() throws Exception {
        assertEquals(Optional.empty(), StderrFilter.filter(null), "not started by the launcher");
        assertEquals(Optional.empty(), StderrFilter.filter(""));
        assertEquals(Optional.empty(), StderrFilter.filter("12x"));
        assertEquals(Optional.empty(), StderrFilter.filter("-1"));
        assertEquals(Optional.empty(), StderrFilter.filter("0"));
        assertEquals(Optional.empty(), StderrFilter.filter("99999999999999999999"), "too long for a process id");
        assertEquals(Optional.empty(), StderrFilter.filter(Long.toString(ProcessHandle.current().pid())), "not itself");
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        assertEquals(Optional.empty(), StderrFilter.filter(Long.toString(parent)), "not a process this JVM did not fork");

        Process p = new ProcessBuilder("sleep", "60").start();
        try {
            Optional<ProcessHandle> h = StderrFilter.filter(Long.toString(p.pid()));
            assertTrue(h.isPresent());
            assertEquals(p.pid(), h.get().pid());
        } finally {
            p.destroy();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        }
        assertEquals(Optional.empty(), StderrFilter.filter(Long.toString(p.pid())), "an ended process");
    }
}
