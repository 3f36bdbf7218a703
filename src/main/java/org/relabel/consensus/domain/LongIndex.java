package org.relabel.consensus.domain;

import java.util.Arrays;

/**
 * Assigns dense ids {@code 0, 1, 2, ...} to long keys in first-seen order: an open-addressing hash table without
 * boxing, for the sparse confusion cells of the main-label models.
 */
final class LongIndex {

    private static final long EMPTY = Long.MIN_VALUE;

    private long[] keys;
    private int[] ids;
    private int size;

    LongIndex(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        ids = new int[capacity];
        Arrays.fill(keys, EMPTY);
    }

    /**
     * @param key any key except {@link Long#MIN_VALUE}
     * @return the key's id, assigning the next one when the key is new
     */
    int idOf(long key) {
        if (key == EMPTY) {
            throw new IllegalArgumentException("reserved key");
        }
        int mask = keys.length - 1;
        int slot = mix(key) & mask;
        while (keys[slot] != EMPTY) {
            if (keys[slot] == key) {
                return ids[slot];
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        ids[slot] = size;
        if (++size * 2 > keys.length) {
            grow();
        }
        return size - 1;
    }

    /** @return number of distinct keys */
    int size() {
        return size;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldIds = ids;
        keys = new long[oldKeys.length * 2];
        ids = new int[keys.length];
        Arrays.fill(keys, EMPTY);
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = mix(oldKeys[i]) & mask;
                while (keys[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                ids[slot] = oldIds[i];
            }
        }
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
