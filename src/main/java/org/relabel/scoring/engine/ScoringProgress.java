package org.relabel.scoring.engine;

/**
 * Running totals of a {@link BatchScorer} run.
 *
 * @param scored        images scored and delivered so far
 * @param failed        images reported as {@link ImageError} so far
 * @param elapsedMillis time since the run started
 */
public record ScoringProgress(long scored, long failed, long elapsedMillis) {

    /** Scored plus failed images. */
    public long processed() {
        return scored + failed;
    }

    /** Scored images per second so far (0 before the first millisecond). */
    public double imagesPerSecond() {
        return elapsedMillis == 0 ? 0 : scored * 1000.0 / elapsedMillis;
    }
}
