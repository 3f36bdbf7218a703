package org.relabel.scoring.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * Result of {@link DemoModelTrainer#train}.
 *
 * @param directory        the saved DJL model directory (parameters and {@value DjlModelManifest#FILE_NAME})
 * @param spec             what to pass to {@link ModelLoader#load} to score with the model
 * @param trainingAccuracy accuracy of the final network on all training images in inference mode, in [0, 1]
 * @param learningRate     the base learning rate of the run that produced the model: the requested one, or a
 *                         fraction of it if earlier runs diverged
 * @param history          one entry per epoch of that run
 */
public record TrainedModel(Path directory, ModelSpec spec, double trainingAccuracy, double learningRate,
                           List<TrainingProgress> history) {

    public TrainedModel {
        history = List.copyOf(history);
    }
}
