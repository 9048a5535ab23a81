package org.resweep.driver.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed specs, each with the exact message it must produce: the field path, the value found and what is
 * allowed. The base spec is valid; each case edits one thing.
 */
class SpecErrorsTest {
    static final String BASE = """
            name: t
            epochs: 10
            axes:
              shortcut: [0, 2]
              depth: [2, 4]
              init: [xavier]
              learning_rate: [0.1]
            """;

    static final String TOP_KEYS = "the keys name, description, data, width, axes, variants, seeds, epochs, hessian, spectra, weights, test_data, stop";
    static final String DEPTHS = "integers from 1 to 10000, a list of them, or {from: A, to: B, step: S}";
    static final String RATES = "finite numbers > 0, a list of them, or {from: A, to: B, per_decade: K} (values, log-spaced)";
    static final String HESSIAN = "none, init_end, or a mapping {every: K, until: U, log: C} with integers ≥ 1 "
            + "(at least every or log; until only with every)";
    static final String DATA = "mnist10k, mnist10k:train, mnist10k:test (its training / held-out split), or idx:PREFIX naming readable files PREFIX-images-idx3-ubyte[.gz] and "
            + "PREFIX-labels-idx1-ubyte[.gz] (PREFIX a local path or a Hadoop URI such as hdfs://nn/data/train)";
    static final String POSITIONS = "position sets: a string such as \"mid\" or \"pre,mid\", a list such as [pre, mid], "
            + "or none; positions are pre, mid, post";

