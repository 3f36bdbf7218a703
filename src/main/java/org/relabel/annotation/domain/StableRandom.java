package org.relabel.annotation.domain;

/**
 * Deterministic pseudo-random numbers from a few longs (SplitMix64 finaliser). Used for the queue's
 * stable random order and for reproducible samples: the same inputs give the same number on every
 * instance and every run.
 */
public final class StableRandom {
    private StableRandom() {
    }

    /** Mixes the values into one well-distributed long. */
    public static long mix(long... values) {
        long h = 0x9E3779B97F4A7C15L;
        for (long v : values) {
            h = finalise(h ^ finalise(v + 0x9E3779B97F4A7C15L));
        }
        return h;
    }

    /** The queue's stable random key of an image in a campaign, a non-negative int. */
    public static int sortKey(long campaignId, long imageId) {
        return (int) (mix(campaignId, imageId) >>> 33);
    }

    private static long finalise(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
