package org.relabel.demo.world;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The hidden ground truth of a scene's objects: which classes are present and which object is the
 * main one (the answers to the two questions annotators are asked, after Tsipras et al., "From
 * ImageNet to Image Classification", ICML 2020). The platform never sees this; tests and
 * benchmarks use it to measure how well consensus recovers it.
 *
 * <p><b>Main-object rule</b>: the object with the largest bounding box; ties (which the
 * {@link SceneGenerator} never produces: its sizes in one scene differ by at least 3 pixels at 64x64) go
 * to the object whose centre is closest to the image centre, then to the lower class index.
 *
 * @param present the class keys present, ordered by the main-object rule (main first)
 * @param main    the key of the main object; always an element of {@code present}
 */
public record SceneTruth(Set<String> present, String main) {

    public SceneTruth {
        Objects.requireNonNull(main, "main");
        if (present == null || present.isEmpty()) {
            throw new IllegalArgumentException("a scene holds at least one object");
        }
        present = Collections.unmodifiableSet(new LinkedHashSet<>(present));
        if (!present.contains(main)) {
            throw new IllegalArgumentException("main object " + main + " is not among present " + present);
        }
    }

    /** Number of distinct classes present. */
    public int objectCount() {
        return present.size();
    }

    /**
     * Derives the truth from a scene's objects by the main-object rule.
     *
     * @param objects   the objects, non-empty, of distinct classes
     * @param imageSize side of the (square) image in pixels, for the centrality tie-break
     */
    public static SceneTruth of(List<SceneObject> objects, int imageSize) {
        if (objects.isEmpty()) {
            throw new IllegalArgumentException("a scene holds at least one object");
        }
        List<SceneObject> ranked = new ArrayList<>(objects);
        ranked.sort(salienceOrder(imageSize));
        Set<String> present = new LinkedHashSet<>();
        for (SceneObject o : ranked) {
            if (!present.add(o.classKey())) {
                throw new IllegalArgumentException("two objects of class " + o.classKey() + " in one scene");
            }
        }
        return new SceneTruth(present, ranked.get(0).classKey());
    }

    /**
     * The order of the main-object rule: larger first, then closer to the centre, then lower class index.
     */
    public static Comparator<SceneObject> salienceOrder(int imageSize) {
        double c = imageSize / 2.0;
        return Comparator.comparingInt(SceneObject::size).reversed()
                .thenComparingDouble((SceneObject o) -> {
                    double dx = o.centerX() - c;
                    double dy = o.centerY() - c;
                    return dx * dx + dy * dy;
                })
                .thenComparingInt(o -> DemoVocabulary.indexOf(o.classKey()));
    }
}
