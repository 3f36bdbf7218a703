package org.relabel.scoring.engine;

import java.util.Objects;

/**
 * Hyper-parameters of {@link DemoModelTrainer}.
 *
 * @param architecture a name from {@link Architectures#NAMES} ({@code tiny} or {@code small})
 * @param epochs       passes over the training images
 * @param batchSize    images per optimisation step
 * @param learningRate Adam learning rate
 * @param seed         seeds the engine (weight initialisation) and the shuffling of every epoch
 * @param imageSize    side of the square training images and of the saved model's input (64 for the demo)
 */
public record TrainingSpec(String architecture, int epochs, int batchSize, double learningRate, long seed,
                           int imageSize) {

    public TrainingSpec {
        Objects.requireNonNull(architecture, "architecture");
        if (!Architectures.NAMES.contains(architecture)) {
            throw new IllegalArgumentException("Unknown architecture '" + architecture + "'; known: "
                    + String.join(", ", Architectures.NAMES));
        }
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("epochs and batchSize must be at least 1");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive, was " + learningRate);
        }
        if (imageSize < 8) {
            throw new IllegalArgumentException("imageSize must be at least 8, was " + imageSize);
        }
    }

    /** The demo's choice: the {@code tiny} network, 8 epochs, batch 32, learning rate 0.005, 64x64 images. */
    public static TrainingSpec demo(long seed) {
        return new TrainingSpec("tiny", 8, 32, 0.005, seed, 64);
    }

    /** The preprocessing of the trained model: scale to {@code imageSize}, ImageNet mean and std, RGB. */
    public Preprocessing preprocessing() {
        return Preprocessing.stretchTo(imageSize);
    }
}
