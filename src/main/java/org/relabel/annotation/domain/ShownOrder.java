package org.relabel.annotation.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The display order of a candidate set for one view: a uniform shuffle, so that position bias
 * averages out over views and the stored canonical order (original label first) never shows.
 */
public final class ShownOrder {
    private ShownOrder() {
    }

    public static <T> List<T> shuffle(List<T> candidates, Random random) {
        List<T> order = new ArrayList<>(candidates);
        Collections.shuffle(order, random);
        return List.copyOf(order);
    }
}
