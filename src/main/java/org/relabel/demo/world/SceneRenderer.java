package org.relabel.demo.world;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.EnumMap;
import java.util.Map;

/**
 * Draws {@link Scene}s with java.awt (works headless): a procedural background texture, then each
 * object's glyph back to front, filled in its colour with a darker outline.
 *
 * <p>Rendering is a pure function of the scene: texture noise comes from
 * {@link Scene#textureSeed()} through a generator defined here, and all trigonometry uses
 * {@link StrictMath}, so the same scene gives the same pixels and the same PNG bytes on every run
 * (across JDK or zlib versions, anti-aliased edges and compressed bytes may differ slightly).
 */
public final class SceneRenderer {

    /** Colour of the lifebuoy's bands. */
    private static final int LIFEBUOY_BAND = 0xD21E1E;

    /** The unit glyph shapes, built once; only ever read (transformed copies are drawn). */
    private static final Map<Glyph, Shape> UNIT_SHAPES = new EnumMap<>(Glyph.class);
    /** The lifebuoy's four red bands in the unit box. */
    private static final Shape LIFEBUOY_BANDS;

    static {
        for (Glyph glyph : Glyph.values()) {
            UNIT_SHAPES.put(glyph, buildUnitShape(glyph));
        }
        Area bands = new Area();
        for (int k = 0; k < 4; k++) {
            bands.add(new Area(new Arc2D.Double(-0.6, -0.6, 1.2, 1.2, 45 + 90 * k - 16, 32, Arc2D.PIE)));
        }
        bands.intersect(new Area(UNIT_SHAPES.get(Glyph.RING)));
        LIFEBUOY_BANDS = bands;
    }

    private SceneRenderer() {
    }

