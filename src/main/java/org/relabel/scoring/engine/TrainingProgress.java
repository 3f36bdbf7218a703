package org.relabel.scoring.engine;

/**
 * Reported by {@link DemoModelTrainer} after every epoch.
 *
 * @param epoch         1-based number of the finished epoch
 * @param epochs        epochs in total
 * @param loss          mean softmax cross-entropy over the epoch's batches, weighted by batch size
 * @param accuracy      fraction of the epoch's training images the network classified correctly while learning
 *                      (in training mode, before each step)
 * @param elapsedMillis time since training started
 */
public record TrainingProgress(int epoch, int epochs, double loss, double accuracy, long elapsedMillis) {
}
