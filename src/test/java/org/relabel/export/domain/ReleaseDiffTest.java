package org.relabel.export.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.relabel.export.domain.ReleaseDiff.Reason;

class ReleaseDiffTest {

    private static ReleaseLabel l(String image, String original, String main, List<String> valid, ReleaseStatus s) {
        return new ReleaseLabel(image, original, main, valid, 3, null, s);
    }

    private static Map<String, Set<Reason>> reasons(ReleaseDiff.Result r) {
        java.util.Map<String, Set<Reason>> out = new java.util.LinkedHashMap<>();
        r.changes().forEach(c -> out.put(c.image(), c.reasons()));
        return out;
    }

    @Test
    void comparesTwoReleasesImageByImageWithReasons() {
        List<ReleaseLabel> v1 = List.of(
                l("a", "cat", "cat", List.of("cat"), ReleaseStatus.CONSENSUS),
                l("b", "cat", "cat", List.of("cat", "dog"), ReleaseStatus.CONSENSUS),
                l("c", "dog", "fox", List.of("fox"), ReleaseStatus.CONSENSUS),
                l("d", "fox", null, List.of(), ReleaseStatus.EXCLUDED),
                l("e", "owl", "owl", List.of("owl"), ReleaseStatus.ORIGINAL),
                l("gone", "owl", "owl", List.of("owl"), ReleaseStatus.ORIGINAL));
        List<ReleaseLabel> v2 = List.of(
                l("new", "cat", "cat", List.of("cat"), ReleaseStatus.ORIGINAL),
                l("e", "owl", "fox", List.of("fox", "owl"), ReleaseStatus.CONSENSUS),
                l("d", "fox", "fox", List.of("fox"), ReleaseStatus.KEPT_ORIGINAL),
                l("c", "dog", "fox", List.of("dog", "fox"), ReleaseStatus.SET_BY_HAND),
                l("b", "cat", null, List.of(), ReleaseStatus.AMBIGUOUS),
                l("a", "cat", "cat", List.of("cat"), ReleaseStatus.ACCEPTED_CONSENSUS));
        ReleaseDiff.Result r = ReleaseDiff.compare(v1, v2);
        assertEquals(Map.of(
                "b", Set.of(Reason.EXCLUDED),
                "c", Set.of(Reason.VALID_LABELS),
                "d", Set.of(Reason.INCLUDED),
                "e", Set.of(Reason.VALID_LABELS, Reason.MAIN_LABEL),
                "gone", Set.of(Reason.REMOVED),
                "new", Set.of(Reason.ADDED)), reasons(r));
        assertEquals(List.of("b", "c", "d", "e", "gone", "new"), List.copyOf(reasons(r).keySet()), "image-key order");
        assertEquals(6, r.fromImages());
        assertEquals(6, r.toImages());
        assertEquals(0, r.unchanged());
        assertEquals(1, r.statusOnly(), "a: accepted, same labels");
        assertEquals(2L, r.byReason().get(Reason.VALID_LABELS));
        assertEquals(1L, r.byReason().get(Reason.MAIN_LABEL));
        assertEquals(1L, r.byReason().get(Reason.ADDED));
        assertEquals(1L, r.byReason().get(Reason.REMOVED));
        assertEquals(1L, r.byReason().get(Reason.EXCLUDED));
        assertEquals(1L, r.byReason().get(Reason.INCLUDED));
        assertEquals(5, r.transitions().stream().mapToLong(ReleaseDiff.Transition::images).sum(),
                "every image on both sides with another status: a b c d e");
        ReleaseDiff.Change gone = r.changes().stream().filter(c -> c.image().equals("gone")).findFirst().orElseThrow();
        assertNull(gone.after());
        assertEquals(ReleaseStatus.ORIGINAL, gone.before().status());
    }

    @Test
    void aReleaseAgainstItselfHasNoChange() {
        List<ReleaseLabel> v = List.of(l("a", "cat", "dog", List.of("dog"), ReleaseStatus.CONSENSUS),
                l("b", "cat", null, List.of(), ReleaseStatus.EXCLUDED));
        ReleaseDiff.Result r = ReleaseDiff.compare(v, v);
        assertEquals(List.of(), r.changes());
        assertEquals(2, r.unchanged());
        assertEquals(List.of(), r.transitions());
    }

    @Test
    void againstTheOriginalLabelsOnlyRelabeledImagesChange() {
        List<ReleaseLabel> v = List.of(
                l("kept", "cat", "cat", List.of("cat"), ReleaseStatus.CONSENSUS),
                l("orig", "cat", "cat", List.of("cat"), ReleaseStatus.ORIGINAL),
                l("multi", "cat", "cat", List.of("cat", "dog"), ReleaseStatus.CONSENSUS),
                l("wrong", "cat", "dog", List.of("dog"), ReleaseStatus.CONSENSUS),
                l("out", "cat", null, List.of(), ReleaseStatus.EXCLUDED),
                l("none", "cat", null, List.of(), ReleaseStatus.CONSENSUS));
        ReleaseDiff.Result r = ReleaseDiff.againstOriginal(v);
        assertEquals(Map.of(
                "multi", Set.of(Reason.VALID_LABELS),
                "wrong", Set.of(Reason.VALID_LABELS, Reason.MAIN_LABEL),
                "out", Set.of(Reason.EXCLUDED),
                "none", Set.of(Reason.VALID_LABELS, Reason.MAIN_LABEL)), reasons(r));
        assertEquals(1, r.unchanged());
        assertEquals(1, r.statusOnly());
        assertEquals(6, r.fromImages());
        for (ReleaseDiff.Change c : r.changes()) {
            assertEquals(ReleaseStatus.ORIGINAL, c.before().status());
            assertEquals(List.of(c.originalLabel()), c.before().valid());
        }
    }

    @Test
    void rejectsAnImageListedTwice() {
        ReleaseLabel a = l("a", "cat", "cat", List.of("cat"), ReleaseStatus.CONSENSUS);
        assertThrows(IllegalArgumentException.class, () -> ReleaseDiff.compare(List.of(a, a), List.of(a)));
    }
}
