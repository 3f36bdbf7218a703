package org.relabel.audit.domain;

/**
 * Buckets of the consensus number of objects in an image, for accuracy breakdowns
 * (Tsipras et al. 2020 report accuracy by 1, 2 and 3+ objects).
 */
public enum ObjectsBucket {
    /** Exactly one object. */
    ONE("1 object"),
    /** Exactly two objects. */
    TWO("2 objects"),
    /** Three or more objects. */
    THREE_OR_MORE("3+ objects");

    private final String label;

    ObjectsBucket(String label) {
        this.label = label;
    }

    /** A human-readable name, e.g. "3+ objects". */
    public String label() {
        return label;
    }

    /** The bucket of {@code objects}, or {@code null} when it is unknown or zero (such images are in no bucket). */
    public static ObjectsBucket of(Integer objects) {
        if (objects == null || objects < 1) {
            return null;
        }
        return objects == 1 ? ONE : objects == 2 ? TWO : THREE_OR_MORE;
    }
}
