package org.relabel.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.relabel.demo.world.Scene;
import org.relabel.demo.world.SceneGenerator;
import org.relabel.demo.world.SceneSpec;
import org.relabel.demo.world.SimulatedAnnotator;

/** The demo campaign's gold answers come from the hidden truth of clear scenes. */
class DemoGoldTest {

    @Test
    void goldImagesAreClearSingleObjectScenesWithTheirTruthAsAnswer() {
        List<Scene> scenes = SceneGenerator.generate(SceneSpec.of(42, 200, "demo"));
        Map<String, Scene> byFile = new HashMap<>();
        for (Scene s : scenes) byFile.put(s.key() + ".png", s);
        String csv = DemoCampaign.goldCsv(scenes, 10);
        List<String> lines = csv.lines().toList();
        assertEquals("image,labels,main", lines.get(0));
        assertEquals(11, lines.size());
        String previous = "";
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            Scene s = byFile.get(f[0]);
            assertEquals(1, s.objects().size(), line);
            assertFalse(s.labelError(), line);
            assertTrue(s.objects().get(0).size() >= SimulatedAnnotator.SMALL_OBJECT_FRACTION * s.size(),
                    "no small object that careful annotators may miss: " + line);
            assertEquals(s.truth().main(), f[1]);
            assertEquals(s.truth().main(), f[2]);
            assertTrue(f[0].compareTo(previous) > 0, "in scene order");
            previous = f[0];
        }
    }

    @Test
    void fewerClearScenesThanAskedGiveFewerGoldImages() {
        List<Scene> scenes = SceneGenerator.generate(SceneSpec.of(42, 3, "demo"));
        long clear = scenes.stream().filter(s -> s.objects().size() == 1 && !s.labelError()
                && s.objects().get(0).size() >= SimulatedAnnotator.SMALL_OBJECT_FRACTION * s.size()).count();
        assertEquals(clear + 1, DemoCampaign.goldCsv(scenes, 10).lines().count());
        assertEquals(1, DemoCampaign.goldCsv(scenes, 0).lines().count());
    }
}
