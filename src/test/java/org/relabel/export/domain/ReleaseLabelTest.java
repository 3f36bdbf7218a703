package org.relabel.export.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.relabel.audit.domain.ReviewStatus;

class ReleaseLabelTest {

    @Test
    void imageWithoutConsensusKeepsItsOriginalLabelWithStatusOriginal() {
        ReleaseLabel l = ReleaseLabel.of("a.jpg", "cat", null, null, ReviewStatus.UNREVIEWED, 0, null);
        assertEquals(ReleaseStatus.ORIGINAL, l.status());
        assertEquals(List.of("cat"), l.validLabels());
        assertEquals("cat", l.mainLabel());
        assertFalse(l.relabeled());
    }

    @Test
    void consensusLabelsAreSortedAndAnEmptyValidSetStaysEmpty() {
        ReleaseLabel l = ReleaseLabel.of("a.jpg", "cat", List.of("dog", "cat", "dog"), "dog", ReviewStatus.UNREVIEWED, 5, 0.8);
        assertEquals(ReleaseStatus.CONSENSUS, l.status());
        assertEquals(List.of("cat", "dog"), l.validLabels());
        assertEquals("dog", l.mainLabel());
        assertTrue(l.relabeled());
        ReleaseLabel none = ReleaseLabel.of("b.jpg", "cat", Set.of(), null, ReviewStatus.UNREVIEWED, 3, null);
        assertEquals(List.of(), none.validLabels());
        assertNull(none.mainLabel());
        assertTrue(none.relabeled());
    }

    @Test
    void ambiguousAndExcludedImagesHaveNoLabelsSoEvaluationsLeaveThemOut() {
        for (ReviewStatus s : List.of(ReviewStatus.AMBIGUOUS, ReviewStatus.EXCLUDED)) {
            ReleaseLabel l = ReleaseLabel.of("a.jpg", "cat", List.of("cat"), "cat", s, 4, 0.9);
            assertEquals(List.of(), l.validLabels(), s.name());
            assertNull(l.mainLabel());
            assertTrue(l.status().excluded());
            assertTrue(l.relabeled());
            assertEquals(s, l.status().reviewStatus());
        }
        // excluded even without a consensus
        assertEquals(ReleaseStatus.EXCLUDED, ReleaseLabel.of("a", "cat", null, null, ReviewStatus.EXCLUDED, 0, null).status());
    }

    @Test
    void curatorDecisionsGiveTheirOwnStatus() {
        assertEquals(ReleaseStatus.KEPT_ORIGINAL,
                ReleaseLabel.of("a", "cat", Set.of("cat"), "cat", ReviewStatus.KEPT_ORIGINAL, 3, null).status());
        assertEquals(ReleaseStatus.SET_BY_HAND,
                ReleaseLabel.of("a", "cat", Set.of("fox"), "fox", ReviewStatus.SET_BY_HAND, 3, null).status());
        assertEquals(ReleaseStatus.ACCEPTED_CONSENSUS,
                ReleaseLabel.of("a", "cat", Set.of("fox"), "fox", ReviewStatus.ACCEPTED_CONSENSUS, 3, null).status());
        assertEquals(ReleaseStatus.MORE_JUDGMENTS_REQUESTED,
                ReleaseLabel.of("a", "cat", Set.of("fox"), "fox", ReviewStatus.MORE_JUDGMENTS_REQUESTED, 3, null).status());
        assertEquals(ReleaseStatus.ORIGINAL,
                ReleaseLabel.of("a", "cat", null, null, ReviewStatus.MORE_JUDGMENTS_REQUESTED, 0, null).status());
    }

    @Test
    void statusCodesRoundTripAndUnknownCodesAreRejected() {
        for (ReleaseStatus s : ReleaseStatus.values()) assertEquals(s, ReleaseStatus.ofCode(s.code()));
        assertEquals("set_by_hand", ReleaseStatus.SET_BY_HAND.code());
        assertThrows(IllegalArgumentException.class, () -> ReleaseStatus.ofCode("nonsense"));
    }

    @Test
    void nonFiniteConfidenceIsDropped() {
        assertNull(new ReleaseLabel("a", "cat", "cat", List.of("cat"), 1, Double.NaN, ReleaseStatus.CONSENSUS).confidence());
        assertThrows(IllegalArgumentException.class,
                () -> new ReleaseLabel(" ", "cat", null, List.of(), 0, null, ReleaseStatus.CONSENSUS));
    }
}
