package org.relabel.consensus.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Degenerate inputs, for every aggregator. */
class ConsensusEdgeCaseTest {

    static Stream<Aggregator> aggregators() {
        return Aggregator.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aggregators")
    void emptyJudgmentSetGivesEmptyResult(Aggregator aggregator) {
        ConsensusResult result = aggregator.aggregate(JudgmentSet.builder().build());
        assertEquals(List.of(), result.images());
        assertTrue(result.converged());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aggregators")
    void singleAnnotatorIsTakenAtTheirWord(Aggregator aggregator) {
        JudgmentSet data = JudgmentSet.builder()
                .add(Fixtures.response("img", "only", List.of("cat", "dog"), Set.of("cat"), "cat"))
                .build();
        ImageConsensus c = aggregator.aggregate(data, aggregator.defaultParams().withThreshold(0.5)).images().get(0);
        assertEquals(List.of("cat"), c.validLabels());
        assertEquals("cat", c.mainLabel());
        assertEquals(1, c.judgments());
        assertEquals(Map.of("cat", 1, "dog", 1), c.shown());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aggregators")
    void unanimousAnswersGiveConfidentConsensus(Aggregator aggregator) {
        JudgmentSet.Builder b = JudgmentSet.builder();
        for (String a : List.of("a", "b", "c", "d")) {
            b.add(Fixtures.response("img", a, List.of("cat", "dog", "fox"), Set.of("cat", "dog"), "dog"));
        }
        ImageConsensus c = aggregator.aggregate(b.build()).images().get(0);
        assertEquals(List.of("cat", "dog"), c.validLabels());
        assertEquals("dog", c.mainLabel());
        assertEquals(2, c.objects());
        assertTrue(c.confidence() >= 0.9, "confidence " + c.confidence());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aggregators")
    void completeDisagreementLeavesNothingValid(Aggregator aggregator) {
        // each of three annotators selects a different single label as present and main
        JudgmentSet.Builder b = JudgmentSet.builder();
        List<String> shown = List.of("x", "y", "z");
        b.add(Fixtures.response("img", "a", shown, Set.of("x"), "x"));
        b.add(Fixtures.response("img", "b", shown, Set.of("y"), "y"));
        b.add(Fixtures.response("img", "c", shown, Set.of("z"), "z"));
        ImageConsensus c = aggregator.aggregate(b.build()).images().get(0);
        assertEquals(List.of(), c.validLabels(), "SF is 1/3 everywhere; no model can trust one of three");
        assertNull(c.mainLabel());
        assertEquals(0, c.objects());
        assertEquals(1.0 / 3, c.selectionFrequency().get("y"), 1e-12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aggregators")
    void tiedMainVotesGoToTheLexicographicallySmallerLabel(Aggregator aggregator) {
        // both labels present for everyone; main votes split 2 to 2
        JudgmentSet.Builder b = JudgmentSet.builder();
        List<String> shown = List.of("zebra", "horse");
        b.add(Fixtures.response("img", "a", shown, Set.of("zebra", "horse"), "zebra"));
        b.add(Fixtures.response("img", "b", shown, Set.of("zebra", "horse"), "horse"));
        b.add(Fixtures.response("img", "c", shown, Set.of("zebra", "horse"), "zebra"));
        b.add(Fixtures.response("img", "d", shown, Set.of("zebra", "horse"), "horse"));
        ImageConsensus c = aggregator.aggregate(b.build()).images().get(0);
        assertEquals(List.of("horse", "zebra"), c.validLabels());
        // symmetric data: equal votes and posteriors, equal presence scores, so the key decides
        assertEquals("horse", c.mainLabel());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aggregators")
    void emptySelectionsMeanEveryShownLabelIsAbsent(Aggregator aggregator) {
        JudgmentSet.Builder b = JudgmentSet.builder();
        for (String a : List.of("a", "b", "c")) {
            b.add(Fixtures.response("blank", a, List.of("cat", "dog"), Set.of(), null));
            b.add(Fixtures.response("pet", a, List.of("cat", "dog"), Set.of("cat"), "cat"));
        }
        ConsensusResult result = aggregator.aggregate(b.build());
        ImageConsensus blank = result.image("blank").orElseThrow();
        assertEquals(List.of(), blank.validLabels());
        assertNull(blank.mainLabel());
        assertEquals(Map.of("cat", 0.0, "dog", 0.0), blank.selectionFrequency());
        assertEquals(3, blank.judgments());
        assertEquals(List.of("cat"), result.image("pet").orElseThrow().validLabels());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aggregators")
    void labelNobodyChoseIsShownWithZeroFrequency(Aggregator aggregator) {
        JudgmentSet.Builder b = JudgmentSet.builder();
        for (String a : List.of("a", "b", "c")) {
            b.add(Fixtures.response("img", a, List.of("cat", "dog", "unicorn"), Set.of("cat"), "cat"));
        }
        ImageConsensus c = aggregator.aggregate(b.build()).images().get(0);
        assertEquals(0.0, c.selectionFrequency().get("unicorn"));
        assertEquals(3, c.shown().get("unicorn"));
        assertTrue(c.score().get("unicorn") < 0.5);
        assertEquals(List.of("cat"), c.validLabels());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aggregators")
    void imageWithoutAnyAnswerHasNoDecision(Aggregator aggregator) {
        // a "none apply" response without shown labels, on an image nobody else judged: nothing to answer on
        JudgmentSet data = JudgmentSet.builder()
                .add(new ImageResponse("lonely", "a", List.of(), Set.of(), null, false, true, 1200L, null))
                .build();
        ImageConsensus c = aggregator.aggregate(data).images().get(0);
        assertEquals("lonely", c.image());
        assertEquals(Map.of(), c.selectionFrequency());
        assertEquals(List.of(), c.validLabels());
        assertEquals(0.0, c.confidence());
        assertEquals(1, c.judgments());
    }

    @Test
    void iterationCapStopsEmAndIsReportedAsNotConverged() {
        JudgmentSet data = Fixtures.fiveImages();
        AggregationParams params = new DawidSkeneAggregator().defaultParams().withMaxIterations(3).withTolerance(0);
        for (Aggregator aggregator : List.of(new DawidSkeneAggregator(), new OneCoinDawidSkeneAggregator())) {
            ConsensusResult result = aggregator.aggregate(data, params);
            assertEquals(3, result.iterations(), aggregator.name());
            assertFalse(result.converged(), aggregator.name());
            assertTrue(result.logLikelihood() < 0, aggregator.name());
        }
        ConsensusResult converged = new DawidSkeneAggregator().aggregate(data);
        assertTrue(converged.converged());
        assertTrue(converged.iterations() < AggregationParams.DEFAULT_MAX_ITERATIONS);
    }

    @Test
    void aggregatorsAreFoundByName() {
        assertInstanceOf(DawidSkeneAggregator.class, Aggregator.byName("dawid-skene"));
        assertInstanceOf(MajorityAggregator.class, Aggregator.byName("majority"));
        assertInstanceOf(SelectionFrequencyAggregator.class, Aggregator.byName("selection-frequency"));
        assertInstanceOf(OneCoinDawidSkeneAggregator.class, Aggregator.byName("one-coin-dawid-skene"));
        assertThrows(IllegalArgumentException.class, () -> Aggregator.byName("glad"));
    }

    @Test
    void rejectsParametersOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> AggregationParams.of(1.5));
        assertThrows(IllegalArgumentException.class, () -> AggregationParams.of(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> AggregationParams.of(0.5).withSmoothing(-1));
        assertThrows(IllegalArgumentException.class, () -> AggregationParams.of(0.5).withMaxIterations(-1));
        assertThrows(IllegalArgumentException.class, () -> new DawidSkeneAggregator(-1));
    }
}
