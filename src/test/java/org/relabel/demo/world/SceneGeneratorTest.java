package org.relabel.demo.world;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SceneGeneratorTest {

    private static final int N = 2000;
    private static List<Scene> scenes;

    @BeforeAll
    static void generate() {
        System.setProperty("java.awt.headless", "true");
        scenes = SceneGenerator.generate(SceneSpec.of(42, N));
    }

    @Test
    void sameSeedGivesIdenticalScenesAndPngBytes() {
        List<Scene> again = SceneGenerator.generate(SceneSpec.of(42, N));
        assertEquals(scenes, again);
        for (int i = 0; i < 50; i++) {
            assertArrayEquals(SceneRenderer.renderPng(scenes.get(i)), SceneRenderer.renderPng(again.get(i)),
                    "PNG bytes of scene " + i);
        }
    }

    @Test
    void differentSeedGivesDifferentScenes() {
        List<Scene> other = SceneGenerator.generate(SceneSpec.of(43, 200));
        int sameObjects = 0;
        for (int i = 0; i < other.size(); i++) {
            if (other.get(i).objects().equals(scenes.get(i).objects())) {
                sameObjects++;
            }
            assertNotEquals(other.get(i).textureSeed(), scenes.get(i).textureSeed());
        }
        assertEquals(0, sameObjects);
        assertFalse(Arrays.equals(SceneRenderer.renderPng(scenes.get(0)), SceneRenderer.renderPng(other.get(0))));
    }

    @Test
    void sceneDependsOnlyOnSeedAndIndexNotOnCount() {
        List<Scene> first = SceneGenerator.generate(SceneSpec.of(42, 30));
        assertEquals(scenes.subList(0, 30), first);
        assertEquals(scenes.get(1234), SceneGenerator.generate(SceneSpec.of(42, N), 1234));
    }

    @Test
    void keysAreUniqueAndCarryThePrefix() {
        Set<String> keys = new HashSet<>();
        for (Scene s : scenes) {
            assertTrue(keys.add(s.key()), "duplicate key " + s.key());
        }
        assertEquals("scene-00007", scenes.get(7).key());
        assertEquals("test-00003", SceneGenerator.generate(SceneSpec.of(5, 4, "test")).get(3).key());
    }

    @Test
    void plantedMultiObjectShareIsAtLeastTwentyPercentAndNearTheSpec() {
        long multi = scenes.stream().filter(Scene::multiObject).count();
        long three = scenes.stream().filter(s -> s.objects().size() == 3).count();
        double share = (double) multi / N;
        // binomial sd at p=0.30, n=2000 is 0.0102: tolerance about 3.4 sd
        assertEquals(SceneSpec.DEFAULT_MULTI_OBJECT_RATE, share, 0.035);
        assertTrue(share >= 0.20);
        // 3-object scenes: 0.30 * 0.35 = 0.105, sd 0.0069
        assertEquals(0.105, (double) three / N, 0.025);
        assertTrue(scenes.stream().allMatch(s -> s.objects().size() >= 1 && s.objects().size() <= 3));
    }

    @Test
    void plantedLabelErrorShareIsAboutFivePercent() {
        long errors = scenes.stream().filter(Scene::labelError).count();
        // binomial sd at p=0.05, n=2000 is 0.0049
        assertEquals(0.05, (double) errors / N, 0.016);
    }

    @Test
    void labelErrorRateZeroKeepsEveryLabelPresentAndOneMakesEveryLabelAbsent() {
        for (Scene s : SceneGenerator.generate(SceneSpec.of(7, 300).withLabelErrorRate(0))) {
            assertTrue(s.truth().present().contains(s.originalLabel()), s.key());
        }
        for (Scene s : SceneGenerator.generate(SceneSpec.of(7, 300).withLabelErrorRate(1))) {
            assertFalse(s.truth().present().contains(s.originalLabel()), s.key());
            assertTrue(s.labelError());
        }
    }

    @Test
    void multiObjectRateZeroAndOneAreHonoured() {
        assertTrue(SceneGenerator.generate(SceneSpec.of(3, 300).withMultiObjectRate(0)).stream()
                .noneMatch(Scene::multiObject));
        assertTrue(SceneGenerator.generate(SceneSpec.of(3, 300).withMultiObjectRate(1)).stream()
                .allMatch(Scene::multiObject));
    }

    @Test
    void singleObjectScenesSitOnTheirPreferredBackgroundAtTheSpecRate() {
        int single = 0;
        int preferred = 0;
        for (Scene s : scenes) {
            if (s.objects().size() == 1) {
                single++;
                if (DemoVocabulary.byKey(s.objects().get(0).classKey()).preferredBackground() == s.background()) {
                    preferred++;
                }
            }
        }
        // about 1400 single-object scenes: sd of the share at p=0.8 is 0.0107
        assertEquals(SceneSpec.DEFAULT_PREFERRED_BACKGROUND_RATE, (double) preferred / single, 0.035);
    }

    @Test
    void everyClassIsSeenMostOftenOnItsPreferredBackground() {
        for (DemoClass c : DemoVocabulary.classes()) {
            Map<Background, Integer> counts = new EnumMap<>(Background.class);
            for (Scene s : scenes) {
                if (s.truth().main().equals(c.key())) {
                    counts.merge(s.background(), 1, Integer::sum);
                }
            }
            Background plurality = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            assertEquals(c.preferredBackground(), plurality, c.key());
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            // expected about 0.68 (0.8 for lone objects, less for multi-object scenes); uniform would be 1/6
            assertTrue(counts.get(c.preferredBackground()) > 0.5 * total, c.key() + " " + counts);
        }
    }

    @Test
    void everyClassIsTheMainObjectOfAFairShareOfScenes() {
        for (DemoClass c : DemoVocabulary.classes()) {
            long main = scenes.stream().filter(s -> s.truth().main().equals(c.key())).count();
            // 1/10 expected; sd 0.0067
            assertEquals(0.10, (double) main / N, 0.03, c.key());
        }
    }

    @Test
    void mainObjectIsTheLargestAndSizesInAMultiObjectSceneDiffer() {
        for (Scene s : scenes) {
            SceneObject largest = s.objects().get(0);
            for (SceneObject o : s.objects()) {
                if (o.size() > largest.size()) {
                    largest = o;
                }
            }
            assertEquals(largest.classKey(), s.truth().main(), s.key());
            Set<String> classes = new HashSet<>();
            Set<Integer> sizes = new HashSet<>();
            for (SceneObject o : s.objects()) {
                classes.add(o.classKey());
                sizes.add(o.size());
            }
            assertEquals(s.objects().size(), classes.size(), "distinct classes in " + s.key());
            assertEquals(s.objects().size(), sizes.size(), "distinct sizes in " + s.key());
            assertEquals(classes, s.truth().present());
        }
    }

    @Test
    void objectsLieInsideTheImage() {
        for (Scene s : scenes) {
            for (SceneObject o : s.objects()) {
                assertTrue(o.centerX() - o.size() / 2 >= 0 && o.centerX() + o.size() / 2 <= s.size(), s.key());
                assertTrue(o.centerY() - o.size() / 2 >= 0 && o.centerY() + o.size() / 2 <= s.size(), s.key());
            }
        }
    }

    @Test
    void originalLabelOfAMultiObjectSceneIsOftenNotTheMainObject() {
        int multiCorrectLabel = 0;
        int notMain = 0;
        for (Scene s : scenes) {
            if (!s.labelError() && !s.multiObject()) {
                assertEquals(s.truth().main(), s.originalLabel(), s.key());
            }
            if (!s.labelError() && s.multiObject()) {
                multiCorrectLabel++;
                if (!s.originalLabel().equals(s.truth().main())) {
                    notMain++;
                }
            }
        }
        double share = (double) notMain / multiCorrectLabel;
        assertTrue(share > 0.3 && share < 0.8, "share of multi-object labels that miss the main object: " + share);
    }

    @Test
    void flawedPipelineLabelsTheObjectThatMatchesTheBackground() {
        int checked = 0;
        for (Scene s : SceneGenerator.generate(SceneSpec.of(9, 1000).withLabelErrorRate(0).withMultiObjectRate(1))) {
            List<SceneObject> matching = s.objects().stream()
                    .filter(o -> DemoVocabulary.byKey(o.classKey()).preferredBackground() == s.background())
                    .toList();
            if (matching.size() == 1) {
                assertEquals(matching.get(0).classKey(), s.originalLabel(), s.key());
                checked++;
            }
        }
        assertTrue(checked > 500, "scenes checked: " + checked);
    }

    @Test
    void rejectsInvalidSpecs() {
        assertThrows(IllegalArgumentException.class, () -> SceneSpec.of(1, -1));
        assertThrows(IllegalArgumentException.class, () -> SceneSpec.of(1, 10).withMultiObjectRate(1.5));
        assertThrows(IllegalArgumentException.class, () -> SceneSpec.of(1, 10).withLabelErrorRate(-0.1));
        assertThrows(IllegalArgumentException.class, () -> SceneSpec.of(1, 10).withPreferredBackgroundRate(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> SceneSpec.of(1, 10).withSize(16));
        assertThrows(IllegalArgumentException.class, () -> SceneSpec.of(1, 10, "bad/prefix"));
        assertThrows(IllegalArgumentException.class, () -> SceneGenerator.generate(SceneSpec.of(1, 10), -1));
    }

    @Test
    void sceneRejectsTruthThatDoesNotFollowFromItsObjects() {
        Scene s = scenes.stream().filter(Scene::multiObject).findFirst().orElseThrow();
        String notMain = s.objects().get(1).classKey();
        SceneTruth wrong = new SceneTruth(s.truth().present(), notMain);
        assertThrows(IllegalArgumentException.class,
                () -> new Scene(s.key(), s.size(), s.background(), s.textureSeed(), s.objects(), s.originalLabel(), wrong));
    }
}
