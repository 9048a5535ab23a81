package org.resweep.driver.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.resweep.core.net.Activation;
import org.resweep.core.net.InitKind;
import org.resweep.core.net.Position;
import org.resweep.core.train.HessianSchedule;

/** Valid specs: defaults, the list/single/range forms of axes, Hessian schedules and the sweep id. */
class SweepSpecParserTest {
    static SweepSpec parse(String yaml) { return SweepSpecParser.parse(yaml, null); }

    static String withAxes(String axes) {
        return "name: t\nepochs: 10\naxes:\n  shortcut: 2\n  depth: 2\n  init: xavier\n  learning_rate: 0.1\n" + axes;
    }

    @Test
    void defaultsApplyWhenKeysAreLeftOut() {
        SweepSpec s = parse(withAxes(""));
        assertEquals(List.of(new DataSource("mnist10k", 10_000)), s.data());
        assertEquals(10, s.width());
        assertEquals(1, s.seeds());
        assertEquals(HessianSchedule.INIT_AND_END, s.hessian());
        assertEquals(false, s.spectra());
        Axes a = s.variants().get(0);
        assertEquals(List.of(Activation.LINEAR), a.activation());
        assertEquals(List.of(EnumSet.of(Position.MID)), a.positions());
        assertEquals(List.of(1.0), a.initScale());
        assertEquals(List.of(2), a.shortcut());
        assertEquals(List.of(2), a.depth());
        assertEquals(List.of(InitKind.XAVIER), a.init());
        assertEquals(List.of(0.1), a.learningRate());
    }

    @Test
    void learningRateRangeIsLogSpacedInValues() {
        SweepSpec s = parse(withAxes("").replace("learning_rate: 0.1", "learning_rate: {from: 1e-4, to: 1.0, per_decade: 2}"));
        // sqrt(10) = 3.16227766016838..., kept to 12 significant digits
        assertEquals(List.of(1e-4, 3.16227766017e-4, 1e-3, 3.16227766017e-3, 0.01, 0.0316227766017, 0.1, 0.316227766017, 1.0),
                s.variants().get(0).learningRate());
    }

    @Test
    void learningRateRangeStopsBelowAnOffGridEnd() {
        SweepSpec s = parse(withAxes("").replace("learning_rate: 0.1", "learning_rate: {from: 0.001, to: 0.5, per_decade: 3}"));
        // 10^(1/3) = 2.15443469003188..., 10^(2/3) = 4.64158883361278...
        assertEquals(List.of(0.001, 0.00215443469003, 0.00464158883361, 0.01, 0.0215443469003, 0.0464158883361, 0.1,
                0.215443469003, 0.464158883361), s.variants().get(0).learningRate());
    }

    /** Case spec-lr-range-overflow: the next grid value would overflow double; the range ends before it. */
    @Test
    void learningRateRangeEndsBeforeTheLargestDouble() {
        SweepSpec one = parse(withAxes("").replace("learning_rate: 0.1", "learning_rate: {from: 1e308, to: 1e308, per_decade: 1}"));
        assertEquals(List.of(1e308), one.variants().get(0).learningRate());
        SweepSpec max = parse(withAxes("").replace("learning_rate: 0.1",
                "learning_rate: {from: 1e300, to: 1.7976931348623157e308, per_decade: 1}"));
        assertEquals(List.of(1e300, 1e301, 1e302, 1e303, 1e304, 1e305, 1e306, 1e307, 1e308),
                max.variants().get(0).learningRate());
    }

    @Test
    void deepNetworksWithoutAHessianAreAllowed() {
        SweepSpec s = parse(withAxes("").replace("depth: 2", "depth: 10000").replace("shortcut: 2", "shortcut: 0")
                .replace("epochs: 10", "epochs: 10\nhessian: none"));
        assertEquals(List.of(10000), s.variants().get(0).depth());
    }

    @Test
    void depthRangeAndSingleValues() {
        SweepSpec s = parse(withAxes("").replace("depth: 2", "depth: {from: 2, to: 9, step: 3}").replace("shortcut: 2", "shortcut: 0"));
        assertEquals(List.of(2, 5, 8), s.variants().get(0).depth());
        SweepSpec t = parse(withAxes("").replace("depth: 2", "depth: {from: 3, to: 5}"));
        assertEquals(List.of(3, 4, 5), t.variants().get(0).depth());
    }

    @Test
    void positionForms() {
        SweepSpec s = parse(withAxes("  activation: [relu, linear]\n  positions: [mid, 'pre,post', [pre, mid], none]\n"));
        Axes a = s.variants().get(0);
        assertEquals(List.of(Activation.RELU, Activation.LINEAR), a.activation());
        assertEquals(List.<Set<Position>>of(EnumSet.of(Position.MID), EnumSet.of(Position.PRE, Position.POST),
                EnumSet.of(Position.PRE, Position.MID), EnumSet.noneOf(Position.class)), a.positions());
        SweepSpec one = parse(withAxes("  activation: tanh\n  positions: 'pre, mid'\n"));
        assertEquals(List.of(EnumSet.of(Position.PRE, Position.MID)), one.variants().get(0).positions());
    }

