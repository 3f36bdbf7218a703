package org.relabel.consensus.domain;

/**
 * Parameters of an aggregation. Each {@link Aggregator} documents which of them it uses and offers its defaults
 * through {@link Aggregator#defaultParams()}.
 *
 * @param threshold     a label is valid when its score is at least this: the selection frequency for
 *                      {@link SelectionFrequencyAggregator} (default 0.5), the posterior probability of presence
 *                      for the Dawid-Skene models (default 0.8, as ReaL); in [0, 1]
 * @param maxIterations cap on EM iterations (EM models only); at least 0
 * @param tolerance     EM stops when no posterior changed by more than this in one iteration; at least 0 (0 runs
 *                      exactly {@code maxIterations} iterations)
 * @param smoothing     additive (Dirichlet) pseudo-count added to each row of a confusion matrix and to the class
 *                      prior, spread evenly over the row's cells; at least 0. A small positive value keeps
 *                      probabilities away from 0 for annotators with few answers.
 */
public record AggregationParams(double threshold, int maxIterations, double tolerance, double smoothing) {

    /** Default EM iteration cap. */
    public static final int DEFAULT_MAX_ITERATIONS = 200;
    /** Default EM tolerance on the largest change of a posterior. */
    public static final double DEFAULT_TOLERANCE = 1e-6;
    /** Default pseudo-count per confusion row. */
    public static final double DEFAULT_SMOOTHING = 0.1;

    public AggregationParams {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1], not " + threshold);
        }
        if (maxIterations < 0) {
            throw new IllegalArgumentException("maxIterations must be at least 0, not " + maxIterations);
        }
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be at least 0, not " + tolerance);
        }
        if (!(smoothing >= 0) || Double.isInfinite(smoothing)) {
            throw new IllegalArgumentException("smoothing must be a finite number at least 0, not " + smoothing);
        }
    }

    /**
     * @param threshold the validity threshold
     * @return parameters with this threshold and the default iteration cap, tolerance and smoothing
     */
    public static AggregationParams of(double threshold) {
        return new AggregationParams(threshold, DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE, DEFAULT_SMOOTHING);
    }

    /**
     * @param value the threshold
     * @return a copy with this threshold
     */
    public AggregationParams withThreshold(double value) {
        return new AggregationParams(value, maxIterations, tolerance, smoothing);
    }

    /**
     * @param value the iteration cap
     * @return a copy with this iteration cap
     */
    public AggregationParams withMaxIterations(int value) {
        return new AggregationParams(threshold, value, tolerance, smoothing);
    }

    /**
     * @param value the tolerance
     * @return a copy with this tolerance
     */
    public AggregationParams withTolerance(double value) {
        return new AggregationParams(threshold, maxIterations, value, smoothing);
    }

    /**
     * @param value the smoothing
     * @return a copy with this smoothing
     */
    public AggregationParams withSmoothing(double value) {
        return new AggregationParams(threshold, maxIterations, tolerance, value);
    }
}