    static String edit(String from, String to) {
        if (!BASE.contains(from)) throw new AssertionError("base lacks " + from);
        return BASE.replace(from, to);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // typos: unknown keys, with the nearest allowed key suggested
                Arguments.of(edit("epochs: 10", "epoch: 10"),
                        "epoch: unknown key 'epoch' (did you mean 'epochs'?); allowed: " + TOP_KEYS),
                Arguments.of(edit("learning_rate:", "lerning_rate:"),
                        "axes.lerning_rate: unknown key 'lerning_rate' (did you mean 'learning_rate'?); allowed: the keys "
                                + "activation, positions, shortcut, depth, init, init_scale, learning_rate"),
                Arguments.of(edit("[0.1]", "{from: 0.001, to: 1, step: 2}"),
                        "axes.learning_rate.step: unknown key 'step'; allowed: the keys from, to, per_decade"),
                // missing required fields
                Arguments.of(edit("name: t\n", ""), "name: missing (required); allowed: a safe directory name such as fig7-linear"),
                Arguments.of(edit("epochs: 10\n", ""), "epochs: missing (required); allowed: an integer ≥ 0 (the paper uses 1000)"),
                Arguments.of(edit("  init: [xavier]\n", ""),
                        "axes.init: missing (required); allowed: names from zero, small, xavier, orthogonal"),
                Arguments.of(edit("[xavier]", "[small]"),
                        "axes.init_scale: missing (required); allowed: finite numbers > 0, or a list of them (needed "
                                + "because init lists small: small = Xavier-normal × init_scale)"),
                // names
                Arguments.of(edit("name: t", "name: ../evil"),
                        "name: '../evil' is not allowed; allowed: a name of 1-64 letters, digits, '.', '_' or '-', "
                                + "starting with a letter or digit (it becomes the output directory)"),
                Arguments.of(edit("name: t", "name: [a]"),
                        "name: a list [a] is not text; allowed: a name of letters, digits, '.', '_' or '-'"),
                // wrong types
                Arguments.of(edit("epochs: 10", "epochs: ten"),
                        "epochs: 'ten' is not an integer; allowed: an integer from 0 to 100000000"),
                Arguments.of(edit("[2, 4]", "[2, 4.5]"), "axes.depth[1]: 4.5 is not an integer; allowed: " + DEPTHS),
                Arguments.of(edit("[0.1]", "['1e-3']"), "axes.learning_rate[0]: '1e-3' is not a number; allowed: " + RATES),
                Arguments.of(edit("axes:", "spectra: yes\naxes:"), "spectra: 'yes' is not true or false; allowed: true or false"),
                Arguments.of("- 1\n- 2\n", "a list [1, 2] is not a mapping; allowed: a mapping of " + TOP_KEYS),
                Arguments.of(edit("depth: [2, 4]", "depth: 99999999999999999999"),
                        "axes.depth: 99999999999999999999 is too large; allowed: " + DEPTHS),
                // empty axes, bad values
                Arguments.of(edit("[2, 4]", "[]"), "axes.depth: empty list; allowed: " + DEPTHS + " (at least one value)"),
                Arguments.of(edit("[2, 4]", "[2, 0]"), "axes.depth[1]: 0 is not allowed; allowed: " + DEPTHS),
                Arguments.of(edit("[2, 4]", "[2, 2]"), "axes.depth[1]: 2 repeats an earlier value; allowed: each value once per axis"),
                Arguments.of(edit("[2, 4]", "{from: 2, to: 8, step: 0}"),
                        "axes.depth.step: 0 is not allowed; allowed: an integer ≥ 1"),
                Arguments.of(edit("[0.1]", "[0.1, 0.01, -0.1]"),
                        "axes.learning_rate[2]: -0.1 is not allowed; allowed: " + RATES),
                Arguments.of(edit("[0.1]", "0"), "axes.learning_rate: 0 is not allowed; allowed: " + RATES),
                Arguments.of(edit("[0.1]", "[.inf]"), "axes.learning_rate[0]: Infinity is not allowed; allowed: " + RATES),
                Arguments.of(edit("[0.1]", "{from: 1e-4, to: 1}"),
                        "axes.learning_rate.per_decade: missing (required); allowed: " + RATES),
                Arguments.of(edit("[0.1]", "{from: 0.01, to: 0.001, per_decade: 2}"),
                        "axes.learning_rate.to: 0.001 is below from = 0.01; allowed: to ≥ from"),
                Arguments.of(edit("epochs: 10", "epochs: -1"), "epochs: -1 is not allowed; allowed: an integer from 0 to 100000000"),
                Arguments.of(edit("axes:", "seeds: 0\naxes:"), "seeds: 0 is not allowed; allowed: an integer from 1 to 10000"),
                Arguments.of(edit("axes:", "width: 12\naxes:"),
                        "width: 12 is not allowed; allowed: 10 only (width is fixed by the data: 10 principal components, 10 classes)"),
                // unknown names
                Arguments.of(edit("[xavier]", "[xavier, he]"),
                        "axes.init[1]: unknown name 'he'; allowed: names from zero, small, xavier, orthogonal"),
                Arguments.of(edit("axes:", "axes:\n  activation: [sigmoid]"),
                        "axes.activation[0]: unknown name 'sigmoid'; allowed: names from linear, relu, tanh, symmetric-sigmoid"),
                Arguments.of(edit("axes:", "axes:\n  activation: relu\n  positions: ['pre,middle']"),
                        "axes.positions[0]: unknown position 'middle'; allowed: " + POSITIONS),
                Arguments.of(edit("axes:", "axes:\n  activation: relu\n  positions: 'mid,mid'"),
                        "axes.positions: position 'mid' is repeated; allowed: " + POSITIONS),
                // Hessian schedule
                Arguments.of(edit("axes:", "hessian: every\naxes:"), "hessian: 'every' is not allowed; allowed: " + HESSIAN),
                Arguments.of(edit("axes:", "hessian: {every: 0}\naxes:"),
                        "hessian.every: 0 is not allowed; allowed: an integer ≥ 1 (a Hessian every K epochs)"),
                Arguments.of(edit("axes:", "hessian: {log: 5, until: 5}\naxes:"),
                        "hessian.until: until is given without every; allowed: " + HESSIAN),
                Arguments.of(edit("axes:", "hessian: {}\naxes:"), "hessian: neither every nor log is given; allowed: " + HESSIAN),
                // data
                Arguments.of(edit("axes:", "data: cifar\naxes:"), "data: 'cifar' is not allowed; allowed: " + DATA),
                Arguments.of(edit("axes:", "data: [mnist10k, 'idx:/nonexistent/x']\naxes:"),
                        "data[1]: 'idx:/nonexistent/x' is not usable: data set 'idx:/nonexistent/x': no images file "
                                + "found; tried /nonexistent/x-images-idx3-ubyte, /nonexistent/x-images-idx3-ubyte.gz, "
                                + "/nonexistent/x-images.idx3-ubyte, /nonexistent/x-images.idx3-ubyte.gz (working directory "
                                + Path.of("").toAbsolutePath() + "); allowed: " + DATA),
                // variants
                Arguments.of(BASE.replace("  init: [xavier]\n", "") + "variants:\n  - {init: xavier}\n  - {depth: 6}\n",
                        "variants[1].init: missing (required) (neither axes nor this variant sets it); allowed: names from "
                                + "zero, small, xavier, orthogonal"),
                Arguments.of(BASE + "variants:\n  - {shortcuts: 1}\n",
                        "variants[0].shortcuts: unknown key 'shortcuts' (did you mean 'shortcut'?); allowed: the keys "
                                + "activation, positions, shortcut, depth, init, init_scale, learning_rate"),
                Arguments.of(edit("[0.1]", "{from: 1e-300, to: 1e300, per_decade: 1000}"),
                        "axes.learning_rate: the range from 1.0E-300 to 1.0E300 at per_decade 1000 holds about 600001 "
                                + "values; allowed: at most 10000 values per range (fewer decades or a smaller per_decade)"),
                Arguments.of(edit("[2, 4]", "[2, 200]"),
                        "axes.depth: depth 200 gives P = 20000 parameters, whose exact Hessian needs 2.98 GiB; allowed: "
                                + "depth ≤ 163 when a Hessian is computed (P = depth·100 ≤ 16384), or hessian: none"),
                // grid size: 2000 depths × 2 shortcuts × 1000 seeds
                Arguments.of(edit("axes:", "seeds: 1000\naxes:").replace("[2, 4]", "{from: 1, to: 2000}"),
                        "axes: the grid holds 4000000 runs; allowed: at most 1000000 runs per sweep (split it into "
                                + "several sweeps)"),
                // YAML level: empty, syntax, duplicate keys, arbitrary types
                Arguments.of("", "the spec is empty; allowed: a mapping with at least name, axes, epochs"),
                Arguments.of(edit("[2, 4]", "[2, 4"),
                        "YAML error at line 6, column 7: expected ',' or ']', but got :; allowed: "
                                + "a well-formed YAML 1.2 mapping"),
                Arguments.of(edit("[2, 4]", "[2, 4]\n  depth: [8]"),
                        "YAML error at line 6, column 3: found duplicate key depth; allowed: a well-formed YAML 1.2 mapping"),
                Arguments.of(edit("name: t", "name: !!java.lang.ProcessBuilder [ls]"),
                        "YAML error at line 1, column 7: could not determine a constructor for the tag "
                                + "tag:yaml.org,2002:java.lang.ProcessBuilder; allowed: a well-formed YAML 1.2 mapping"),
                Arguments.of("1: a\n", "key 1 is not a name; allowed: keys that are names"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void malformedSpecIsRejectedWithItsMessage(String yaml, String expected) {
        SpecException e = assertThrows(SpecException.class, () -> SweepSpecParser.parse(yaml, null));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void atLeastTwentyMalformedSpecs() {
        assertTrue(cases().count() >= 20);
    }

    @Test
    void baseSpecIsValid() {
        assertEquals("t", SweepSpecParser.parse(BASE, null).name());
    }

    @Test
    void messagesFromAFileStartWithItsName(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, edit("[2, 4]", "[2, -4]"), StandardCharsets.UTF_8);
        SpecException e = assertThrows(SpecException.class, () -> SweepSpecParser.parse(f));
        assertEquals(f + ": axes.depth[1]: -4 is not allowed; allowed: " + DEPTHS, e.getMessage());
        assertEquals("axes.depth[1]", e.path());
    }

    /** Case run-bad-spec-stacktrace: what `plan` and `run` both read through {@link SweepSpecParser#readText}. */
    @Test
    void directoryAndNonUtf8FilesAreBadInput(@TempDir Path dir) throws IOException {
        Path d = Files.createDirectory(dir.resolve("d.yaml"));
        assertEquals(d + ": is a directory; allowed: a readable YAML file",
                assertThrows(SpecException.class, () -> SweepSpecParser.parse(d)).getMessage());
        Path latin1 = Files.write(dir.resolve("latin1.yaml"), "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(latin1 + ": is not UTF-8 text; allowed: a UTF-8 YAML file",
                assertThrows(SpecException.class, () -> SweepSpecParser.readText(latin1)).getMessage());
        Path big = Files.writeString(dir.resolve("big.yaml"), "#".repeat(SweepSpecParser.MAX_FILE_BYTES + 1));
        assertEquals(big + ": is 1048577 bytes; allowed: a YAML file of at most 1 MiB (1048576 bytes)",
                assertThrows(SpecException.class, () -> SweepSpecParser.parse(big)).getMessage());
        Path limit = Files.writeString(dir.resolve("limit.yaml"), BASE + "#".repeat(SweepSpecParser.MAX_FILE_BYTES - BASE.length()));
        assertEquals("t", SweepSpecParser.parse(limit).name(), "exactly 1 MiB is allowed");
    }

    @Test
    void missingFileIsABadInputNotACrash(@TempDir Path dir) {
        Path f = dir.resolve("absent.yaml");
        SpecException e = assertThrows(SpecException.class, () -> SweepSpecParser.parse(f));
        assertTrue(e.getMessage().startsWith(f + ": cannot be read (NoSuchFileException"), e.getMessage());
    }
}
