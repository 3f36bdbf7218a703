package org.relabel.demo.world;

import java.util.Locale;

/**
 * A textured background of the synthetic demo world.
 *
 * <p>Each {@link DemoClass} prefers one background (see {@link DemoClass#preferredBackground()}),
 * and the {@link SceneGenerator} puts most scenes of a class on it. That planted co-occurrence is
 * the demo's spurious correlation (like "fish on water" in ImageNet): a classifier trained on the
 * scenes learns to use the background as evidence for the class.
 */
public enum Background {
    /** Blue water with wave crests. */
    WATER("Water", "Blue water with bright wave crests."),
    /** Green grass with noisy blades. */
    GRASS("Grass", "A lawn: green noise with darker and lighter blades."),
    /** Beige sand with darker and lighter grains. */
    SAND("Sand", "A beach: beige sand with scattered grains."),
    /** Near-white snow with bluish speckles. */
    SNOW("Snow", "Near-white snow with faint bluish speckles."),
    /** A red brick wall with light mortar joints. */
    BRICK("Brick wall", "A red brick wall in offset rows with light mortar."),
    /** A blue sky gradient with soft clouds. */
    SKY("Sky", "A blue sky, darker at the top, with soft clouds.");

    private final String displayName;
    private final String description;

    Background(String displayName, String description) {
        this.displayName = displayName;
        this.description = description;
    }

    /** Stable lower-case key, e.g. {@code water}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Human-readable name, e.g. {@code Brick wall}. */
    public String displayName() {
        return displayName;
    }

    /** One-line description of the texture. */
    public String description() {
        return description;
    }

    /**
     * The background with the given key ({@link #key()}).
     *
     * @throws IllegalArgumentException if no background has that key
     */
    public static Background byKey(String key) {
        for (Background b : values()) {
            if (b.key().equals(key)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown background: " + key);
    }
}
