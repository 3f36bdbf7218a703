package org.relabel.scoring.engine;

import java.util.List;

/**
 * A model's prediction for one image: the top-k classes, most probable first (ties by lower class index).
 *
 * @param imageKey the key from {@link ImageSource#imageKey()}
 * @param top      at most k entries, probabilities non-increasing
 */
public record ScoredImage(String imageKey, List<ClassScore> top) {

    public ScoredImage {
        top = List.copyOf(top);
    }

    /** The most probable class. */
    public ClassScore best() {
        return top.get(0);
    }
}
