package org.relabel.annotation.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CandidatePolicyTest {

    @Test
    void unionOfTopKPlusOriginalWithoutDuplicates() {
        List<Long> c = CandidatePolicy.candidates(9, List.of(List.of(1L, 2L, 3L), List.of(2L, 4L, 9L)), List.of(), 30);
        assertEquals(List.of(9L, 1L, 2L, 4L, 3L), c);
    }

    @Test
    void capKeepsOriginalAndBestRanksAcrossModels() {
        // rank 1 of both models, then rank 2 of the first model fill the cap of 4 after the original label
        List<Long> c = CandidatePolicy.candidates(9, List.of(List.of(1L, 2L, 3L), List.of(5L, 6L, 7L)), List.of(), 4);
        assertEquals(List.of(9L, 1L, 5L, 2L), c);
    }

    @Test
    void originalLabelSurvivesCapOfOne() {
        assertEquals(List.of(9L), CandidatePolicy.candidates(9, List.of(List.of(1L)), List.of(), 1));
    }

    @Test
    void imageWithoutPredictionsGetsOnlyItsOriginalLabel() {
        assertEquals(List.of(4L), CandidatePolicy.candidates(4, List.of(List.of(), List.of()), List.of(), 10));
        assertEquals(List.of(4L), CandidatePolicy.candidates(4, List.of(), List.of(), 10));
    }

    @Test
    void goldAnswerLabelsAreAlwaysCandidatesEvenBeyondTheCap() {
        List<Long> c = CandidatePolicy.candidates(9, List.of(List.of(1L, 2L)), List.of(7L, 8L), 2);
        assertEquals(List.of(9L, 7L, 8L), c);
        List<Long> roomy = CandidatePolicy.candidates(9, List.of(List.of(1L, 7L)), List.of(7L), 4);
        assertEquals(List.of(9L, 7L, 1L), roomy);
    }

    @Test
    void rejectsCapBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> CandidatePolicy.candidates(1, List.of(), List.of(), 0));
    }

    @Test
    void disagreementMeansSomeTopOneDiffersFromOriginal() {
        assertFalse(CandidatePolicy.modelsDisagree(3, List.of(List.of(3L, 1L), List.of(3L))));
        assertTrue(CandidatePolicy.modelsDisagree(3, List.of(List.of(3L, 1L), List.of(2L, 3L))));
        assertFalse(CandidatePolicy.modelsDisagree(3, List.of(List.of())));
    }
}
