package org.relabel.scoring;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** In-platform scoring with DJL (prefix {@code relabel.scoring}). */
@ConfigMapping(prefix = "relabel.scoring")
public interface ScoringConfig {

    /** Ranked predictions stored per image and model. */
    @WithDefault("5")
    int topK();

    /** Images per {@code batchPredict} call. */
    @WithDefault("32")
    int batchSize();

    /** Inference threads, each with its own DJL predictor (a predictor is not thread-safe). */
    @WithDefault("1")
    int inferenceThreads();

    /** Threads reading and decoding images while inference runs. */
    @WithDefault("2")
    int decodeThreads();

    /**
     * Prediction rows an import validates and holds in memory (about 30 bytes each) before writing them in key
     * order; larger uploads are written in chunks of this size, still in one transaction.
     */
    @WithDefault("1000000")
    int importChunkRows();
}
