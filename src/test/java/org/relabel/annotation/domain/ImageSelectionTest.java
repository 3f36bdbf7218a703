package org.relabel.annotation.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ImageSelectionTest {
    static final long[] IDS = LongStream.rangeClosed(1, 1000).toArray();

    @Test
    void sampleIsReproducibleAndIndependentOfInputOrder() {
        long[] reversed = LongStream.rangeClosed(1, 1000).map(i -> 1001 - i).toArray();
        assertArrayEquals(ImageSelection.sample(IDS, 50, 7), ImageSelection.sample(reversed, 50, 7));
        assertEquals(50, ImageSelection.sample(IDS, 50, 7).length);
    }

    @Test
    void differentSeedsGiveDifferentSamples() {
        assertNotEquals(Arrays.toString(ImageSelection.sample(IDS, 50, 7)), Arrays.toString(ImageSelection.sample(IDS, 50, 8)));
    }

    @Test
    void largerSampleContainsSmallerOne() {
        Set<Long> big = new HashSet<>();
        for (long id : ImageSelection.sample(IDS, 200, 3)) big.add(id);
        for (long id : ImageSelection.sample(IDS, 20, 3)) assertTrue(big.contains(id));
    }

    @Test
    void sampleLargerThanPopulationKeepsEverything() {
        assertArrayEquals(IDS, ImageSelection.sample(IDS, 5000, 1));
    }

    @Test
    void sampleIsRoughlyUniform() {
        long[] s = ImageSelection.sample(IDS, 500, 11);
        long low = Arrays.stream(s).filter(id -> id <= 500).count();
        assertTrue(low > 200 && low < 300, "ids below 500 in a half sample: " + low);
    }

    @Test
    void sortKeysAreStableAndSpread() {
        assertEquals(StableRandom.sortKey(4, 99), StableRandom.sortKey(4, 99));
        assertTrue(StableRandom.sortKey(4, 99) >= 0);
        Set<Integer> keys = new HashSet<>();
        for (long i = 0; i < 1000; i++) keys.add(StableRandom.sortKey(1, i));
        assertTrue(keys.size() > 990);
    }
}
