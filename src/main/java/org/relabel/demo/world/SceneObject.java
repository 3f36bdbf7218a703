package org.relabel.demo.world;

import java.util.Objects;

/**
 * One object drawn in a scene: a class glyph inside a square bounding box.
 *
 * @param classKey        the {@link DemoClass#key()} of the object
 * @param centerX         x of the box centre, in pixels from the left edge
 * @param centerY         y of the box centre, in pixels from the top edge
 * @param size            side of the square bounding box, in pixels
 * @param rgb             the drawn colour as {@code 0xRRGGBB} (the class colour with jitter)
 * @param rotationDegrees small rotation of the glyph around the box centre, clockwise
 */
public record SceneObject(String classKey, int centerX, int centerY, int size, int rgb, int rotationDegrees) {

    public SceneObject {
        Objects.requireNonNull(classKey, "classKey");
        if (!DemoVocabulary.contains(classKey)) {
            throw new IllegalArgumentException("unknown demo class: " + classKey);
        }
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
        if ((rgb & ~0xFFFFFF) != 0) {
            throw new IllegalArgumentException("rgb must be 0xRRGGBB: " + Integer.toHexString(rgb));
        }
    }

    /** The class of the object. */
    public DemoClass demoClass() {
        return DemoVocabulary.byKey(classKey);
    }

    /** Area of the bounding box in pixels. */
    public int area() {
        return size * size;
    }
}
