package org.relabel.demo.world;

import java.util.Locale;

/**
 * The kinds of simulated annotator in the demo crowd. Each annotator's parameters are drawn
 * uniformly from its kind's ranges (see {@link SimulatedCrowd}).
 */
public enum AnnotatorKind {
    /** Careful: ticks nearly every object present, rarely an absent one, picks the main object. */
    RELIABLE,
    /** Hasty: misses small objects, sometimes ticks absent ones, often picks the wrong main object. */
    SLOPPY,
    /** Ticks labels at random, whatever the image shows, and answers very fast. */
    SPAMMER;

    /** Lower-case key used in annotator names, e.g. {@code reliable}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
