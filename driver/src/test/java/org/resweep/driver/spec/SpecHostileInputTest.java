package org.resweep.driver.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Specs that would take unbounded memory or time if read or expanded naively: huge, endless and streaming files,
 * grids whose run count overflows a long, alias bombs, deep nesting, per-run checkpoint lists of 10⁸ epochs.
 * Runs in the surefire execution {@code hostile-inputs-small-heap} (-Xmx256m), where reading or expanding any of
 * them whole throws OutOfMemoryError (or StackOverflowError) instead of the one-line message asserted here.
 */
class SpecHostileInputTest {
    static final String BASE = "name: t\nepochs: 10\naxes: {shortcut: 0, depth: 2, init: xavier, learning_rate: 0.1}\n";

    @TempDir Path dir;

    @BeforeAll
    static void smallHeap() {
        Assumptions.assumeTrue(System.getProperty("resweep.smallHeap") != null, "runs in the small-heap execution");
        assertTrue(Runtime.getRuntime().maxMemory() <= 300L << 20, "heap " + Runtime.getRuntime().maxMemory());
    }

    @Test
    void hugeFileIsRefusedByItsSizeBeforeReading() throws IOException {
        Path f = Files.writeString(dir.resolve("huge.yaml"), BASE);
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(3L << 30); // 3 GiB, sparse
        }
        SpecException e = assertThrows(SpecException.class, () -> SweepSpecParser.parse(f));
        assertEquals(f + ": is 3221225472 bytes; allowed: a YAML file of at most 1 MiB (1048576 bytes)", e.getMessage());
    }

    @Test
    void endlessDeviceIsReadOnlyUpToTheLimit() {
        Path zero = Path.of("/dev/zero");
        Assumptions.assumeTrue(Files.isReadable(zero), "no /dev/zero here");
        SpecException e = assertThrows(SpecException.class, () -> SweepSpecParser.parse(zero));
        assertEquals("/dev/zero: is more than 1048576 bytes; allowed: a YAML file of at most 1 MiB (1048576 bytes)",
                e.getMessage());
    }

    @Test
    void endlessPipeIsReadOnlyUpToTheLimit() throws Exception {
        Path fifo = dir.resolve("spec.fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo is not available");
        Thread writer = new Thread(() -> {
            byte[] line = "# an endless comment line, written until the reader stops reading\n".getBytes();
            try (OutputStream out = Files.newOutputStream(fifo)) {
                while (true) out.write(line);
            } catch (IOException expected) {
                // broken pipe: the reader stopped after 1 MiB + 1 byte
            }
        });
        writer.setDaemon(true);
        writer.start();
        SpecException e = assertThrows(SpecException.class, () -> SweepSpecParser.parse(fifo));
        assertEquals(fifo + ": is more than 1048576 bytes; allowed: a YAML file of at most 1 MiB (1048576 bytes)",
                e.getMessage());
        // no join: the daemon writer ends on the broken pipe once the reader closed its end
    }

    /** The case spec-grid-count-overflow: 10 variants of about 10¹⁴ points each, 10,000 seeds: more runs than a long holds. */
    @Test
    void gridRunCountBeyondALongIsRefusedExactlyBeforeExpansion() {
        String variant = "  - {activation: [linear, relu, tanh, symmetric-sigmoid], positions: [pre, mid, post, 'pre,mid', "
                + "'pre,post', 'mid,post', 'pre,mid,post', none], shortcut: {from: 0, to: 10000}, depth: {from: 1, to: 10000}, "
                + "init: [zero, xavier, orthogonal, small], init_scale: 0.01, learning_rate: {from: 1e-300, to: 1e300, "
                + "per_decade: 16}}\n";
        String yaml = "name: overflow\nseeds: 10000\nepochs: 1\nhessian: none\nvariants:\n" + variant.repeat(10);
        SpecException e = assertThrows(SpecException.class, () -> SweepSpecParser.parse(yaml, "grid-overflow.yaml"));
        // per variant: (1 linear + 3 activations × 8 position sets) × 10001 shortcuts × 10000 depths × 4 inits × 9601 rates
        BigInteger perVariant = BigInteger.valueOf(25L * 10001 * 10000 * 4).multiply(BigInteger.valueOf(9601));
        BigInteger runs = perVariant.multiply(BigInteger.valueOf(10 * 10000L));
        assertTrue(runs.bitLength() > 63, "the case's run count exceeds a long");
        assertEquals("grid-overflow.yaml: axes: the grid holds " + runs + " runs; allowed: at most 1000000 runs per sweep "
                + "(split it into several sweeps)", e.getMessage());
    }

    @Test
    void aliasBombIsRefusedByTheExpandedNodeCount() {
        // 25 levels, each a list of two aliases of the level below: 50 aliases (snakeyaml's own limit), 2^25 leaves.
        StringBuilder defs = new StringBuilder("x0: &a0 [lol]\n");
        for (int i = 1; i <= 25; i++) defs.append("x").append(i).append(": &a").append(i).append(" [*a").append(i - 1)
                .append(", *a").append(i - 1).append("]\n");
        String yaml = "bomb:\n" + defs.toString().indent(2) + BASE.replace("epochs: 10", "epochs: *a25");
        SpecException e = assertThrows(SpecException.class, () -> SweepSpecParser.parse(yaml, null));
        assertEquals("the document expands to more than 100000 nodes (values, lists and mappings; an alias counts the "
                + "whole value it repeats); allowed: a sweep spec of at most 100000 nodes", e.getMessage());
    }

    @Test
    void deepNestingIsRefusedBeforeTheRecursiveComposer() {
        String yaml = BASE + "description: " + "[".repeat(200_000) + "]".repeat(200_000) + "\n";
        SpecException e = assertThrows(SpecException.class, () -> SweepSpecParser.parse(yaml, null));
        assertEquals("lists and mappings are nested more than 64 deep; allowed: a sweep spec nested at most 64 levels",
                e.getMessage());
    }

    @Test
    void recursiveAliasIsRefused() {
        String yaml = BASE + "description: &r [a, *r]\n";
        SpecException e = assertThrows(SpecException.class, () -> SweepSpecParser.parse(yaml, null));
        assertEquals("alias *r refers to a value that contains it; allowed: aliases to complete values only (no "
                + "recursive values)", e.getMessage());
    }

    @Test
    void checkpointListOfHundredMillionEpochsIsCountedNotBuilt() {
        String yaml = BASE.replace("epochs: 10", "epochs: 100000000\nhessian: {every: 1}");
        SpecException e = assertThrows(SpecException.class, () -> SweepSpecParser.parse(yaml, null));
        assertEquals("hessian: gives 100000001 Hessian checkpoints per run of 100000000 epochs; allowed: at most 100000 "
                + "checkpoints per run (a larger every, an until, or a smaller log)", e.getMessage());
        // a long run with a sparse schedule plans (cost from the count, not from a list)
        SweepPlan plan = SweepPlan.of(SweepSpecParser.parse(BASE.replace("epochs: 10",
                "epochs: 100000000\nhessian: {every: 10000}"), null));
        assertEquals(1, plan.tasks().size());
        assertTrue(plan.totalCost() > 0);
    }

    @Test
    void millionDigitNumberIsRefusedOnTheEventStreamBeforeConversion() throws IOException {
        // Converting it (BigInteger in the YAML resolver) took about a minute; it is refused by its length first.
        Path f = Files.writeString(dir.resolve("bignum.yaml"), BASE + "description: " + "9".repeat(1_000_000) + "\n");
        SpecException e = assertThrows(SpecException.class, () -> SweepSpecParser.parse(f));
        assertEquals(f + ": description: a number of 1000000 characters (" + "9".repeat(80) + "…(1000000 chars)) is not "
                + "allowed; allowed: numbers of at most 100 characters (quote it to make it text)", e.getMessage());
        Path g = Files.writeString(dir.resolve("bigfloat.yaml"), BASE.replace("learning_rate: 0.1",
                "learning_rate: [0.1, 0." + "1".repeat(5000) + "]"));
        SpecException eg = assertThrows(SpecException.class, () -> SweepSpecParser.parse(g));
        assertTrue(eg.getMessage().startsWith(g + ": axes.learning_rate[1]: a number of 5002 characters (0.111"),
                eg.getMessage());
    }

    @Test
    void overlongTextScalarIsRefusedWithItsField() throws IOException {
        Path f = Files.writeString(dir.resolve("longtext.yaml"), BASE + "description: '" + "a".repeat(20_000) + "'\n");
        SpecException e = assertThrows(SpecException.class, () -> SweepSpecParser.parse(f));
        assertEquals(f + ": description: a text of 20000 characters ('" + "a".repeat(80) + "…(20000 chars)') is not "
                + "allowed; allowed: at most 10000 characters", e.getMessage());
        // a long description within the limit, and a quoted long digit string (text), are fine
        Path ok = Files.writeString(dir.resolve("ok.yaml"), BASE + "description: '" + "9".repeat(9_000) + "'\n");
        assertEquals("9".repeat(9_000), SweepSpecParser.parse(ok).description());
    }
}