    /** The scene as a {@code size x size} RGB image. */
    public static BufferedImage render(Scene scene) {
        int side = scene.size();
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        paintBackground(pixels, side, scene.background(), new TextureRandom(scene.textureSeed()));
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            for (SceneObject o : scene.objects()) {
                drawObject(g, o, side);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The scene rendered and encoded as PNG. */
    public static byte[] renderPng(Scene scene) {
        return toPng(render(scene));
    }

    /** The scene rendered on another background (objects, texture seed and labels unchanged). */
    public static BufferedImage renderWithBackground(Scene scene, Background background) {
        return render(scene.withBackground(background));
    }

    /**
     * Encodes an image as an 8-bit RGB PNG (alpha dropped) with no metadata, so equal pixels give equal
     * bytes.
     */
    public static byte[] toPng(BufferedImage image) {
        return PngEncoder.encode(image);
    }

    // ---------------------------------------------------------------- objects

    private static void drawObject(Graphics2D g, SceneObject o, int side) {
        // translate(centre) * rotate(angle) * scale(size), with StrictMath trigonometry
        double angle = StrictMath.toRadians(o.rotationDegrees());
        double cos = StrictMath.cos(angle) * o.size();
        double sin = StrictMath.sin(angle) * o.size();
        AffineTransform at = new AffineTransform(cos, sin, -sin, cos, o.centerX(), o.centerY());
        Color fill = new Color(o.rgb());
        Color outline = shade(o.rgb(), 0.5);
        Glyph glyph = o.demoClass().glyph();
        Shape body = at.createTransformedShape(unitShape(glyph));
        g.setColor(fill);
        g.fill(body);
        // details in a second colour
        switch (glyph) {
            case CIRCLE -> {
                g.setColor(shade(o.rgb(), 1.6));
                g.fill(at.createTransformedShape(new Ellipse2D.Double(-0.30, -0.30, 0.22, 0.22)));
            }
            case TRIANGLE -> {
                g.setColor(shade(o.rgb(), 0.35));
                g.fill(at.createTransformedShape(polygon(0, -0.02, 0.16, 0.45, -0.16, 0.45)));
            }
            case RING -> {
                g.setColor(new Color(LIFEBUOY_BAND));
                g.fill(at.createTransformedShape(LIFEBUOY_BANDS));
            }
            case FISH -> {
                g.setColor(shade(o.rgb(), 0.25));
                g.fill(at.createTransformedShape(new Ellipse2D.Double(-0.36, -0.11, 0.1, 0.1)));
            }
            case HOUSE -> {
                g.setColor(shade(o.rgb(), 0.55));
                g.fill(at.createTransformedShape(polygon(-0.5, 0.0, 0, -0.5, 0.5, 0.0)));
                g.setColor(shade(o.rgb(), 0.3));
                g.fill(at.createTransformedShape(new Rectangle2D.Double(-0.09, 0.18, 0.18, 0.28)));
            }
            default -> {
                // single-colour glyphs
            }
        }
        g.setColor(outline);
        g.setStroke(new BasicStroke(Math.max(1f, side / 64f)));
        g.draw(body);
    }

    /** The glyph in a unit box centred on the origin (x and y in [-0.5, 0.5], y down). */
    static Shape unitShape(Glyph glyph) {
        return UNIT_SHAPES.get(glyph);
    }

    private static Shape buildUnitShape(Glyph glyph) {
        return switch (glyph) {
            case CIRCLE -> new Ellipse2D.Double(-0.5, -0.5, 1, 1);
            case TRIANGLE -> polygon(0, -0.5, 0.5, 0.45, -0.5, 0.45);
            case STAR -> star();
            case RING -> {
                Area a = new Area(new Ellipse2D.Double(-0.5, -0.5, 1, 1));
                a.subtract(new Area(new Ellipse2D.Double(-0.27, -0.27, 0.54, 0.54)));
                yield a;
            }
            case FISH -> {
                Area a = new Area(new Ellipse2D.Double(-0.5, -0.26, 0.72, 0.52));
                a.add(new Area(polygon(0.12, 0, 0.5, -0.3, 0.5, 0.3)));
                yield a;
            }
            case HOUSE -> {
                Area a = new Area(new Rectangle2D.Double(-0.36, -0.04, 0.72, 0.52));
                a.add(new Area(polygon(-0.5, 0.0, 0, -0.5, 0.5, 0.0)));
                yield a;
            }
            case ARROW -> {
                Area a = new Area(new Rectangle2D.Double(-0.5, -0.12, 0.56, 0.24));
                a.add(new Area(polygon(0.02, -0.38, 0.5, 0, 0.02, 0.38)));
                yield a;
            }
            case HEART -> {
                Path2D.Double p = new Path2D.Double();
                p.moveTo(0, 0.48);
                p.curveTo(-0.2, 0.3, -0.5, 0.1, -0.5, -0.17);
                p.curveTo(-0.5, -0.45, -0.12, -0.52, 0, -0.25);
                p.curveTo(0.12, -0.52, 0.5, -0.45, 0.5, -0.17);
                p.curveTo(0.5, 0.1, 0.2, 0.3, 0, 0.48);
                p.closePath();
                yield p;
            }
            case CRESCENT -> {
                Area a = new Area(new Ellipse2D.Double(-0.5, -0.5, 1, 1));
                a.subtract(new Area(new Ellipse2D.Double(-0.22, -0.62, 0.9, 0.9)));
                yield a;
            }
            case FRAME -> {
                Area a = new Area(new Rectangle2D.Double(-0.5, -0.5, 1, 1));
                a.subtract(new Area(new Rectangle2D.Double(-0.27, -0.27, 0.54, 0.54)));
                yield a;
            }
        };
    }

    private static Shape star() {
        Path2D.Double p = new Path2D.Double();
        for (int k = 0; k < 10; k++) {
            double radius = k % 2 == 0 ? 0.52 : 0.21;
            double angle = -StrictMath.PI / 2 + k * StrictMath.PI / 5;
            double x = radius * StrictMath.cos(angle);
            double y = radius * StrictMath.sin(angle) + 0.04;
            if (k == 0) {
                p.moveTo(x, y);
            } else {
                p.lineTo(x, y);
            }
        }
        p.closePath();
        return p;
    }

    private static Path2D polygon(double... xy) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            p.lineTo(xy[i], xy[i + 1]);
        }
        p.closePath();
        return p;
    }

    private static Color shade(int rgb, double factor) {
        int r = clamp((int) Math.round(((rgb >> 16) & 0xFF) * factor));
        int g = clamp((int) Math.round(((rgb >> 8) & 0xFF) * factor));
        int b = clamp((int) Math.round((rgb & 0xFF) * factor));
        if (factor > 1) { // lighten towards white as well, so that light colours still get a highlight
            r = clamp(r + 40);
            g = clamp(g + 40);
            b = clamp(b + 40);
        }
        return new Color(r, g, b);
    }

