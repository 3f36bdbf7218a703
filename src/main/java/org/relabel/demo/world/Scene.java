package org.relabel.demo.world;

import java.util.List;
import java.util.Objects;

/**
 * One generated scene of the demo world: what is drawn, the label the flawed pipeline gave it, and
 * the hidden truth.
 *
 * <p>A scene is a pure description; {@link SceneRenderer#render(Scene)} turns it into pixels
 * deterministically (the texture noise comes from {@code textureSeed}).
 *
 * @param key           the image key, e.g. {@code test-00042}
 * @param size          side of the square image in pixels
 * @param background    the background texture (part of the hidden truth)
 * @param textureSeed   seed of the background texture noise
 * @param objects       the objects in drawing order (back to front), one per class
 * @param originalLabel the label the flawed labelling pipeline shipped (the dataset's "original label")
 * @param truth         the hidden truth: classes present and the main object
 */
public record Scene(String key, int size, Background background, long textureSeed, List<SceneObject> objects,
        String originalLabel, SceneTruth truth) {

    public Scene {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(background, "background");
        Objects.requireNonNull(originalLabel, "originalLabel");
        Objects.requireNonNull(truth, "truth");
        if (!DemoVocabulary.contains(originalLabel)) {
            throw new IllegalArgumentException("original label is not a demo class: " + originalLabel);
        }
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
        objects = List.copyOf(objects);
        if (!truth.equals(SceneTruth.of(objects, size))) {
            throw new IllegalArgumentException("truth " + truth + " does not follow from the objects of " + key);
        }
    }

    /** Builds a scene whose truth is derived from its objects by the rule of {@link SceneTruth}. */
    public static Scene of(String key, int size, Background background, long textureSeed, List<SceneObject> objects,
            String originalLabel) {
        return new Scene(key, size, background, textureSeed, objects, originalLabel, SceneTruth.of(objects, size));
    }

    /** Planted flag: the original label names no object in the scene (a plain label error). */
    public boolean labelError() {
        return !truth.present().contains(originalLabel);
    }

    /** Planted flag: the scene holds more than one object. */
    public boolean multiObject() {
        return objects.size() > 1;
    }

    /** Whether the original label is the main object. */
    public boolean originalLabelIsMain() {
        return originalLabel.equals(truth.main());
    }

    /** Whether the background is the preferred background of at least one object present. */
    public boolean onPreferredBackground() {
        return objects.stream().anyMatch(o -> o.demoClass().preferredBackground() == background);
    }

    /** The same scene (objects, labels, truth and texture seed) on another background. */
    public Scene withBackground(Background newBackground) {
        return new Scene(key, size, newBackground, textureSeed, objects, originalLabel, truth);
    }

    /**
     * The same scene moved to a background that none of its objects prefers, chosen
     * deterministically from the scene key: the counterfactual that shows whether a classifier
     * learned the spurious background cue. Such a background always exists (six backgrounds, at
     * most three objects).
     */
    public Scene withNonPreferredBackground() {
        List<Background> candidates = DemoVocabulary.nonPreferredBackgrounds(truth.present());
        candidates.remove(background);
        if (candidates.isEmpty()) {
            return this;
        }
        int pick = Math.floorMod(key.hashCode(), candidates.size());
        return withBackground(candidates.get(pick));
    }
}
