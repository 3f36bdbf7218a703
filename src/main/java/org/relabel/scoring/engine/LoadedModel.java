package org.relabel.scoring.engine;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;

/**
 * A model loaded and validated by {@link ModelLoader}: ready for {@link BatchScorer}. Thread-safe; each thread
 * that runs inference takes its own {@link Predictor} (DJL predictors are not thread-safe). Close it when no
 * scoring runs any more; that frees the native memory.
 */
public final class LoadedModel implements AutoCloseable {

    private final ModelSpec spec;
    private final ZooModel<float[], float[]> model;
    private final ImagePreprocessor preprocessor;

    LoadedModel(ModelSpec spec, ZooModel<float[], float[]> model) {
        this.spec = spec;
        this.model = model;
        this.preprocessor = new ImagePreprocessor(spec.preprocessing());
    }

    /** The specification the model was loaded from. */
    public ModelSpec spec() {
        return spec;
    }

    /** Number of scores the model outputs per image (validated to equal {@link ModelSpec#numClasses()}). */
    public int numClasses() {
        return spec.numClasses();
    }

    /** The preprocessing that turns images into this model's input. */
    public ImagePreprocessor preprocessor() {
        return preprocessor;
    }

    /**
     * A new predictor from preprocessed input ({@link ImagePreprocessor#prepare}) to the raw output row (logits or
     * probabilities, as the model emits them). Not thread-safe; the caller closes it.
     */
    public Predictor<float[], float[]> newPredictor() {
        return model.newPredictor();
    }

    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return "LoadedModel[" + spec.format() + " " + spec.path().getFileName() + ", " + spec.numClasses()
                + " classes]";
    }
}
