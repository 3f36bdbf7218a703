package org.relabel.scoring.engine;

/**
 * Tuning of a {@link BatchScorer} run.
 *
 * @param topK             classes kept per image (at most the number of classes; default 5)
 * @param batchSize        images per {@code batchPredict} call (default 32)
 * @param inferenceThreads threads running inference, each with its own DJL predictor (default 1: the engine
 *                         already spreads one batch over the cores)
 * @param decodeThreads    threads reading, decoding and preprocessing images while inference runs
 *                         (default: available processors, at least 1)
 * @param queueCapacity    preprocessed images waiting for inference at most; bounds memory
 *                         (default batchSize x (inferenceThreads + 1))
 */
public record ScoringOptions(int topK, int batchSize, int inferenceThreads, int decodeThreads, int queueCapacity) {

    public ScoringOptions {
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1, was " + topK);
        }
        if (batchSize < 1 || batchSize > 4096) {
            throw new IllegalArgumentException("batchSize must be between 1 and 4096, was " + batchSize);
        }
        if (inferenceThreads < 1 || decodeThreads < 1) {
            throw new IllegalArgumentException("inferenceThreads and decodeThreads must be at least 1");
        }
        if (queueCapacity < batchSize) {
            throw new IllegalArgumentException("queueCapacity (" + queueCapacity + ") must be at least batchSize ("
                    + batchSize + ")");
        }
    }

    /** Top-5, batch 32, one inference thread, one decoding thread per processor. */
    public static ScoringOptions defaults() {
        return of(5, 32, 1, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** Options with the default queue capacity, {@code batchSize x (inferenceThreads + 1)}. */
    public static ScoringOptions of(int topK, int batchSize, int inferenceThreads, int decodeThreads) {
        return new ScoringOptions(topK, batchSize, inferenceThreads, decodeThreads,
                batchSize * (inferenceThreads + 1));
    }

    /** These options with another k. */
    public ScoringOptions withTopK(int k) {
        return new ScoringOptions(k, batchSize, inferenceThreads, decodeThreads, queueCapacity);
    }

    /** These options with another batch size (queue capacity grown to fit). */
    public ScoringOptions withBatchSize(int size) {
        return new ScoringOptions(topK, size, inferenceThreads, decodeThreads,
                Math.max(queueCapacity, size * (inferenceThreads + 1)));
    }
}
