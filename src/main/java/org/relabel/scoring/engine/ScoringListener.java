package org.relabel.scoring.engine;

import java.util.List;

/**
 * Receives the output of a {@link BatchScorer} run. All methods are called on the thread that called
 * {@link BatchScorer#score}, one at a time, so an implementation needs no locking and may use that thread's
 * transaction. An exception thrown here stops the run and is rethrown by {@code score}.
 */
public interface ScoringListener {

    /** One batch of scored images (at most the batch size; within a batch, in source order). */
    void onScored(List<ScoredImage> batch);

    /** An image that could not be read or decoded; the others are still scored. */
    default void onImageError(ImageError error) {
    }

    /** Totals so far, after every batch and every image error. */
    default void onProgress(ScoringProgress progress) {
    }
}