    // ------------------------------------------------------------- backgrounds

    private static void paintBackground(int[] px, int side, Background background, TextureRandom r) {
        double f = side / 64.0;
        switch (background) {
            case WATER -> water(px, side, f, r);
            case GRASS -> grass(px, side, f, r);
            case SAND -> sand(px, side, f, r);
            case SNOW -> snow(px, side, r);
            case BRICK -> brick(px, side, f, r);
            case SKY -> sky(px, side, f, r);
        }
    }

    private static void water(int[] px, int side, double f, TextureRandom r) {
        int[] base = jitterBase(r, 35, 95, 185, 12);
        double phase1 = r.nextDouble() * 2 * StrictMath.PI;
        double phase2 = r.nextDouble() * 2 * StrictMath.PI;
        double freq = 0.85 + 0.3 * r.nextDouble();
        // w = sin(rowPhase(y) + columnBend(x)), expanded as sin(a)cos(b) + cos(a)sin(b) to keep sines per row/column
        double[] sinRow = new double[side];
        double[] cosRow = new double[side];
        for (int y = 0; y < side; y++) {
            double a = y / f * freq + phase2;
            sinRow[y] = StrictMath.sin(a);
            cosRow[y] = StrictMath.cos(a);
        }
        double[] sinColumn = new double[side];
        double[] cosColumn = new double[side];
        for (int x = 0; x < side; x++) {
            double b = 1.3 * StrictMath.sin(x / f * 0.22 + phase1);
            sinColumn[x] = StrictMath.sin(b);
            cosColumn[x] = StrictMath.cos(b);
        }
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double w = sinRow[y] * cosColumn[x] + cosRow[y] * sinColumn[x];
                double crest = w > 0 ? w * w * w * w : 0;
                double trough = w < 0 ? -w * 0.25 : 0;
                int n = r.nextInt(9) - 4;
                px[y * side + x] = rgb(base[0] + 150 * crest - 20 * trough + n,
                        base[1] + 120 * crest - 20 * trough + n,
                        base[2] + 60 * crest - 10 * trough + n);
            }
        }
    }

    private static void grass(int[] px, int side, double f, TextureRandom r) {
        int[] base = jitterBase(r, 70, 150, 55, 12);
        for (int i = 0; i < px.length; i++) {
            int n = r.nextInt(45) - 22;
            px[i] = rgb(base[0] + n / 2.0, base[1] + n, base[2] + n / 3.0);
        }
        int blades = (int) Math.round(70 * f * f);
        for (int b = 0; b < blades; b++) {
            int x = r.nextInt(side);
            int y = r.nextInt(side);
            int len = (int) Math.round((3 + r.nextInt(4)) * f);
            boolean dark = r.nextBoolean();
            int lean = r.nextInt(3) - 1;
            for (int k = 0; k < len; k++) {
                int xx = x + (k * lean) / 3;
                int yy = y - k;
                if (xx >= 0 && xx < side && yy >= 0) {
                    px[yy * side + xx] = dark ? rgb(base[0] - 35, base[1] - 45, base[2] - 25)
                            : rgb(base[0] + 40, base[1] + 45, base[2] + 30);
                }
            }
        }
    }

    private static void sand(int[] px, int side, double f, TextureRandom r) {
        int[] base = jitterBase(r, 222, 196, 140, 10);
        for (int i = 0; i < px.length; i++) {
            int n = r.nextInt(17) - 8;
            px[i] = rgb(base[0] + n, base[1] + n, base[2] + n);
        }
        int dots = (int) Math.round(160 * f * f);
        for (int d = 0; d < dots; d++) {
            int i = r.nextInt(px.length);
            px[i] = r.nextBoolean() ? rgb(base[0] - 50, base[1] - 55, base[2] - 50)
                    : rgb(base[0] + 25, base[1] + 28, base[2] + 35);
        }
    }

    private static void snow(int[] px, int side, TextureRandom r) {
        int[] base = jitterBase(r, 236, 241, 248, 6);
        for (int y = 0; y < side; y++) {
            double t = (double) y / side;
            for (int x = 0; x < side; x++) {
                int n = r.nextInt(7) - 3;
                px[y * side + x] = rgb(base[0] - 12 * (1 - t) + n, base[1] - 8 * (1 - t) + n, base[2] + n);
            }
        }
        int speckles = px.length / 40;
        for (int s = 0; s < speckles; s++) {
            px[r.nextInt(px.length)] = rgb(base[0] - 40, base[1] - 32, base[2] - 20);
        }
    }

    private static void brick(int[] px, int side, double f, TextureRandom r) {
        int[] base = jitterBase(r, 165, 70, 50, 12);
        int brickH = Math.max(4, (int) Math.round(8 * f));
        int brickW = brickH * 2;
        int mortar = Math.max(1, (int) Math.round(f));
        int offsetX = r.nextInt(brickW);
        int offsetY = r.nextInt(brickH);
        int rows = side / brickH + 2;
        int cols = side / brickW + 2;
        int[] tone = new int[rows * cols];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = r.nextInt(31) - 15;
        }
        for (int y = 0; y < side; y++) {
            int yy = y + offsetY;
            int row = yy / brickH;
            int inRowY = yy % brickH;
            for (int x = 0; x < side; x++) {
                int xx = x + offsetX + (row % 2 == 1 ? brickW / 2 : 0);
                int col = xx / brickW;
                int inRowX = xx % brickW;
                int n = r.nextInt(13) - 6;
                if (inRowY < mortar || inRowX < mortar) {
                    px[y * side + x] = rgb(205 + n, 195 + n, 180 + n);
                } else {
                    int t = tone[(row % rows) * cols + (col % cols)];
                    px[y * side + x] = rgb(base[0] + t + n, base[1] + t / 2.0 + n, base[2] + t / 2.0 + n);
                }
            }
        }
    }

    private static void sky(int[] px, int side, double f, TextureRandom r) {
        int[] top = jitterBase(r, 70, 135, 220, 12);
        int[] bottom = jitterBase(r, 175, 210, 245, 8);
        int clouds = 1 + r.nextInt(2);
        double[][] c = new double[clouds][];
        for (int k = 0; k < clouds; k++) {
            c[k] = new double[] {r.nextDouble() * side, r.nextDouble() * side * 0.8,
                (10 + r.nextDouble() * 8) * f, (4 + r.nextDouble() * 3) * f};
        }
        for (int y = 0; y < side; y++) {
            double t = (double) y / (side - 1);
            for (int x = 0; x < side; x++) {
                double red = top[0] + (bottom[0] - top[0]) * t;
                double green = top[1] + (bottom[1] - top[1]) * t;
                double blue = top[2] + (bottom[2] - top[2]) * t;
                double cloud = 0;
                for (double[] cl : c) {
                    double dx = (x - cl[0]) / cl[2];
                    double dy = (y - cl[1]) / cl[3];
                    cloud = Math.max(cloud, 1 - (dx * dx + dy * dy));
                }
                if (cloud > 0) {
                    double a = Math.min(1, cloud * 1.6) * 0.85;
                    red += (250 - red) * a;
                    green += (252 - green) * a;
                    blue += (255 - blue) * a;
                }
                int n = r.nextInt(5) - 2;
                px[y * side + x] = rgb(red + n, green + n, blue + n);
            }
        }
    }

    private static int[] jitterBase(TextureRandom r, int red, int green, int blue, int amount) {
        return new int[] {red + r.nextInt(2 * amount + 1) - amount, green + r.nextInt(2 * amount + 1) - amount,
            blue + r.nextInt(2 * amount + 1) - amount};
    }

    private static int rgb(double red, double green, double blue) {
        return (clamp((int) Math.round(red)) << 16) | (clamp((int) Math.round(green)) << 8)
                | clamp((int) Math.round(blue));
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /**
     * The texture noise source: SplitMix64 (Steele, Lea and Flood, OOPSLA 2014), defined here so that
     * textures never change with the JDK, and cheaper per pixel than {@link java.util.Random}.
     */
    private static final class TextureRandom {
        private long state;

        TextureRandom(long seed) {
            this.state = seed;
        }

        long nextLong() {
            long z = (state += 0x9E3779B97F4A7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        /** Uniform in [0, bound) (multiply-shift on the top 31 bits; bias below 2^-20 for the bounds used). */
        int nextInt(int bound) {
            return (int) (((nextLong() >>> 33) * bound) >>> 31);
        }

        boolean nextBoolean() {
            return nextLong() < 0;
        }

        double nextDouble() {
            return (nextLong() >>> 11) * 0x1.0p-53;
        }
    }
}
