package org.relabel.scoring.engine;

/**
 * Outcome of a {@link BatchScorer} run.
 *
 * @param scored        images scored and delivered
 * @param failed        images reported as {@link ImageError}
 * @param cancelled     true if the run stopped because the cancel signal was raised
 * @param elapsedMillis wall-clock duration of the run
 */
public record ScoringResult(long scored, long failed, boolean cancelled, long elapsedMillis) {

    /** Scored images per second over the whole run. */
    public double imagesPerSecond() {
        return elapsedMillis == 0 ? 0 : scored * 1000.0 / elapsedMillis;
    }
}
