package org.relabel.demo.world;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SceneRendererTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** A 64x64 scene with one object of the class, centred, 36 px, unrotated. */
    private static Scene single(String key, int rgb, Background background) {
        SceneObject o = new SceneObject(key, 32, 32, 36, rgb, 0);
        return Scene.of("t-" + key, 64, background, 99L, List.of(o), key);
    }

    private static Scene single(DemoClass c, Background background) {
        return single(c.key(), c.rgb(), background);
    }

    private static double differingPixelShare(BufferedImage a, BufferedImage b, int threshold) {
        int differing = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                int d = Math.max(Math.abs(((p >> 16) & 0xFF) - ((q >> 16) & 0xFF)),
                        Math.max(Math.abs(((p >> 8) & 0xFF) - ((q >> 8) & 0xFF)), Math.abs((p & 0xFF) - (q & 0xFF))));
                if (d > threshold) {
                    differing++;
                }
            }
        }
        return (double) differing / (a.getWidth() * a.getHeight());
    }

    /** Mean R, G, B over the square [from, to) x [from, to). */
    private static double[] meanColour(BufferedImage img, int from, int to) {
        double[] sum = new double[3];
        for (int y = from; y < to; y++) {
            for (int x = from; x < to; x++) {
                int p = img.getRGB(x, y);
                sum[0] += (p >> 16) & 0xFF;
                sum[1] += (p >> 8) & 0xFF;
                sum[2] += p & 0xFF;
            }
        }
        int n = (to - from) * (to - from);
        return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
    }

    @Test
    void rendersSquareImagesOfTheSpecSize() {
        for (Scene s : SceneGenerator.generate(SceneSpec.of(1, 20))) {
            BufferedImage img = SceneRenderer.render(s);
            assertEquals(64, img.getWidth());
            assertEquals(64, img.getHeight());
            assertEquals(BufferedImage.TYPE_INT_RGB, img.getType());
        }
        BufferedImage big = SceneRenderer.render(SceneGenerator.generate(SceneSpec.of(1, 1).withSize(96), 0));
        assertEquals(96, big.getWidth());
        assertEquals(96, big.getHeight());
    }

    @Test
    void pngDecodesToTheRenderedPixels() throws IOException {
        Scene s = SceneGenerator.generate(SceneSpec.of(2, 5)).get(4);
        BufferedImage rendered = SceneRenderer.render(s);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(SceneRenderer.renderPng(s)));
        assertEquals(64, decoded.getWidth());
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                assertEquals(rendered.getRGB(x, y), decoded.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void differentClassesLookDifferentOnTheSameBackground() {
        List<DemoClass> classes = DemoVocabulary.classes();
        for (int i = 0; i < classes.size(); i++) {
            BufferedImage a = SceneRenderer.render(single(classes.get(i), Background.SAND));
            for (int j = i + 1; j < classes.size(); j++) {
                BufferedImage b = SceneRenderer.render(single(classes.get(j), Background.SAND));
                double share = differingPixelShare(a, b, 48);
                // the object box is 36x36 = 32% of the image; demand a clear part of it to differ
                assertTrue(share > 0.08, classes.get(i).key() + " vs " + classes.get(j).key() + ": " + share);
            }
        }
    }

    @Test
    void classesDifferInShapeEvenInTheSameColour() {
        List<DemoClass> classes = DemoVocabulary.classes();
        for (int i = 0; i < classes.size(); i++) {
            BufferedImage a = SceneRenderer.render(single(classes.get(i).key(), 0x202020, Background.SNOW));
            for (int j = i + 1; j < classes.size(); j++) {
                BufferedImage b = SceneRenderer.render(single(classes.get(j).key(), 0x202020, Background.SNOW));
                double share = differingPixelShare(a, b, 48);
                assertTrue(share > 0.04, classes.get(i).key() + " vs " + classes.get(j).key() + ": " + share);
            }
        }
    }

    @Test
    void objectsArePaintedInTheirOwnColour() {
        // a point well inside each glyph (unit box offsets), away from doors, eyes, holes and bands
        Map<Glyph, double[]> inside = new EnumMap<>(Glyph.class);
        inside.put(Glyph.CIRCLE, new double[] {0.15, 0.15});
        inside.put(Glyph.TRIANGLE, new double[] {0, -0.15});
        inside.put(Glyph.STAR, new double[] {0, 0});
        inside.put(Glyph.RING, new double[] {0, -0.38});
        inside.put(Glyph.FISH, new double[] {0, 0});
        inside.put(Glyph.HOUSE, new double[] {0.25, 0.25});
        inside.put(Glyph.ARROW, new double[] {-0.2, 0});
        inside.put(Glyph.HEART, new double[] {0, 0});
        inside.put(Glyph.CRESCENT, new double[] {-0.35, 0.1});
        inside.put(Glyph.FRAME, new double[] {0, -0.4});
        for (DemoClass c : DemoVocabulary.classes()) {
            double[] d = inside.get(c.glyph());
            BufferedImage img = SceneRenderer.render(single(c, Background.GRASS));
            int x = (int) Math.floor(32 + d[0] * 36);
            int y = (int) Math.floor(32 + d[1] * 36);
            assertEquals(Integer.toHexString(c.rgb()), Integer.toHexString(img.getRGB(x, y) & 0xFFFFFF), c.key());
        }
    }

    @Test
    void backgroundsHaveTheirCharacteristicColours() {
        Map<Background, double[]> mean = new EnumMap<>(Background.class);
        for (Background b : Background.values()) {
            Scene s = Scene.of("bg", 64, b, 5L, List.of(new SceneObject("ball", 6, 6, 8, 0xD62828, 0)), "ball");
            mean.put(b, meanColour(SceneRenderer.render(s), 16, 64));
        }
        double[] water = mean.get(Background.WATER);
        assertTrue(water[2] > water[0] + 60 && water[2] > water[1], "water is blue");
        double[] grass = mean.get(Background.GRASS);
        assertTrue(grass[1] > grass[0] + 40 && grass[1] > grass[2] + 40, "grass is green");
        double[] sand = mean.get(Background.SAND);
        assertTrue(sand[0] > sand[1] && sand[1] > sand[2] && sand[0] > 180, "sand is beige");
        double[] snow = mean.get(Background.SNOW);
        assertTrue(snow[0] > 200 && snow[1] > 200 && snow[2] > 200, "snow is near white");
        double[] brick = mean.get(Background.BRICK);
        assertTrue(brick[0] > brick[1] + 50 && brick[0] > brick[2] + 50, "brick is red");
        double[] sky = mean.get(Background.SKY);
        assertTrue(sky[2] > sky[1] && sky[1] > sky[0] && sky[2] > 200, "sky is light blue");
        for (Background a : Background.values()) {
            for (Background b : Background.values()) {
                if (a.ordinal() < b.ordinal()) {
                    double[] p = mean.get(a);
                    double[] q = mean.get(b);
                    double distance = Math.sqrt(Math.pow(p[0] - q[0], 2) + Math.pow(p[1] - q[1], 2) + Math.pow(p[2] - q[2], 2));
                    assertTrue(distance > 30, a + " vs " + b + ": " + distance);
                }
            }
        }
    }

    @Test
    void backgroundsAreTexturedNotFlat() {
        for (Background b : Background.values()) {
            Scene s = Scene.of("bg", 64, b, 11L, List.of(new SceneObject("ball", 6, 6, 8, 0xD62828, 0)), "ball");
            BufferedImage img = SceneRenderer.render(s);
            double sum = 0;
            double sumSq = 0;
            int n = 0;
            for (int y = 16; y < 64; y++) {
                for (int x = 16; x < 64; x++) {
                    int p = img.getRGB(x, y);
                    double lum = 0.299 * ((p >> 16) & 0xFF) + 0.587 * ((p >> 8) & 0xFF) + 0.114 * (p & 0xFF);
                    sum += lum;
                    sumSq += lum * lum;
                    n++;
                }
            }
            double sd = Math.sqrt(sumSq / n - (sum / n) * (sum / n));
            assertTrue(sd > 2.0, b + " luminance sd " + sd);
        }
    }

    @Test
    void swappingTheBackgroundKeepsTheObjectAndChangesTheRest() {
        Scene s = single(DemoVocabulary.byKey("fish"), Background.WATER);
        BufferedImage water = SceneRenderer.render(s);
        BufferedImage brick = SceneRenderer.renderWithBackground(s, Background.BRICK);
        assertEquals(water.getRGB(32, 32), brick.getRGB(32, 32));
        assertTrue(differingPixelShare(water, brick, 48) > 0.4);
    }

    @Test
    void counterfactualBackgroundIsPreferredByNoObjectAndKeepsLabelsAndTruth() {
        for (Scene s : SceneGenerator.generate(SceneSpec.of(21, 500))) {
            Scene swapped = s.withNonPreferredBackground();
            assertNotEquals(s.background(), swapped.background(), s.key());
            assertFalse(swapped.onPreferredBackground(), s.key());
            assertEquals(s.truth(), swapped.truth());
            assertEquals(s.originalLabel(), swapped.originalLabel());
            assertEquals(s.objects(), swapped.objects());
            assertEquals(swapped, s.withNonPreferredBackground(), "deterministic");
        }
    }

    @Test
    void sameSceneRendersToTheSamePixels() {
        Scene s = SceneGenerator.generate(SceneSpec.of(8, 3)).get(2);
        BufferedImage a = SceneRenderer.render(s);
        BufferedImage b = SceneRenderer.render(s);
        assertArrayEquals(a.getRGB(0, 0, 64, 64, null, 0, 64), b.getRGB(0, 0, 64, 64, null, 0, 64));
    }
}
