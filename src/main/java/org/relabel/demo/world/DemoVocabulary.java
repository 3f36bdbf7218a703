package org.relabel.demo.world;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fixed vocabulary of the demo world: ten classes, each a distinct shape and colour, each with a
 * preferred {@link Background}. The order of {@link #classes()} is stable and is the class index
 * (e.g. the output position of a demo model).
 *
 * <p>Preferred backgrounds: water (fish, lifebuoy), grass (ball, house), brick wall (arrow sign,
 * picture frame), sky (heart balloon, moon), sand (starfish), snow (tent).
 */
public final class DemoVocabulary {

    private static final List<DemoClass> CLASSES = List.of(
            new DemoClass("ball", "Ball", "A round red ball with a shine, as played with on a lawn.",
                    Glyph.CIRCLE, 0xD62828, Background.GRASS),
            new DemoClass("tent", "Tent", "A navy-blue pitched tent with a dark door.",
                    Glyph.TRIANGLE, 0x2846AA, Background.SNOW),
            new DemoClass("starfish", "Starfish", "A purple five-armed starfish.",
                    Glyph.STAR, 0x8C3CBE, Background.SAND),
            new DemoClass("lifebuoy", "Lifebuoy", "A white ring buoy with four red bands.",
                    Glyph.RING, 0xF2F2F2, Background.WATER),
            new DemoClass("fish", "Fish", "An orange fish with a tail fin, seen from the side.",
                    Glyph.FISH, 0xF58C19, Background.WATER),
            new DemoClass("house", "House", "A small brown house with a dark roof and a door.",
                    Glyph.HOUSE, 0x965A2D, Background.GRASS),
            new DemoClass("arrow", "Arrow sign", "A cyan arrow sign pointing right.",
                    Glyph.ARROW, 0x1EBED2, Background.BRICK),
            new DemoClass("balloon", "Heart balloon", "A pink heart-shaped balloon.",
                    Glyph.HEART, 0xF569A5, Background.SKY),
            new DemoClass("moon", "Moon", "A pale yellow crescent moon.",
                    Glyph.CRESCENT, 0xF0E682, Background.SKY),
            new DemoClass("frame", "Picture frame", "A golden square picture frame with an empty middle.",
                    Glyph.FRAME, 0xE1B428, Background.BRICK));

    private static final Map<String, Integer> INDEX = new HashMap<>();

    static {
        for (int i = 0; i < CLASSES.size(); i++) {
            INDEX.put(CLASSES.get(i).key(), i);
        }
    }

    private DemoVocabulary() {
    }

    /** The ten classes, in index order. */
    public static List<DemoClass> classes() {
        return CLASSES;
    }

    /** The class keys, in index order. */
    public static List<String> keys() {
        return CLASSES.stream().map(DemoClass::key).toList();
    }

    /** Number of classes. */
    public static int size() {
        return CLASSES.size();
    }

    /**
     * The class with the given key.
     *
     * @throws IllegalArgumentException if the key is not in the vocabulary
     */
    public static DemoClass byKey(String key) {
        return CLASSES.get(indexOf(key));
    }

    /**
     * The index of the class with the given key.
     *
     * @throws IllegalArgumentException if the key is not in the vocabulary
     */
    public static int indexOf(String key) {
        Integer i = INDEX.get(key);
        if (i == null) {
            throw new IllegalArgumentException("unknown demo class: " + key);
        }
        return i;
    }

    /** Whether the key names a class of the vocabulary. */
    public static boolean contains(String key) {
        return INDEX.containsKey(key);
    }

    /** The classes whose preferred background is {@code background}, in index order. */
    public static List<DemoClass> preferring(Background background) {
        return CLASSES.stream().filter(c -> c.preferredBackground() == background).toList();
    }

    /**
     * The backgrounds that none of the given classes prefers, in enum order. Rendering a scene on
     * one of them removes the spurious context cue for every object in it.
     */
    public static List<Background> nonPreferredBackgrounds(Collection<String> classKeys) {
        Set<Background> result = EnumSet.allOf(Background.class);
        for (String key : classKeys) {
            result.remove(byKey(key).preferredBackground());
        }
        return new ArrayList<>(result);
    }
}
