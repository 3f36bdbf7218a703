package org.relabel.annotation.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GoldCheckTest {
    static final Set<Long> SHOWN = Set.of(1L, 2L, 3L, 4L);

    @Test
    void exactlyThePresentLabelsAndTheMainObjectAreCorrect() {
        assertTrue(GoldCheck.correct(SHOWN, Set.of(1L, 2L), 2L, Set.of(1L, 2L), 2L));
    }

    @Test
    void aMissingOrAnExtraTickIsWrong() {
        assertFalse(GoldCheck.correct(SHOWN, Set.of(1L), 1L, Set.of(1L, 2L), 1L), "missed 2");
        assertFalse(GoldCheck.correct(SHOWN, Set.of(1L, 2L, 3L), 1L, Set.of(1L, 2L), 1L), "ticked 3");
    }

    @Test
    void theWrongMainObjectIsWrongUnlessGoldNamesNone() {
        assertFalse(GoldCheck.correct(SHOWN, Set.of(1L, 2L), 1L, Set.of(1L, 2L), 2L));
        assertTrue(GoldCheck.correct(SHOWN, Set.of(1L, 2L), 1L, Set.of(1L, 2L), null));
    }

    @Test
    void goldLabelsThatWereNotShownAreNotHeldAgainstTheAnnotator() {
        assertTrue(GoldCheck.correct(SHOWN, Set.of(1L), 1L, Set.of(1L, 9L), 9L));
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3.0, GoldCheck.median(List.of(5, 1, 3)));
        assertEquals(2.5, GoldCheck.median(List.of(4, 1, 3, 2)));
        assertNull(GoldCheck.median(List.of()));
    }
}
