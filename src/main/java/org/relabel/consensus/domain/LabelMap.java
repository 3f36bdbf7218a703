package org.relabel.consensus.domain;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable map from label keys to values, backed by two arrays sorted by key: compact, ordered, with
 * binary-search lookups. Used for the per-label maps of {@link ImageConsensus}.
 *
 * @param <V> the value type
 */
final class LabelMap<V> extends AbstractMap<String, V> {

    private static final LabelMap<?> EMPTY = new LabelMap<>(new String[0], new Object[0]);

    private final String[] keys;
    private final Object[] values;

    /** Wraps arrays the caller will not touch again; keys must be sorted ascending and distinct, no nulls. */
    LabelMap(String[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
    }

    /**
     * @param map any map without null keys or values
     * @param <V> the value type
     * @return the map itself when it is a LabelMap, else an immutable sorted copy
     */
    @SuppressWarnings("unchecked")
    static <V> Map<String, V> copyOf(Map<String, ? extends V> map) {
        if (map instanceof LabelMap<?> labelMap) {
            return (Map<String, V>) labelMap;
        }
        if (map.isEmpty()) {
            return (Map<String, V>) EMPTY;
        }
        String[] keys = new String[map.size()];
        int n = 0;
        for (String key : map.keySet()) {
            keys[n++] = Keys.require(key, "label");
        }
        Arrays.sort(keys);
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            values[i] = map.get(keys[i]);
            if (values[i] == null) {
                throw new IllegalArgumentException("no value for label " + keys[i]);
            }
        }
        return new LabelMap<>(keys, values);
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String s && Arrays.binarySearch(keys, s) >= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        if (!(key instanceof String s)) {
            return null;
        }
        int i = Arrays.binarySearch(keys, s);
        return i < 0 ? null : (V) values[i];
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Entry<String, V> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(keys[i], (V) values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }
}
