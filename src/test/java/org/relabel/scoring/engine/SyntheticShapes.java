package org.relabel.scoring.engine;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Seeded 64x64 pictures of one of four shapes (0 disc, 1 square, 2 triangle, 3 cross) in a random colour, size
 * and place on a noisy background: a small task a CNN must look at shape, not colour, to solve.
 */
final class SyntheticShapes {

    static final int CLASSES = 4;
    static final int SIZE = 64;

    private SyntheticShapes() {
    }

    static BufferedImage draw(int shape, Random random) {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        int base = random.nextInt(1 << 24);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int r = clamp(((base >> 16) & 0xff) / 2 + random.nextInt(60));
                int g = clamp(((base >> 8) & 0xff) / 2 + random.nextInt(60));
                int b = clamp((base & 0xff) / 2 + random.nextInt(60));
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(120 + random.nextInt(136), 120 + random.nextInt(136), 120 + random.nextInt(136)));
        int s = 20 + random.nextInt(14);
        int x = random.nextInt(SIZE - s);
        int y = random.nextInt(SIZE - s);
        switch (shape) {
            case 0 -> g.fillOval(x, y, s, s);
            case 1 -> g.fillRect(x, y, s, s);
            case 2 -> g.fillPolygon(new int[] {x, x + s / 2, x + s}, new int[] {y + s, y, y + s}, 3);
            case 3 -> {
                g.fillRect(x, y + s / 3, s, s / 3);
                g.fillRect(x + s / 3, y, s / 3, s);
            }
            default -> throw new IllegalArgumentException("shape " + shape);
        }
        g.dispose();
        return image;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
