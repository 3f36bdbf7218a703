package org.relabel.consensus.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JudgmentSetTest {

    private static Answer answer(JudgmentSet data, String image, String label, String annotator) {
        int p = data.pairIndex(data.imageIndex(image), data.labelIndex(label));
        int w = data.annotatorIndex(annotator);
        for (int k = data.pairStart(p); k < data.pairEnd(p); k++) {
            if (data.answerAnnotator(k) == w) {
                return data.answer(k);
            }
        }
        return null;
    }

    @Test
    void convertsResponsesToPresenceAnswers() {
        JudgmentSet data = JudgmentSet.builder()
                .add(new ImageResponse("img", "a", List.of("dog", "cat", "fox"), Set.of("cat"), "dog", false, false,
                        3000L, null))
                .add(new ImageResponse("img", "b", List.of("fox", "dog", "cat"), Set.of("fox"), null, true, false,
                        null, null))
                .build();
        assertEquals(Answer.YES, answer(data, "img", "cat", "a"));
        assertEquals(Answer.YES, answer(data, "img", "dog", "a"), "the main label counts as selected");
        assertEquals(Answer.NO, answer(data, "img", "fox", "a"));
        assertEquals(Answer.YES, answer(data, "img", "fox", "b"));
        assertEquals(Answer.MAYBE, answer(data, "img", "cat", "b"), "unclear image: not selected means unsure");
        assertEquals(6, data.answerCount());
        assertEquals(2, data.responseCount());
        int first = data.imageResponseStart(0);
        assertEquals("a", data.annotatorKey(data.responseAnnotator(first)));
        assertEquals("dog", data.labelKey(data.responseMain(first)));
        assertEquals(3000L, data.responseMillis(first));
        assertEquals(-1, data.responseMain(first + 1));
        assertEquals(-1L, data.responseMillis(first + 1));
        assertTrue(data.responseUnclear(first + 1));
    }

    @Test
    void responsesWithoutShownLabelsCountEveryLabelAnyoneSelectedAsShown() {
        JudgmentSet data = JudgmentSet.builder()
                .add(new ImageResponse("img", "a", null, Set.of("cat"), null, false, false, null, null))
                .add(new ImageResponse("img", "b", null, Set.of("dog"), "dog", false, false, null, null))
                .add(new ImageResponse("img", "c", null, Set.of(), null, false, true, null, null))
                .build();
        assertEquals(Answer.NO, answer(data, "img", "dog", "a"));
        assertEquals(Answer.NO, answer(data, "img", "cat", "b"));
        assertEquals(Answer.NO, answer(data, "img", "cat", "c"));
        assertEquals(Answer.NO, answer(data, "img", "dog", "c"));
        assertEquals(2, data.pairCount());
        assertEquals(3, data.shownCount(0));
        assertEquals(1.0 / 3, data.selectionFrequency(0), 1e-12);
    }

    @Test
    void anonymousResponsesAreSeparateAnnotators() {
        JudgmentSet data = JudgmentSet.builder()
                .add(new ImageResponse("img", null, List.of("cat"), Set.of("cat"), null, false, false, null, null))
                .add(new ImageResponse("img", null, List.of("cat"), Set.of("cat"), null, false, false, null, null))
                .build();
        assertEquals(2, data.annotatorCount());
        assertEquals(2, data.imageAnnotatorCount(0));
    }

    @Test
    void lastAnswerWinsWhenAnAnnotatorAnswersTwice() {
        JudgmentSet data = JudgmentSet.builder()
                .add("img", "cat", "a", Answer.NO)
                .add("img", "cat", "b", Answer.NO)
                .add("img", "cat", "a", Answer.YES)
                .build();
        assertEquals(Answer.YES, answer(data, "img", "cat", "a"));
        assertEquals(2, data.answerCount());
        assertEquals(1, data.replacedAnswers());
        assertEquals(1, data.yesCount(0));
    }

    @Test
    void keysAreIndexedInLexicographicOrder() {
        JudgmentSet data = JudgmentSet.builder()
                .add("img-b", "zebra", "w2", Answer.YES)
                .add("img-a", "ant", "w1", Answer.NO)
                .add("img-b", "ant", "w1", Answer.MAYBE)
                .build();
        assertEquals("img-a", data.imageKey(0));
        assertEquals("img-b", data.imageKey(1));
        assertEquals("ant", data.labelKey(0));
        assertEquals(1, data.annotatorIndex("w2"));
        assertEquals(-1, data.imageIndex("img-c"));
        assertEquals(3, data.pairCount());
        assertEquals(1, data.imagePairStart(1));
        assertEquals(data.labelIndex("zebra"), data.pairLabel(2));
        assertEquals(-1, data.pairIndex(0, data.labelIndex("zebra")));
        assertEquals(1, data.maybeCount(1));
        assertEquals(1, data.noCount(0));
    }

    @Test
    void goldAnswersAreIndexed() {
        JudgmentSet data = JudgmentSet.builder()
                .add(new ImageResponse("g", "a", List.of("cat", "dog"), Set.of("cat"), "cat", false, false, null,
                        new GoldAnswer(Set.of("cat"), "cat")))
                .add("other", "cat", "a", Answer.YES)
                .gold("gold-without-judgments", new GoldAnswer(Set.of("owl", "bat"), null))
                .build();
        int g = data.imageIndex("g");
        assertTrue(data.isGold(g));
        assertTrue(data.isGoldLabel(g, data.labelIndex("cat")));
        assertFalse(data.isGoldLabel(g, data.labelIndex("dog")));
        assertEquals(data.labelIndex("cat"), data.goldMain(g));
        assertFalse(data.isGold(data.imageIndex("other")));
        int h = data.imageIndex("gold-without-judgments");
        assertArrayEquals(new int[] {data.labelIndex("bat"), data.labelIndex("owl")}, data.goldLabels(h));
        assertEquals(-1, data.goldMain(h));
    }

    @Test
    void rejectsInconsistentResponses() {
        assertThrows(IllegalArgumentException.class, () -> new ImageResponse("img", "a", List.of("cat"),
                Set.of("dog"), null, false, false, null, null));
        assertThrows(IllegalArgumentException.class, () -> new ImageResponse("img", "a", List.of("cat"),
                Set.of("cat"), null, false, true, null, null));
        assertThrows(IllegalArgumentException.class, () -> new ImageResponse("img", "a", List.of("cat", "cat"),
                Set.of(), null, false, false, null, null));
        assertThrows(IllegalArgumentException.class, () -> new ImageResponse("img", "a", List.of("cat"),
                Set.of(), null, false, false, -5L, null));
        assertThrows(IllegalArgumentException.class, () -> new LabelJudgment("img", " ", "a", Answer.YES));
        assertThrows(IllegalArgumentException.class, () -> Answer.parse("perhaps"));
        assertEquals(Answer.MAYBE, Answer.parse(" Maybe "));
    }

    @Test
    void builderCanBeBuiltOnlyOnce() {
        JudgmentSet.Builder b = JudgmentSet.builder().add("img", "cat", "a", Answer.YES);
        b.build();
        assertThrows(IllegalStateException.class, b::build);
        assertThrows(IllegalStateException.class, () -> b.add("img", "dog", "a", Answer.NO));
    }

    @Test
    void resultsDoNotDependOnInputOrder() {
        SyntheticCrowd.Type[] pool = SyntheticCrowd.pool(new int[] {6, 4, 3}, SyntheticCrowd.RELIABLE,
                SyntheticCrowd.SLOPPY, SyntheticCrowd.RANDOM_SPAMMER);
        SyntheticCrowd.Crowd crowd = SyntheticCrowd.responses(7, 200, 4, 12, 4, 0.3, pool);
        JudgmentSet original = crowd.data();
        // rebuild the same judgments in a shuffled order, with fresh key strings
        List<ImageResponse> responses = new ArrayList<>();
        for (int r = 0; r < original.responseCount(); r++) {
            int i = original.responseImage(r);
            int w = original.responseAnnotator(r);
            List<String> shown = new ArrayList<>();
            Set<String> selected = new java.util.HashSet<>();
            for (int p = original.imagePairStart(i); p < original.imagePairEnd(i); p++) {
                for (int k = original.pairStart(p); k < original.pairEnd(p); k++) {
                    if (original.answerAnnotator(k) == w) {
                        String label = new String(original.labelKey(original.pairLabel(p)).toCharArray());
                        shown.add(label);
                        if (original.answer(k) == Answer.YES) {
                            selected.add(label);
                        }
                    }
                }
            }
            Collections.shuffle(shown, new Random(r));
            int m = original.responseMain(r);
            responses.add(new ImageResponse(new String(original.imageKey(i).toCharArray()), original.annotatorKey(w),
                    shown, selected, m < 0 ? null : original.labelKey(m), false, false, original.responseMillis(r),
                    null));
        }
        Collections.shuffle(responses, new Random(99));
        JudgmentSet.Builder b = JudgmentSet.builder();
        responses.forEach(b::add);
        JudgmentSet shuffled = b.build();
        assertEquals(original.answerCount(), shuffled.answerCount());
        for (Aggregator aggregator : Aggregator.all()) {
            ConsensusResult expected = aggregator.aggregate(original);
            ConsensusResult actual = aggregator.aggregate(shuffled);
            assertEquals(expected, actual, aggregator.name());
            assertEquals(expected.logLikelihood(), actual.logLikelihood(), 0.0, aggregator.name());
        }
        assertNotEquals(new DawidSkeneAggregator().aggregate(original),
                new MajorityAggregator().aggregate(original));
    }
}
