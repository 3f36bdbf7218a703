package org.relabel.demo.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatedCrowdTest {

    private static List<Scene> scenes;
    private static List<List<String>> shown;

    /** Candidate lists: every class present plus absent ones up to six labels, shuffled. */
    @BeforeAll
    static void world() {
        scenes = SceneGenerator.generate(SceneSpec.of(77, 1500));
        Random r = new Random(1);
        shown = new ArrayList<>();
        for (Scene s : scenes) {
            List<String> labels = new ArrayList<>(s.truth().present());
            List<String> absent = new ArrayList<>(DemoVocabulary.keys());
            absent.removeAll(labels);
            Collections.shuffle(absent, r);
            labels.addAll(absent.subList(0, 6 - labels.size()));
            Collections.shuffle(labels, r);
            shown.add(List.copyOf(labels));
        }
    }

    private static List<SimulatedAnnotator> ofKind(SimulatedCrowd crowd, AnnotatorKind kind) {
        return crowd.annotators().stream().filter(a -> a.kind() == kind).toList();
    }

    private static double meanAgreement(List<SimulatedAnnotator> annotators) {
        double sum = 0;
        int n = 0;
        for (SimulatedAnnotator a : annotators) {
            for (int i = 0; i < scenes.size(); i++) {
                sum += DemoTruth.presenceAgreement(scenes.get(i), shown.get(i), a.respond(scenes.get(i), shown.get(i)));
                n++;
            }
        }
        return sum / n;
    }

    private static double mainAccuracy(List<SimulatedAnnotator> annotators) {
        int correct = 0;
        int n = 0;
        for (SimulatedAnnotator a : annotators) {
            for (int i = 0; i < scenes.size(); i++) {
                if (DemoTruth.mainCorrect(scenes.get(i), a.respond(scenes.get(i), shown.get(i)))) {
                    correct++;
                }
                n++;
            }
        }
        return (double) correct / n;
    }

    private static long medianMillis(List<SimulatedAnnotator> annotators) {
        List<Long> times = new ArrayList<>();
        for (SimulatedAnnotator a : annotators) {
            for (int i = 0; i < scenes.size(); i++) {
                times.add(a.respond(scenes.get(i), shown.get(i)).millis());
            }
        }
        Collections.sort(times);
        return times.get(times.size() / 2);
    }

    /** Share of present small objects (side below 36% of the image) that the annotators ticked. */
    private static double smallObjectTickRate(List<SimulatedAnnotator> annotators) {
        int ticked = 0;
        int n = 0;
        for (SimulatedAnnotator a : annotators) {
            for (int i = 0; i < scenes.size(); i++) {
                Scene s = scenes.get(i);
                SimulatedResponse response = a.respond(s, shown.get(i));
                for (SceneObject o : s.objects()) {
                    if (o.size() < 0.36 * s.size()) {
                        n++;
                        if (response.selected().contains(o.classKey())) {
                            ticked++;
                        }
                    }
                }
            }
        }
        return (double) ticked / n;
    }

    @Test
    void crowdHasTheSpecifiedMixWithNumberedNames() {
        SimulatedCrowd crowd = new SimulatedCrowd(new CrowdSpec(3, 4, 2, 1));
        assertEquals(7, crowd.annotators().size());
        assertEquals(4, ofKind(crowd, AnnotatorKind.RELIABLE).size());
        assertEquals(2, ofKind(crowd, AnnotatorKind.SLOPPY).size());
        assertEquals(1, ofKind(crowd, AnnotatorKind.SPAMMER).size());
        assertEquals(List.of("sim-reliable-01", "sim-reliable-02", "sim-reliable-03", "sim-reliable-04",
                "sim-sloppy-01", "sim-sloppy-02", "sim-spammer-01"),
                crowd.annotators().stream().map(SimulatedAnnotator::name).toList());
        assertEquals(AnnotatorKind.SLOPPY, crowd.byName("sim-sloppy-02").kind());
        assertThrows(IllegalArgumentException.class, () -> crowd.byName("nobody"));
    }

    @Test
    void sameSeedGivesTheSameAnnotatorsAndAnswersAndAnotherSeedDoesNot() {
        SimulatedCrowd a = new SimulatedCrowd(CrowdSpec.defaults(5));
        SimulatedCrowd b = new SimulatedCrowd(CrowdSpec.defaults(5));
        SimulatedCrowd c = new SimulatedCrowd(CrowdSpec.defaults(6));
        assertEquals(a.annotators(), b.annotators());
        assertNotEquals(a.annotators(), c.annotators());
        for (int i = 0; i < 100; i++) {
            assertEquals(a.respondAll(scenes.get(i), shown.get(i)), b.respondAll(scenes.get(i), shown.get(i)));
        }
    }

    @Test
    void addingSpammersLeavesTheOtherAnnotatorsUnchanged() {
        SimulatedCrowd small = new SimulatedCrowd(new CrowdSpec(9, 3, 2, 0));
        SimulatedCrowd large = new SimulatedCrowd(new CrowdSpec(9, 3, 2, 4));
        assertEquals(small.annotators(), large.annotators().subList(0, 5));
    }

    @Test
    void responsesAreConsistentSubsetsOfTheShownLabels() {
        SimulatedCrowd crowd = new SimulatedCrowd(CrowdSpec.defaults(11));
        for (int i = 0; i < 300; i++) {
            List<String> labels = shown.get(i);
            for (SimulatedResponse r : crowd.respondAll(scenes.get(i), labels)) {
                assertTrue(labels.containsAll(r.selected()));
                List<String> inDisplayOrder = labels.stream().filter(r.selected()::contains).toList();
                assertEquals(inDisplayOrder, r.selected(), "selected keep the display order");
                assertEquals(r.selected().isEmpty(), r.noneApply());
                if (r.selected().isEmpty()) {
                    assertNull(r.main());
                } else {
                    assertTrue(r.selected().contains(r.main()));
                }
                assertTrue(r.millis() >= SimulatedAnnotator.MIN_MILLIS);
            }
        }
    }

    @Test
    void answersDoNotDependOnDisplayOrder() {
        SimulatedCrowd crowd = new SimulatedCrowd(CrowdSpec.defaults(12));
        Random r = new Random(3);
        for (int i = 0; i < 200; i++) {
            List<String> reordered = new ArrayList<>(shown.get(i));
            Collections.shuffle(reordered, r);
            List<SimulatedResponse> a = crowd.respondAll(scenes.get(i), shown.get(i));
            List<SimulatedResponse> b = crowd.respondAll(scenes.get(i), reordered);
            for (int k = 0; k < a.size(); k++) {
                assertEquals(new HashSet<>(a.get(k).selected()), new HashSet<>(b.get(k).selected()));
                assertEquals(a.get(k).main(), b.get(k).main());
            }
        }
    }

    @Test
    void reliableAnnotatorsAgreeWithTheTruthFarMoreThanSpammers() {
        SimulatedCrowd crowd = new SimulatedCrowd(new CrowdSpec(21, 5, 5, 5));
        double reliable = meanAgreement(ofKind(crowd, AnnotatorKind.RELIABLE));
        double sloppy = meanAgreement(ofKind(crowd, AnnotatorKind.SLOPPY));
        double spammer = meanAgreement(ofKind(crowd, AnnotatorKind.SPAMMER));
        assertTrue(reliable > 0.9, "reliable " + reliable);
        assertTrue(spammer < 0.75, "spammer " + spammer);
        assertTrue(reliable - spammer > 0.25, reliable + " vs " + spammer);
        assertTrue(reliable > sloppy && sloppy > spammer, reliable + " > " + sloppy + " > " + spammer);
    }

    @Test
    void reliableAnnotatorsPickTheMainObjectFarMoreOftenThanSpammers() {
        SimulatedCrowd crowd = new SimulatedCrowd(new CrowdSpec(22, 5, 5, 5));
        double reliable = mainAccuracy(ofKind(crowd, AnnotatorKind.RELIABLE));
        double sloppy = mainAccuracy(ofKind(crowd, AnnotatorKind.SLOPPY));
        double spammer = mainAccuracy(ofKind(crowd, AnnotatorKind.SPAMMER));
        assertTrue(reliable > 0.85, "reliable " + reliable);
        assertTrue(spammer < 0.5, "spammer " + spammer);
        assertTrue(reliable > sloppy && sloppy > spammer, reliable + " > " + sloppy + " > " + spammer);
    }

    @Test
    void sloppyAnnotatorsMissSmallObjects() {
        SimulatedCrowd crowd = new SimulatedCrowd(new CrowdSpec(23, 5, 5, 0));
        double reliable = smallObjectTickRate(ofKind(crowd, AnnotatorKind.RELIABLE));
        double sloppy = smallObjectTickRate(ofKind(crowd, AnnotatorKind.SLOPPY));
        assertTrue(reliable > 0.75, "reliable " + reliable);
        assertTrue(sloppy < 0.55, "sloppy " + sloppy);
    }

    @Test
    void spammersAnswerMuchFasterThanReliableAnnotators() {
        SimulatedCrowd crowd = new SimulatedCrowd(new CrowdSpec(24, 5, 5, 5));
        long reliable = medianMillis(ofKind(crowd, AnnotatorKind.RELIABLE));
        long sloppy = medianMillis(ofKind(crowd, AnnotatorKind.SLOPPY));
        long spammer = medianMillis(ofKind(crowd, AnnotatorKind.SPAMMER));
        assertTrue(spammer * 3 < reliable, spammer + " ms vs " + reliable + " ms");
        assertTrue(spammer < sloppy && sloppy < reliable, spammer + " < " + sloppy + " < " + reliable);
    }

    @Test
    void reliableAnnotatorsAnswerNoneApplyWhenNoShownLabelIsPresent() {
        SimulatedCrowd crowd = new SimulatedCrowd(new CrowdSpec(25, 5, 0, 0));
        int none = 0;
        int n = 0;
        for (Scene s : scenes.subList(0, 300)) {
            List<String> absent = new ArrayList<>(DemoVocabulary.keys());
            absent.removeAll(s.truth().present());
            List<String> labels = absent.subList(0, 4);
            for (SimulatedResponse r : crowd.respondAll(s, labels)) {
                n++;
                if (r.noneApply()) {
                    none++;
                }
            }
        }
        // with false-positive rates of at most 4%, four absent labels are all left unticked >= 85% of the time
        assertTrue((double) none / n > 0.8, "none apply share " + (double) none / n);
    }

    @Test
    void rejectsEmptyOrDuplicateCandidateLists() {
        SimulatedAnnotator a = new SimulatedCrowd(CrowdSpec.defaults(1)).annotators().get(0);
        assertThrows(IllegalArgumentException.class, () -> a.respond(scenes.get(0), List.of()));
        assertThrows(IllegalArgumentException.class, () -> a.respond(scenes.get(0), List.of("ball", "ball")));
    }

    @Test
    void rejectsInconsistentResponsesAndSpecs() {
        assertThrows(IllegalArgumentException.class, () -> new SimulatedResponse(List.of("ball"), "fish", false, 100));
        assertThrows(IllegalArgumentException.class, () -> new SimulatedResponse(List.of("ball"), null, false, 100));
        assertThrows(IllegalArgumentException.class, () -> new SimulatedResponse(List.of(), null, false, 100));
        assertThrows(IllegalArgumentException.class, () -> new SimulatedResponse(List.of("ball"), "ball", true, 100));
        assertThrows(IllegalArgumentException.class, () -> new CrowdSpec(1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new CrowdSpec(1, -1, 2, 0));
        Set<String> names = new HashSet<>();
        new SimulatedCrowd(CrowdSpec.defaults(2)).annotators().forEach(a -> assertTrue(names.add(a.name())));
    }
}
