package org.relabel.scoring.engine;

/**
 * One ranked class of a prediction.
 *
 * @param index       position of the class in the model output (the dataset's class index)
 * @param probability the model's probability for the class, in [0, 1]
 */
public record ClassScore(int index, double probability) {
}