    @Test
    void hessianForms() {
        assertEquals(HessianSchedule.NONE, parse(withAxes("hessian: none\n")).hessian());
        assertEquals(HessianSchedule.INIT_AND_END, parse(withAxes("hessian: init_end\n")).hessian());
        assertEquals(HessianSchedule.every(10), parse(withAxes("hessian: {every: 10}\n")).hessian());
        assertEquals(HessianSchedule.logSpaced(20), parse(withAxes("hessian: {log: 20}\n")).hessian());
        assertEquals(new HessianSchedule(true, 1, 100, 30),
                parse(withAxes("hessian: {every: 1, until: 100, log: 30}\n")).hessian());
        assertTrue(parse(withAxes("spectra: true\n")).spectra());
    }

    @Test
    void testDataReachesEveryRunAndIsValidated() {
        SweepSpec s = parse(withAxes("test_data: mnist10k:test\n").replace("name: t\n", "name: t\ndata: mnist10k:train\n"));
        assertEquals("mnist10k:test", s.testDataName());
        assertEquals(2000, s.testData().samples());
        assertEquals(8000, s.data().get(0).samples());
        assertTrue(s.canonical().contains("test_data=mnist10k:test\n"));
        assertTrue(SweepPlan.of(s).tasks().stream().allMatch(t -> t.config().testData().equals("mnist10k:test")));
        assertEquals("", parse(withAxes("")).testDataName());
        SpecException e = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class,
                () -> parse(withAxes("test_data: mnist10k:holdout\n")));
        assertTrue(e.getMessage().contains("test_data") && e.getMessage().contains("mnist10k:test"), e.getMessage());
    }

    @Test
    void stopRuleReachesEveryRunAndIsValidated() {
        SweepSpec s = parse(withAxes("stop: {window: 200, rel_tol: 1e-3}\n").replace("epochs: 10", "epochs: 1000"));
        assertEquals(new org.resweep.core.train.StopRule(200, 1e-3), s.stop());
        assertTrue(s.canonical().contains("stop=200:0.001\n"), s.canonical());
        assertTrue(SweepPlan.of(s).tasks().stream().allMatch(t -> t.config().stop().equals(s.stop())
                && t.config().canonical().contains(";stop=200:0.001;")));
        SweepSpec none = parse(withAxes(""));
        assertFalse(none.stop().enabled());
        assertFalse(none.canonical().contains("stop"), "specs without stop keep their sweep ids");
        assertFalse(SweepPlan.of(none).tasks().get(0).config().canonical().contains("stop"), "runs without stop keep their ids");
        for (String[] c : new String[][] {{"stop: {window: 0, rel_tol: 1e-3}\n", "stop.window"}, {"stop: {window: 10, rel_tol: -1}\n", "stop.rel_tol"},
                {"stop: {window: 10}\n", "stop.rel_tol"}, {"stop: {windw: 10, rel_tol: 0.1}\n", "did you mean 'window'"},
                {"stop: 10\n", "stop"}, {"stop: {window: 10, rel_tol: fast}\n", "stop.rel_tol"}}) {
            SpecException e = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class, () -> parse(withAxes(c[0])), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    /** A window longer than the epochs could never stop a run: an error naming both and the allowed range. */
    @Test
    void stopWindowLongerThanTheEpochsIsRejected() {
        SpecException e = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class,
                () -> parse(withAxes("stop: {window: 11, rel_tol: 1e-3}\n")));
        assertEquals("stop.window: 11 is more than epochs (10): the rule could never stop a run; allowed: an integer from 1 to 10 "
                + "(the epochs), or leave stop out", e.getMessage());
        assertEquals(new org.resweep.core.train.StopRule(10, 1e-3), parse(withAxes("stop: {window: 10, rel_tol: 1e-3}\n")).stop());
        SpecException zero = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class,
                () -> parse(withAxes("stop: {window: 1, rel_tol: 1e-3}\n").replace("epochs: 10", "epochs: 0")));
        assertTrue(zero.getMessage().startsWith("stop.window: 1 is more than epochs (0)") && zero.getMessage().contains("leave stop out"),
                zero.getMessage());
    }

    /**
     * An integer rel_tol beyond 64 bits is a number (the nearest double, as learning_rate reads one), not "not a number";
     * one of more than 100 digits is rejected naming its length.
     */
    @Test
    void hugeIntegerRelTolIsANumber() {
        assertEquals(1e20, parse(withAxes("stop: {window: 5, rel_tol: 99999999999999999999}\n")).stop().relTol());
        SpecException e = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class,
                () -> parse(withAxes("stop: {window: 5, rel_tol: 1" + "0".repeat(400) + "}\n")));
        assertTrue(e.getMessage().startsWith("stop.rel_tol: a number of 401 characters") && !e.getMessage().contains("not a number"),
                e.getMessage());
    }

    /** A number beyond a double's range is named as the user wrote it, not as the Infinity or 0.0 it would become. */
    @Test
    void numbersOutOfDoubleRangeAreEchoedAsWritten() {
        for (String[] c : new String[][] {{"1e400", "beyond the range"}, {"-1.5E+999", "beyond the range"},
                {"1e-400", "too small"}, {"2.5e-9999", "too small"}}) {
            SpecException e = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class,
                    () -> parse(withAxes("").replace("learning_rate: 0.1", "learning_rate: " + c[0])));
            assertTrue(e.getMessage().contains("learning_rate") && e.getMessage().contains(c[0] + " is " + c[1])
                    && !e.getMessage().contains("Infinity") && !e.getMessage().contains("0.0 is"), e.getMessage());
        }
        SpecException e = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class,
                () -> parse(withAxes("").replace("learning_rate: 0.1", "learning_rate: [0.1, 1e400]")));
        assertTrue(e.getMessage().contains("learning_rate[1]") && e.getMessage().contains("1e400"), e.getMessage());
        SpecException zero = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class,
                () -> parse(withAxes("").replace("learning_rate: 0.1", "learning_rate: 0.0e-400")));
        assertTrue(!zero.getMessage().contains("too small"), "an exact zero is zero: " + zero.getMessage());
    }

    @Test
    void weightsOptionReachesEveryRunAndOnlyChangesIdsWhenSet() {
        SweepSpec off = parse(withAxes("")), on = parse(withAxes("weights: true\n"));
        assertEquals(false, off.weights());
        assertTrue(on.weights());
        assertEquals(off.canonical() + "", parse(withAxes("weights: false\n")).canonical());
        assertTrue(on.canonical().contains("weights=true\n") && !off.canonical().contains("weights"));
        assertTrue(SweepPlan.of(on).tasks().stream().allMatch(t -> t.config().storeWeights()));
        assertTrue(SweepPlan.of(off).tasks().stream().noneMatch(t -> t.config().storeWeights()));
    }

    @Test
    void smallInitKeepsItsScalesOthersCollapseToOne() {
        SweepSpec s = parse(withAxes("  init_scale: [0.01, 0.1]\n").replace("init: xavier", "init: [small, zero]"));
        assertEquals(List.of(0.01, 0.1), s.variants().get(0).initScale());
        SweepSpec t = parse(withAxes("  init_scale: [0.01, 0.1]\n"));
        assertEquals(List.of(1.0), t.variants().get(0).initScale());
    }

    @Test
    void variantsOverrideWholeAxes() {
        SweepSpec s = parse(withAxes("variants:\n  - {shortcut: 0, init: [xavier, orthogonal]}\n  - {shortcut: [1, 2]}\n"));
        assertEquals(2, s.variants().size());
        assertEquals(List.of(0), s.variants().get(0).shortcut());
        assertEquals(List.of(InitKind.XAVIER, InitKind.ORTHOGONAL), s.variants().get(0).init());
        assertEquals(List.of(1, 2), s.variants().get(1).shortcut());
        assertEquals(List.of(InitKind.XAVIER), s.variants().get(1).init());
    }

    @Test
    void sweepIdIgnoresFormattingButNotContent() {
        String a = "name: s\nepochs: 10\naxes:\n  shortcut: [0, 2]\n  depth: [2, 4]\n  init: xavier\n  learning_rate: [0.1, 0.01]\n";
        String reformatted = "# a comment\naxes: {learning_rate: [1e-1, 1.0e-2], init: [xavier], depth: [2, 4], "
                + "shortcut: [0, 2]}\nepochs: 10\nname: s\ndescription: words do not count\n";
        assertEquals(parse(a).canonical(), parse(reformatted).canonical());
        assertEquals(parse(a).sweepId(), parse(reformatted).sweepId());
        assertEquals(16, parse(a).sweepId().length());
        assertNotEquals(parse(a).sweepId(), parse(a.replace("0.01]", "0.02]")).sweepId());
        assertNotEquals(parse(a).sweepId(), parse(a.replace("epochs: 10", "epochs: 11")).sweepId());
        assertNotEquals(parse(a).sweepId(), parse(a.replace("[2, 4]", "[4, 2]")).sweepId(), "order is part of the spec");
        assertNotEquals(parse(a).sweepId(), parse(a + "seeds: 2\n").sweepId());
    }

    @Test
    void canonicalTextIsReadable() {
        String expected = """
                resweep-sweep-spec v1
                name=t
                data=mnist10k
                width=10
                seeds=1
                epochs=10
                hessian=every=0,until=0,log=0
                spectra=false
                variant[0].activation=linear
                variant[0].positions=mid
                variant[0].shortcut=2
                variant[0].depth=2
                variant[0].init=xavier
                variant[0].init_scale=1.0
                variant[0].learning_rate=0.1
                """;
        assertEquals(expected, parse(withAxes("")).canonical());
    }
}
