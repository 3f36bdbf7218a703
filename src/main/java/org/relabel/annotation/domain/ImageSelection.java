package org.relabel.annotation.domain;

import java.util.Arrays;
import java.util.List;

/**
 * Which images of a dataset a campaign covers. Only images with stored pixels qualify (an external
 * URL could reveal the label). With no field set, every such image is taken.
 *
 * @param labels       keep images whose original label is one of these class keys (empty: any)
 * @param keyPrefix    keep images whose key starts with this prefix (null: any)
 * @param disagreement keep only images where some selected model's top-1 differs from the original label
 * @param sample       then keep a reproducible random sample of this many images (null: all)
 * @param seed         seed of the sample
 */
public record ImageSelection(List<String> labels, String keyPrefix, boolean disagreement, Integer sample, long seed) {

    public ImageSelection {
        labels = labels == null ? List.of() : List.copyOf(labels);
        keyPrefix = keyPrefix == null || keyPrefix.isEmpty() ? null : keyPrefix;
    }

    /** Every image with pixels. */
    public static ImageSelection all() {
        return new ImageSelection(List.of(), null, false, null, 0);
    }

    /**
     * The sample: the {@code n} image ids with the smallest {@link StableRandom#mix(long...)} of
     * (seed, id). It depends only on the seed and the set of ids, not on their order, and a larger
     * sample contains every smaller one of the same seed.
     *
     * @return the kept ids in ascending order
     */
    public static long[] sample(long[] ids, int n, long seed) {
        if (n >= ids.length) {
            long[] copy = ids.clone();
            Arrays.sort(copy);
            return copy;
        }
        long[][] keyed = new long[ids.length][];
        for (int i = 0; i < ids.length; i++) keyed[i] = new long[]{StableRandom.mix(seed, ids[i]), ids[i]};
        Arrays.sort(keyed, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        long[] kept = new long[n];
        for (int i = 0; i < n; i++) kept[i] = keyed[i][1];
        Arrays.sort(kept);
        return kept;
    }
}
