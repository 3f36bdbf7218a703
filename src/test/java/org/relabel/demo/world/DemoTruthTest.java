package org.relabel.demo.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemoTruthTest {

    private static SceneObject obj(String key, int size) {
        return new SceneObject(key, 32, 32, size, DemoVocabulary.byKey(key).rgb(), 0);
    }

    /**
     * Four hand-built scenes:
     * a: fish alone on water, labelled fish (clean, preferred background);
     * b: ball (30) and moon (16) on sky, labelled moon (present but not main; moon prefers sky);
     * c: tent alone on grass, labelled house (label error; not on a preferred background);
     * d: house (28), arrow (20), frame (14) on grass, labelled house (clean; house prefers grass).
     */
    private static List<Scene> handBuilt() {
        return List.of(
                Scene.of("a", 64, Background.WATER, 1, List.of(obj("fish", 30)), "fish"),
                Scene.of("b", 64, Background.SKY, 2, List.of(obj("ball", 30), obj("moon", 16)), "moon"),
                Scene.of("c", 64, Background.GRASS, 3, List.of(obj("tent", 30)), "house"),
                Scene.of("d", 64, Background.GRASS, 4, List.of(obj("house", 28), obj("arrow", 20), obj("frame", 14)),
                        "house"));
    }

    @Test
    void ratesOfHandBuiltScenesMatchHandCountedShares() {
        PlantedRates r = DemoTruth.rates(handBuilt());
        assertEquals(4, r.scenes());
        assertEquals(0.5, r.multiObjectShare(), 1e-12); // b, d
        assertEquals(0.25, r.threeObjectShare(), 1e-12); // d
        assertEquals(0.25, r.labelErrorShare(), 1e-12); // c
        assertEquals(0.5, r.originalNotMainShare(), 1e-12); // b, c
        assertEquals(0.25, r.originalPresentNotMainShare(), 1e-12); // b
        assertEquals(0.75, r.preferredBackgroundShare(), 1e-12); // a, b, d
        assertEquals(0.5, r.singleObjectPreferredBackgroundShare(), 1e-12); // a of a, c
    }

    @Test
    void sharesOfAnEmptyDenominatorAreNaN() {
        PlantedRates r = DemoTruth.rates(List.of());
        assertEquals(0, r.scenes());
        assertTrue(Double.isNaN(r.multiObjectShare()));
        assertTrue(Double.isNaN(DemoTruth.rates(handBuilt().subList(1, 2)).singleObjectPreferredBackgroundShare()));
    }

    @Test
    void truthOrdersPresentClassesByTheMainObjectRule() {
        Scene d = handBuilt().get(3);
        assertEquals(List.of("house", "arrow", "frame"), List.copyOf(d.truth().present()));
        assertEquals("house", d.truth().main());
        assertEquals(3, d.truth().objectCount());
    }

    @Test
    void mainObjectTieGoesToTheObjectNearerTheCentre() {
        SceneObject corner = new SceneObject("ball", 12, 12, 20, 0xD62828, 0);
        SceneObject centre = new SceneObject("moon", 34, 30, 20, 0xF0E682, 0);
        assertEquals("moon", SceneTruth.of(List.of(corner, centre), 64).main());
        assertThrows(IllegalArgumentException.class,
                () -> SceneTruth.of(List.of(corner, new SceneObject("ball", 40, 40, 10, 0xD62828, 0)), 64));
    }

    @Test
    void presenceAgreementCountsTicksAndBlanksThatMatchTheTruth() {
        Scene b = handBuilt().get(1); // ball and moon present
        List<String> shown = List.of("ball", "fish", "moon", "tent");
        // ticks ball (right) and fish (wrong), leaves moon (wrong) and tent (right): 2 of 4
        SimulatedResponse r = new SimulatedResponse(List.of("ball", "fish"), "ball", false, 1000);
        assertEquals(0.5, DemoTruth.presenceAgreement(b, shown, r), 1e-12);
        assertTrue(DemoTruth.mainCorrect(b, r));
        SimulatedResponse none = new SimulatedResponse(List.of(), null, true, 1000);
        assertEquals(0.5, DemoTruth.presenceAgreement(b, shown, none), 1e-12);
        assertFalse(DemoTruth.mainCorrect(b, none));
    }

    @Test
    void reportNamesEveryClassAndTheSceneCount() {
        String report = DemoTruth.report(SceneGenerator.generate(SceneSpec.of(4, 120)));
        assertTrue(report.contains("120"));
        for (String key : DemoVocabulary.keys()) {
            assertTrue(report.contains(key), key);
        }
    }
}
