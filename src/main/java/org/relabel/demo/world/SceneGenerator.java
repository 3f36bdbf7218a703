package org.relabel.demo.world;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Generates the scenes of the synthetic demo world, deterministically from a {@link SceneSpec}.
 *
 * <p>It plants the failures of ImageNet-style test sets that the platform is meant to find
 * (Tsipras et al., ICML 2020; Beyer et al., "Are we done with ImageNet?", 2020; Northcutt et al., 2021):
 * <ol>
 * <li><b>Spurious context.</b> Each scene has an <i>anchor</i> class, drawn uniformly. With
 *     probability {@code preferredBackgroundRate} the scene is drawn on the anchor's preferred
 *     background, otherwise on one of the other backgrounds, uniformly.</li>
 * <li><b>Multiple objects.</b> With probability {@code multiObjectRate} the scene holds 2 objects
 *     (or 3, with probability {@value #THREE_OBJECT_SHARE} of those), the others being distinct classes
 *     drawn uniformly. One random object gets a large box (42-56% of the image side), the others small
 *     boxes (20-34%), sizes at least max(3 px, 5% of the side) apart; a lone object gets 38-62%. Boxes are placed
 *     to overlap little; the largest is drawn first (at the back). The main object is the largest
 *     (see {@link SceneTruth}).</li>
 * <li><b>A flawed labelling pipeline</b> picks one object as the original label: the largest object
 *     whose class prefers the scene's background if there is one (the labeller went by context);
 *     otherwise the largest object with probability {@value #LARGEST_WHEN_NO_CONTEXT}, else one of the
 *     smaller objects at random. So on multi-object scenes the original label is often not the main
 *     object.</li>
 * <li><b>Plain label errors.</b> With probability {@code labelErrorRate} that label is replaced by
 *     a class absent from the scene, uniformly ({@link Scene#labelError()}).</li>
 * </ol>
 * Objects get their class colour with a jitter of up to &plusmn;{@value #COLOUR_JITTER} per channel
 * and a rotation of up to &plusmn;{@value #MAX_ROTATION} degrees.
 *
 * <p>Scene {@code i} is drawn from a random stream seeded by {@code (seed, i)} alone, so the first
 * scenes of a spec do not change with {@code count}.
 */
public final class SceneGenerator {

    /** Share of 3-object scenes among multi-object scenes. */
    public static final double THREE_OBJECT_SHARE = 0.35;
    /** Probability that the pipeline labels the largest object when no object matches the background. */
    public static final double LARGEST_WHEN_NO_CONTEXT = 0.75;
    /** Maximum colour jitter per channel. */
    public static final int COLOUR_JITTER = 18;
    /** Maximum glyph rotation in degrees. */
    public static final int MAX_ROTATION = 15;

    private static final long SALT_SCENE = 0x5CE4E5L;
    private static final int PLACEMENT_TRIES = 60;

    private SceneGenerator() {
    }

    /** All scenes of the spec, in index order. */
    public static List<Scene> generate(SceneSpec spec) {
        List<Scene> scenes = new ArrayList<>(spec.count());
        for (int i = 0; i < spec.count(); i++) {
            scenes.add(generate(spec, i));
        }
        return scenes;
    }

    /**
     * Scene {@code index} of the spec; equal to {@code generate(spec).get(index)} (the index may also
     * exceed {@code spec.count()}).
     */
    public static Scene generate(SceneSpec spec, int index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative: " + index);
        }
        Random r = new Random(Seeds.mix(spec.seed(), index, SALT_SCENE));
        int side = spec.size();
        List<DemoClass> vocabulary = DemoVocabulary.classes();

        DemoClass anchor = vocabulary.get(r.nextInt(vocabulary.size()));
        Background background = chooseBackground(r, anchor, spec.preferredBackgroundRate());

        int objectCount = 1;
        if (r.nextDouble() < spec.multiObjectRate()) {
            objectCount = r.nextDouble() < THREE_OBJECT_SHARE ? 3 : 2;
        }
        List<DemoClass> classes = new ArrayList<>(objectCount);
        classes.add(anchor);
        List<DemoClass> others = new ArrayList<>(vocabulary);
        others.remove(anchor);
        Collections.shuffle(others, r);
        classes.addAll(others.subList(0, objectCount - 1));
        Collections.shuffle(classes, r); // which class gets the large box

        int[] sizes = sizes(r, objectCount, side);
        List<SceneObject> objects = place(r, classes, sizes, side);
        long textureSeed = r.nextLong();

        String originalLabel = flawedLabel(r, objects, background);
        if (r.nextDouble() < spec.labelErrorRate()) {
            List<String> absent = new ArrayList<>();
            for (DemoClass c : vocabulary) {
                if (objects.stream().noneMatch(o -> o.classKey().equals(c.key()))) {
                    absent.add(c.key());
                }
            }
            originalLabel = absent.get(r.nextInt(absent.size()));
        }
        return Scene.of(spec.keyOf(index), side, background, textureSeed, objects, originalLabel);
    }

    private static Background chooseBackground(Random r, DemoClass anchor, double preferredRate) {
        if (r.nextDouble() < preferredRate) {
            return anchor.preferredBackground();
        }
        List<Background> others = new ArrayList<>(List.of(Background.values()));
        others.remove(anchor.preferredBackground());
        return others.get(r.nextInt(others.size()));
    }

    /** Box sides, largest first, pairwise at least 5% of the side apart. */
    private static int[] sizes(Random r, int objectCount, int side) {
        if (objectCount == 1) {
            return new int[] {uniform(r, frac(side, 0.38), frac(side, 0.62))};
        }
        int gap = Math.max(3, frac(side, 0.05));
        int[] sizes = new int[objectCount];
        sizes[0] = uniform(r, frac(side, 0.42), frac(side, 0.56));
        int lo = frac(side, 0.20);
        int hi = frac(side, 0.34);
        for (int i = 1; i < objectCount; i++) {
            int s;
            boolean clash;
            do {
                s = uniform(r, lo, hi);
                clash = false;
                for (int j = 1; j < i; j++) {
                    clash |= Math.abs(sizes[j] - s) < gap;
                }
            } while (clash);
            sizes[i] = s;
        }
        // keep the small ones in descending order so that list order is the drawing (back-to-front) order
        for (int i = 1; i < objectCount; i++) {
            for (int j = i + 1; j < objectCount; j++) {
                if (sizes[j] > sizes[i]) {
                    int t = sizes[i];
                    sizes[i] = sizes[j];
                    sizes[j] = t;
                }
            }
        }
        return sizes;
    }

    /** Places boxes (largest first) so that centres are far enough apart for glyphs to overlap little. */
    private static List<SceneObject> place(Random r, List<DemoClass> classes, int[] sizes, int side) {
        List<SceneObject> placed = new ArrayList<>(classes.size());
        for (int i = 0; i < classes.size(); i++) {
            int s = sizes[i];
            int min = s / 2 + 1;
            int max = side - (s - s / 2) - 1;
            int bestX = side / 2;
            int bestY = side / 2;
            double bestSlack = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < PLACEMENT_TRIES && bestSlack < 0; t++) {
                int x = uniform(r, min, max);
                int y = uniform(r, min, max);
                double slack = Double.POSITIVE_INFINITY;
                for (SceneObject o : placed) {
                    double dx = o.centerX() - x;
                    double dy = o.centerY() - y;
                    double d = Math.sqrt(dx * dx + dy * dy);
                    slack = Math.min(slack, d - 0.45 * (o.size() + s));
                }
                if (slack > bestSlack) {
                    bestSlack = slack;
                    bestX = x;
                    bestY = y;
                }
            }
            DemoClass c = classes.get(i);
            int rotation = uniform(r, -MAX_ROTATION, MAX_ROTATION);
            placed.add(new SceneObject(c.key(), bestX, bestY, s, jitter(r, c.rgb()), rotation));
        }
        return placed;
    }

    /** The flawed pipeline's choice; {@code objects} is in salience order (largest first). */
    private static String flawedLabel(Random r, List<SceneObject> objects, Background background) {
        for (SceneObject o : objects) {
            if (o.demoClass().preferredBackground() == background) {
                return o.classKey();
            }
        }
        double u = r.nextDouble();
        if (objects.size() == 1 || u < LARGEST_WHEN_NO_CONTEXT) {
            return objects.get(0).classKey();
        }
        return objects.get(1 + r.nextInt(objects.size() - 1)).classKey();
    }

    private static int jitter(Random r, int rgb) {
        int red = clamp(((rgb >> 16) & 0xFF) + uniform(r, -COLOUR_JITTER, COLOUR_JITTER));
        int green = clamp(((rgb >> 8) & 0xFF) + uniform(r, -COLOUR_JITTER, COLOUR_JITTER));
        int blue = clamp((rgb & 0xFF) + uniform(r, -COLOUR_JITTER, COLOUR_JITTER));
        return (red << 16) | (green << 8) | blue;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static int frac(int side, double f) {
        return (int) Math.round(side * f);
    }

    /** Uniform integer in [lo, hi]. */
    private static int uniform(Random r, int lo, int hi) {
        return lo + r.nextInt(hi - lo + 1);
    }
}
