package org.relabel.demo.world;

import java.util.Objects;

/**
 * One class of the demo vocabulary (a "class" in the glossary: key, name, description), with how
 * the synthetic world draws it and where it usually appears.
 *
 * @param key                 stable identifier used as the class key of the demo dataset, e.g. {@code ball}
 * @param name                display name, e.g. {@code Ball}
 * @param description         one-line description shown to annotators
 * @param glyph               the shape the renderer draws
 * @param rgb                 the typical colour as {@code 0xRRGGBB}; each object jitters around it
 * @param preferredBackground the background most scenes of this class are drawn on (the planted
 *                            spurious correlation)
 */
public record DemoClass(String key, String name, String description, Glyph glyph, int rgb,
        Background preferredBackground) {

    public DemoClass {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(glyph, "glyph");
        Objects.requireNonNull(preferredBackground, "preferredBackground");
        if (key.isBlank()) {
            throw new IllegalArgumentException("class key must not be blank");
        }
        if ((rgb & ~0xFFFFFF) != 0) {
            throw new IllegalArgumentException("rgb must be 0xRRGGBB: " + Integer.toHexString(rgb));
        }
    }
}
