package org.relabel.consensus.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every aggregator on small sets whose answers are clear enough to be checked by hand: unanimous pairs and 4-to-1
 * splits, where selection frequency, plurality and any sensible crowd model must agree.
 */
class AggregatorKnownAnswerTest {

    static Stream<Aggregator> aggregators() {
        return Aggregator.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aggregators")
    void findsHandCheckedValidSetsAndMainLabels(Aggregator aggregator) {
        ConsensusResult result = aggregator.aggregate(Fixtures.fiveImages());

        assertEquals(aggregator.name(), result.method());
        assertEquals(Map.of("i1", List.of("x"), "i2", List.of("x", "y"), "i3", List.of("y"), "i4", List.of(),
                "i5", List.of()), result.validLabelSets());
        ImageConsensus i1 = result.image("i1").orElseThrow();
        ImageConsensus i2 = result.image("i2").orElseThrow();
        ImageConsensus i3 = result.image("i3").orElseThrow();
        ImageConsensus i4 = result.image("i4").orElseThrow();
        assertEquals("x", i1.mainLabel());
        assertEquals("x", i2.mainLabel(), "4 of 5 chose x");
        assertEquals("y", i3.mainLabel());
        assertNull(i4.mainLabel(), "a3's main x is not a valid label (1 of 5)");
        assertNull(result.image("i5").orElseThrow().mainLabel());
        assertEquals(1, i1.objects());
        assertEquals(2, i2.objects());
        assertEquals(0, i4.objects());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aggregators")
    void reportsSelectionFrequenciesShownCountsAndJudgments(Aggregator aggregator) {
        ConsensusResult result = aggregator.aggregate(Fixtures.fiveImages());
        ImageConsensus i3 = result.image("i3").orElseThrow();
        assertEquals(Map.of("x", 0.0, "y", 1.0, "z", 0.2), i3.selectionFrequency());
        assertEquals(Map.of("x", 5, "y", 5, "z", 5), i3.shown());
        assertEquals(5, i3.judgments());
        assertEquals(List.of("i1", "i2", "i3", "i4", "i5"),
                result.images().stream().map(ImageConsensus::image).toList());
        for (ImageConsensus c : result.images()) {
            assertTrue(c.confidence() > 0.5 && c.confidence() <= 1, c.toString());
            for (double score : c.score().values()) {
                assertTrue(score >= 0 && score <= 1, c.toString());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aggregators")
    void perLabelAnswersWithoutMainAnswersTakeTheBestValidLabelAsMain(Aggregator aggregator) {
        JudgmentSet.Builder b = JudgmentSet.builder();
        String[] raters = {"r1", "r2", "r3", "r4", "r5"};
        // p: A yes x5; B no x4 + maybe; C yes x4 + maybe (SF 0.8)
        // q: A no x5; B yes x5; C no x3, maybe x2
        for (int r = 0; r < 5; r++) {
            b.add("p", "A", raters[r], Answer.YES);
            b.add("p", "B", raters[r], r == 1 ? Answer.MAYBE : Answer.NO);
            b.add("p", "C", raters[r], r == 2 ? Answer.MAYBE : Answer.YES);
            b.add("q", "A", raters[r], Answer.NO);
            b.add("q", "B", raters[r], Answer.YES);
            b.add("q", "C", raters[r], r < 2 ? Answer.MAYBE : Answer.NO);
        }
        ConsensusResult result = aggregator.aggregate(b.build());
        assertEquals(Map.of("p", List.of("A", "C"), "q", List.of("B")), result.validLabelSets());
        assertEquals("A", result.image("p").orElseThrow().mainLabel(), "A has the higher score");
        assertEquals("B", result.image("q").orElseThrow().mainLabel());
        assertEquals(0.8, result.image("p").orElseThrow().selectionFrequency().get("C"));
    }
}
