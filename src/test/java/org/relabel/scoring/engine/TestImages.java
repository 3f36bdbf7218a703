package org.relabel.scoring.engine;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Test images and fixture paths shared by the engine tests. */
final class TestImages {

    /** The fixtures of src/test/resources/models take 32x32 inputs, ImageNet-normalised, no crop. */
    static final Preprocessing FIXTURE_PREPROCESSING = Preprocessing.stretchTo(32);

    static final int RED = 0;
    static final int GREEN = 1;
    static final int BLUE = 2;

    private TestImages() {
    }

    static Path fixture(String name) {
        URL url = TestImages.class.getResource("/models/" + name);
        if (url == null) {
            throw new IllegalStateException("test fixture models/" + name + " is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ModelSpec fixtureSpec(ModelFormat format, String name, int numClasses) {
        return new ModelSpec(format, fixture(name), FIXTURE_PREPROCESSING, numClasses);
    }

    static BufferedImage solid(int width, int height, Color colour) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    /** A picture whose dominant colour is {@code dominant} (0 red, 1 green, 2 blue), with seeded noise. */
    static BufferedImage dominant(int dominant, int size, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int[] rgb = new int[3];
                for (int c = 0; c < 3; c++) {
                    rgb[c] = c == dominant ? 170 + random.nextInt(86) : random.nextInt(90);
                }
                image.setRGB(x, y, rgb[0] << 16 | rgb[1] << 8 | rgb[2]);
            }
        }
        return image;
    }

    /** Uniform noise: no colour dominates, so the fixture models give spread-out probabilities. */
    static BufferedImage noise(int size, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return image;
    }

    static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] png(BufferedImage image) {
        return encode(image, "png");
    }
}
