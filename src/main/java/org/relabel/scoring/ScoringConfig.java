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
}
