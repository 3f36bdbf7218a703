package org.relabel.demo.world;

/**
 * The make-up of a simulated crowd.
 *
 * @param seed     seed of the annotators' parameters and answers
 * @param reliable number of {@link AnnotatorKind#RELIABLE} annotators
 * @param sloppy   number of {@link AnnotatorKind#SLOPPY} annotators
 * @param spammers number of {@link AnnotatorKind#SPAMMER} annotators
 */
public record CrowdSpec(long seed, int reliable, int sloppy, int spammers) {

    /** At most this many annotators of one kind (names carry a two-digit number). */
    public static final int MAX_PER_KIND = 99;

    public CrowdSpec {
        checkCount("reliable", reliable);
        checkCount("sloppy", sloppy);
        checkCount("spammers", spammers);
        if (reliable + sloppy + spammers == 0) {
            throw new IllegalArgumentException("a crowd needs at least one annotator");
        }
    }

    /** The default crowd: 6 reliable, 3 sloppy and 2 spamming annotators. */
    public static CrowdSpec defaults(long seed) {
        return new CrowdSpec(seed, 6, 3, 2);
    }

    /** Total number of annotators. */
    public int size() {
        return reliable + sloppy + spammers;
    }

    /** Number of annotators of the given kind. */
    public int count(AnnotatorKind kind) {
        return switch (kind) {
            case RELIABLE -> reliable;
            case SLOPPY -> sloppy;
            case SPAMMER -> spammers;
        };
    }

    private static void checkCount(String name, int value) {
        if (value < 0 || value > MAX_PER_KIND) {
            throw new IllegalArgumentException(name + " must be in [0, " + MAX_PER_KIND + "]: " + value);
        }
    }
}
