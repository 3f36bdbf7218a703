package org.relabel.scoring.engine;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything needed to load a model and score images with it.
 *
 * @param format               how the model is stored (decides the DJL engine)
 * @param path                 the model file ({@code .pt}, {@code .onnx}) or, for {@link ModelFormat#DJL}, its
 *                             directory
 * @param preprocessing        how images become input tensors
 * @param numClasses           number of classes of the dataset; the model must output exactly this many scores per
 *                             image, in the dataset's class index order
 * @param outputsProbabilities true if the model already ends in a softmax; false (the usual case) means it outputs
 *                             logits and the scorer applies a softmax
 */
public record ModelSpec(
        ModelFormat format, Path path, Preprocessing preprocessing, int numClasses, boolean outputsProbabilities) {

    public ModelSpec {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(path, "path");
        preprocessing = preprocessing == null ? Preprocessing.imagenet() : preprocessing;
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be at least 1, was " + numClasses);
        }
    }

    /** A model that outputs logits (softmax applied when scoring). */
    public ModelSpec(ModelFormat format, Path path, Preprocessing preprocessing, int numClasses) {
        this(format, path, preprocessing, numClasses, false);
    }
}
