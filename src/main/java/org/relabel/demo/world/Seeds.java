package org.relabel.demo.world;

/**
 * Seed derivation for the demo world: every random stream is a {@link java.util.Random} (whose
 * algorithm the Java specification fixes) seeded from a mix of the inputs it depends on, so results
 * do not depend on call order, thread or JVM.
 */
final class Seeds {

    private Seeds() {
    }

    /** Mixes values into one 64-bit seed (SplitMix64 finaliser applied after each value). */
    static long mix(long... values) {
        long h = 0x9E3779B97F4A7C15L;
        for (long v : values) {
            h = fmix(h ^ fmix(v + 0x9E3779B97F4A7C15L));
        }
        return h;
    }

    /** A 64-bit FNV-1a hash of the UTF-16 units of a string. */
    static long hash(String s) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001B3L;
        }
        return h;
    }

    private static long fmix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
