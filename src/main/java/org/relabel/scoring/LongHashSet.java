package org.relabel.scoring;

import java.util.Arrays;

/**
 * A set of {@code long} values without boxing: open addressing with linear probing, kept at most half
 * full. Imports use it to find duplicate (image, rank) pairs among millions of rows; a {@code HashSet<Long>}
 * costs about 50 bytes and an allocation per entry, this about 16 bytes and none.
 */
final class LongHashSet {
    private static final long EMPTY = Long.MIN_VALUE;
    private long[] slots;
    private int size;
    private boolean hasEmptyValue;

    LongHashSet() {
        this(16);
    }

    LongHashSet(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        slots = new long[capacity];
        Arrays.fill(slots, EMPTY);
    }

    /** Adds a value; false when it was already present. */
    boolean add(long value) {
        if (value == EMPTY) {
            if (hasEmptyValue) return false;
            hasEmptyValue = true;
            size++;
            return true;
        }
        int mask = slots.length - 1;
        int i = hash(value) & mask;
        while (true) {
            long s = slots[i];
            if (s == EMPTY) break;
            if (s == value) return false;
            i = (i + 1) & mask;
        }
        slots[i] = value;
        if (++size * 2 > slots.length) grow();
        return true;
    }

    boolean contains(long value) {
        if (value == EMPTY) return hasEmptyValue;
        int mask = slots.length - 1;
        int i = hash(value) & mask;
        while (true) {
            long s = slots[i];
            if (s == EMPTY) return false;
            if (s == value) return true;
            i = (i + 1) & mask;
        }
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        Arrays.fill(slots, EMPTY);
        int mask = slots.length - 1;
        for (long v : old) {
            if (v == EMPTY) continue;
            int i = hash(v) & mask;
            while (slots[i] != EMPTY) i = (i + 1) & mask;
            slots[i] = v;
        }
    }

    /** MurmurHash3's 64-bit finaliser: spreads keys that differ only in a few bits (ids times 1024 plus a rank). */
    private static int hash(long v) {
        v ^= v >>> 33;
        v *= 0xff51afd7ed558ccdL;
        v ^= v >>> 33;
        v *= 0xc4ceb9fe1a85ec53L;
        v ^= v >>> 33;
        return (int) v;
    }
}
