package org.relabel.consensus.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnnotatorQualityTest {

    private static AnnotatorQuality of(List<AnnotatorQuality> all, String annotator) {
        return all.stream().filter(q -> q.annotator().equals(annotator)).findFirst().orElseThrow();
    }

    @Test
    void measuresGoldAccuracyLeaveOneOutAgreementAndTime() {
        List<String> shown = List.of("cat", "dog");
        GoldAnswer gold = new GoldAnswer(Set.of("cat"), "cat");
        JudgmentSet.Builder b = JudgmentSet.builder();
        // gold image: a and b right on both labels; c says dog is present and chooses it as main
        b.add(new ImageResponse("g", "a", shown, Set.of("cat"), "cat", false, false, 4000L, gold));
        b.add(new ImageResponse("g", "b", shown, Set.of("cat"), "cat", false, false, 6000L, null));
        b.add(new ImageResponse("g", "c", shown, Set.of("cat", "dog"), "dog", false, false, 1000L, null));
        // plain image: everyone selects both; a and b choose dog as main, c chooses cat
        b.add(new ImageResponse("p", "a", shown, Set.of("cat", "dog"), "dog", false, false, 2000L, null));
        b.add(new ImageResponse("p", "b", shown, Set.of("cat", "dog"), "dog", false, false, 3000L, null));
        b.add(new ImageResponse("p", "c", shown, Set.of("cat", "dog"), "cat", false, false, null, null));
        JudgmentSet data = b.build();
        List<AnnotatorQuality> quality = AnnotatorQuality.assess(data, new MajorityAggregator().aggregate(data));

        AnnotatorQuality a = of(quality, "a");
        AnnotatorQuality c = of(quality, "c");
        assertEquals(4, a.answers());
        assertEquals(2, a.images());
        assertEquals(2, c.goldAnswers());
        assertEquals(0.5, c.goldAccuracy(), "c is wrong about dog on the gold image");
        assertEquals(1.0, a.goldAccuracy());
        assertEquals(1, c.goldMainAnswers());
        assertEquals(0.0, c.goldMainAccuracy());
        // leave-one-out presence (others' SF >= 0.5 means present): c's "dog present" on g disagrees with a and b
        // (SF 0/2); a's "dog absent" on g disagrees with b and c (SF 1/2, a tie counts as present); all else agrees
        assertEquals(0.75, c.agreement());
        assertEquals(0.75, a.agreement());
        // leave-one-out main: c chose dog on g (others: cat, cat) and cat on p (others: dog, dog)
        assertEquals(0.0, c.mainAgreement());
        assertEquals(1.0, a.mainAgreement());
        assertEquals(3.0, a.medianSeconds(), 1e-12);
        assertEquals(1.0, c.medianSeconds(), 1e-12, "only one response of c has a time");
        assertFalse(a.spammer());
        assertFalse(c.spammer(), "too few answers to judge");
    }

    @Test
    void confusionOfAnAlwaysYesAnnotatorIsUninformative() {
        SyntheticCrowd.Type[] pool = SyntheticCrowd.pool(new int[] {8, 2}, SyntheticCrowd.RELIABLE,
                SyntheticCrowd.YES_SPAMMER);
        SyntheticCrowd.Crowd crowd = SyntheticCrowd.presence(5, 500, 4, 5, 0.3, pool);
        List<AnnotatorQuality> quality = AnnotatorQuality.assess(crowd.data(),
                new DawidSkeneAggregator().aggregate(crowd.data()));
        for (int w = 0; w < quality.size(); w++) {
            AnnotatorQuality q = quality.get(w);
            if (crowd.type(w) == SyntheticCrowd.YES_SPAMMER) {
                assertTrue(q.informativeness() < 0.05, q.toString());
                assertTrue(q.specificity() < 0.05, q.toString());
                assertTrue(q.spammer(), "no times recorded: the confusion alone decides");
            } else {
                assertTrue(q.informativeness() > 0.6, q.toString());
                assertTrue(q.diagonalMass() > 0.85, q.toString());
                assertFalse(q.spammer());
            }
            assertTrue(Double.isNaN(q.goldAccuracy()));
            assertTrue(Double.isNaN(q.medianSeconds()));
        }
    }

    @Test
    void rejectsConsensusOfAnotherJudgmentSet() {
        JudgmentSet one = Fixtures.fiveImages();
        JudgmentSet other = Fixtures.fiveImages();
        ConsensusResult consensus = new SelectionFrequencyAggregator().aggregate(other);
        assertThrows(IllegalArgumentException.class, () -> AnnotatorQuality.assess(one, consensus));
    }
}
