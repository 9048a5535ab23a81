package org.resweep.driver.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.resweep.core.net.Position;
import org.resweep.core.train.RunConfig;

/** Expansion order, run ids and seeds, skipped points and merged duplicates. */
class SweepPlanTest {
    static SweepPlan plan(String yaml) { return SweepPlan.of(SweepSpecParser.parse(yaml, null)); }

    static String brief(RunConfig c) {
        return c.net().activation().id() + "/" + Axes.positionsText(c.net().positions()) + " s=" + c.net().shortcut()
                + " L=" + c.net().depth() + " " + c.init().id() + "×" + c.initScale() + " lr=" + c.learningRate()
                + " r=" + c.replicate();
    }

    static List<String> briefs(SweepPlan p) { return p.tasks().stream().map(t -> brief(t.config())).toList(); }

    @Test
    void innerAxesInWrittenOrderSeedInnermost() {
        SweepPlan p = plan("""
                name: order
                epochs: 5
                seeds: 2
                axes: {shortcut: [2, 0], depth: [4, 2], init: xavier, learning_rate: [0.1, 0.01]}
                """);
        assertEquals(List.of(
                "linear/none s=2 L=4 xavier×1.0 lr=0.1 r=0", "linear/none s=2 L=4 xavier×1.0 lr=0.1 r=1",
                "linear/none s=2 L=4 xavier×1.0 lr=0.01 r=0", "linear/none s=2 L=4 xavier×1.0 lr=0.01 r=1",
                "linear/none s=2 L=2 xavier×1.0 lr=0.1 r=0", "linear/none s=2 L=2 xavier×1.0 lr=0.1 r=1",
                "linear/none s=2 L=2 xavier×1.0 lr=0.01 r=0", "linear/none s=2 L=2 xavier×1.0 lr=0.01 r=1",
                "linear/none s=0 L=4 xavier×1.0 lr=0.1 r=0", "linear/none s=0 L=4 xavier×1.0 lr=0.1 r=1",
                "linear/none s=0 L=4 xavier×1.0 lr=0.01 r=0", "linear/none s=0 L=4 xavier×1.0 lr=0.01 r=1",
                "linear/none s=0 L=2 xavier×1.0 lr=0.1 r=0", "linear/none s=0 L=2 xavier×1.0 lr=0.1 r=1",
                "linear/none s=0 L=2 xavier×1.0 lr=0.01 r=0", "linear/none s=0 L=2 xavier×1.0 lr=0.01 r=1"), briefs(p));
        assertEquals(0, p.duplicates());
        assertEquals(List.of(), p.skipped());
    }

    @Test
    void outerAxesAndCollapsedPositionsAndScales() {
        SweepPlan p = plan("""
                name: order2
                epochs: 5
                axes:
                  activation: [relu, linear]
                  positions: [mid, 'pre,mid']
                  shortcut: 2
                  depth: 2
                  init: [small, zero]
                  init_scale: [0.01, 0.1]
                  learning_rate: 0.1
                """);
        assertEquals(List.of(
                "relu/mid s=2 L=2 small×0.01 lr=0.1 r=0", "relu/mid s=2 L=2 small×0.1 lr=0.1 r=0",
                "relu/mid s=2 L=2 zero×1.0 lr=0.1 r=0",
                "relu/pre,mid s=2 L=2 small×0.01 lr=0.1 r=0", "relu/pre,mid s=2 L=2 small×0.1 lr=0.1 r=0",
                "relu/pre,mid s=2 L=2 zero×1.0 lr=0.1 r=0",
                "linear/none s=2 L=2 small×0.01 lr=0.1 r=0", "linear/none s=2 L=2 small×0.1 lr=0.1 r=0",
                "linear/none s=2 L=2 zero×1.0 lr=0.1 r=0"), briefs(p));
        assertEquals(0, p.duplicates(), "collapsed axes do not produce duplicates");
    }

    @Test
    void variantsComeFirstThenDataSets() {
        SweepPlan p = plan("""
                name: v
                epochs: 5
                axes: {depth: 2, init: xavier, learning_rate: 0.1}
                variants:
                  - {shortcut: 0, init: [xavier, orthogonal]}
                  - {shortcut: [1, 2], init: small, init_scale: 0.01}
                """);
        assertEquals(List.of("linear/none s=0 L=2 xavier×1.0 lr=0.1 r=0", "linear/none s=0 L=2 orthogonal×1.0 lr=0.1 r=0",
                "linear/none s=1 L=2 small×0.01 lr=0.1 r=0", "linear/none s=2 L=2 small×0.01 lr=0.1 r=0"), briefs(p));
    }

    @Test
    void idsAreTheRunConfigIdsAndUnique() {
        SweepPlan p = plan("""
                name: ids
                epochs: 5
                seeds: 3
                axes: {shortcut: [0, 1, 2], depth: [2, 4], init: [xavier, orthogonal], learning_rate: [0.1, 0.01]}
                """);
        assertEquals(3 * 2 * 2 * 2 * 3, p.tasks().size());
        Set<String> ids = new HashSet<>();
        for (PlannedRun t : p.tasks()) assertTrue(ids.add(t.config().runId()), "duplicate id " + t.config().runId());
        // The seed derives from content: same network and init, other learning rate → same seed; other replicate → other seed.
        RunConfig a = p.tasks().get(0).config();
        RunConfig sameButLr = p.tasks().get(3).config();
        RunConfig otherRep = p.tasks().get(1).config();
        assertEquals("lr=0.01 r=0", brief(sameButLr).substring(brief(sameButLr).indexOf("lr=")));
        assertEquals(a.seed(), sameButLr.seed());
        assertNotEquals(a.seed(), otherRep.seed());
        assertNotEquals(a.runId(), sameButLr.runId());
    }

    @Test
    void seedsAndIdsDoNotDependOnOrderOrOnTheRestOfTheGrid() {
        SweepPlan a = plan("name: a\nepochs: 5\nseeds: 2\naxes: {shortcut: [0, 2], depth: [2, 4], init: xavier, "
                + "learning_rate: [0.1, 0.01]}\n");
        SweepPlan b = plan("name: b\nepochs: 5\nseeds: 2\naxes: {shortcut: [2, 0], depth: [4, 2], init: xavier, "
                + "learning_rate: [0.01, 0.1]}\n");
        SweepPlan c = plan("name: c\nepochs: 5\nseeds: 2\naxes: {shortcut: 2, depth: 4, init: xavier, learning_rate: 0.01}\n");
        assertEquals(seedsById(a), seedsById(b));
        Map<String, Long> all = seedsById(a);
        for (Map.Entry<String, Long> e : seedsById(c).entrySet()) assertEquals(all.get(e.getKey()), e.getValue());
        assertEquals(2, seedsById(c).size());
        assertNotEquals(briefs(a), briefs(b), "the order itself follows the file");
    }

    static Map<String, Long> seedsById(SweepPlan p) {
        Map<String, Long> m = new TreeMap<>();
        for (PlannedRun t : p.tasks()) m.put(t.config().runId(), t.config().seed());
        return m;
    }

    @Test
    void depthsThatAreNotMultiplesOfTheShortcutAreSkippedWithTheReason() {
        SweepPlan p = plan("""
                name: skip
                epochs: 5
                seeds: 2
                axes: {shortcut: [0, 2, 3], depth: [2, 3, 4, 6], init: [xavier, zero], learning_rate: [0.1, 0.01, 0.001]}
                """);
        int perNet = 2 * 3 * 2;
        assertEquals(List.of(
                new Skipped("data=mnist10k activation=linear positions=none shortcut=2 depth=3",
                        "depth 3 is not a multiple of shortcut length 2", perNet),
                new Skipped("data=mnist10k activation=linear positions=none shortcut=3 depth=2",
                        "depth 2 is not a multiple of shortcut length 3", perNet),
                new Skipped("data=mnist10k activation=linear positions=none shortcut=3 depth=4",
                        "depth 4 is not a multiple of shortcut length 3", perNet)), p.skipped());
        assertEquals(3L * perNet, p.skippedRuns());
        assertEquals((12 - 3) * perNet, p.tasks().size());
        for (PlannedRun t : p.tasks()) {
            int s = t.config().net().shortcut();
            assertTrue(s == 0 || t.config().net().depth() % s == 0);
        }
    }

    @Test
    void overlappingVariantsAndNonlinearWithoutPositionsAreMerged() {
        SweepPlan p = plan("""
                name: dup
                epochs: 5
                seeds: 2
                axes: {depth: 4, init: xavier, learning_rate: 0.1}
                variants:
                  - {shortcut: [0, 2]}
                  - {shortcut: [2, 4]}
                  - {shortcut: 4, activation: [linear, relu], positions: [none, mid]}
                """);
        // variant 1 repeats shortcut 2 (2 seeds); variant 2 repeats linear s=4 twice (linear, relu/none): 2 + 4 merged.
        assertEquals(6, p.duplicates());
        assertEquals(List.of(
                "linear/none s=0 L=4 xavier×1.0 lr=0.1 r=0", "linear/none s=0 L=4 xavier×1.0 lr=0.1 r=1",
                "linear/none s=2 L=4 xavier×1.0 lr=0.1 r=0", "linear/none s=2 L=4 xavier×1.0 lr=0.1 r=1",
                "linear/none s=4 L=4 xavier×1.0 lr=0.1 r=0", "linear/none s=4 L=4 xavier×1.0 lr=0.1 r=1",
                "relu/mid s=4 L=4 xavier×1.0 lr=0.1 r=0", "relu/mid s=4 L=4 xavier×1.0 lr=0.1 r=1"), briefs(p));
        assertEquals(Set.of(Position.MID), p.tasks().get(6).config().net().positions());
    }

    @Test
    void everyTaskCarriesTheSpecWideSettingsAndItsCost() {
        SweepPlan p = plan("name: w\nepochs: 7\nhessian: {every: 3}\nspectra: true\n"
                + "axes: {shortcut: [1, 2], depth: [2, 4], init: zero, learning_rate: 0.1}\n");
        for (PlannedRun t : p.tasks()) {
            assertEquals(7, t.config().epochs());
            assertEquals(3, t.config().hessian().every());
            assertTrue(t.config().storeSpectrum());
            assertEquals("mnist10k", t.config().dataset());
            assertEquals(CostModel.run(t.config(), 10_000), t.cost());
        }
        List<PlannedRun> order = p.longestFirst();
        for (int i = 1; i < order.size(); i++) assertTrue(order.get(i - 1).cost() >= order.get(i).cost());
        assertEquals(4, order.get(0).config().net().depth());
        assertEquals(p.tasks().stream().mapToDouble(PlannedRun::cost).sum(), p.totalCost());
    }
}
