package org.relabel.scoring.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds already preprocessed images ({@code float[3 * size * size]}, channel-major, as made by
 * {@link ImagePreprocessor}) to a model and returns each image's raw output row. A batch becomes one
 * {@code (B, 3, size, size)} tensor built in a single copy, and the {@code (B, C)} output is read back in one
 * copy, so every engine (PyTorch, ONNX Runtime) needs only tensor creation and read-back.
 */
final class TensorTranslator implements Translator<float[], float[]> {

    private static final String BATCH_SIZE = "relabel.batchSize";

    private final int size;
    private final int inputLength;

    TensorTranslator(int size) {
        this.size = size;
        this.inputLength = 3 * size * size;
    }

    @Override
    public Batchifier getBatchifier() {
        return Batchifier.STACK;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, float[] input) {
        checkLength(input);
        return new NDList(ctx.getNDManager().create(input, new Shape(1, 3, size, size)));
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList list) throws TranslateException {
        return rows(list, 1).get(0);
    }

    @Override
    public NDList batchProcessInput(TranslatorContext ctx, List<float[]> inputs) {
        float[] batch = new float[inputs.size() * inputLength];
        for (int i = 0; i < inputs.size(); i++) {
            float[] input = inputs.get(i);
            checkLength(input);
            System.arraycopy(input, 0, batch, i * inputLength, inputLength);
        }
        ctx.setAttachment(BATCH_SIZE, inputs.size());
        return new NDList(ctx.getNDManager().create(batch, new Shape(inputs.size(), 3, size, size)));
    }

    @Override
    public List<float[]> batchProcessOutput(TranslatorContext ctx, NDList list) throws TranslateException {
        Object batchSize = ctx.getAttachment(BATCH_SIZE);
        return rows(list, batchSize instanceof Integer n ? n : -1);
    }

    @Override
    public void prepare(TranslatorContext ctx) {
        // nothing to prepare: inputs arrive preprocessed
    }

    /** Splits the first output into one row per image, accepting (B, C) and (B, C, 1, ..., 1). */
    static List<float[]> rows(NDList list, int expectedBatch) throws TranslateException {
        if (list.isEmpty()) {
            throw new TranslateException("the model returned no output");
        }
        NDArray out = list.get(0);
        Shape shape = out.getShape();
        long batch = shape.dimension() == 0 ? 0 : shape.get(0);
        boolean rowShaped = shape.dimension() >= 2 && (expectedBatch < 0 || batch == expectedBatch);
        for (int d = 2; rowShaped && d < shape.dimension(); d++) {
            rowShaped = shape.get(d) == 1;
        }
        if (!rowShaped) {
            throw new TranslateException("the model output has shape " + shape
                    + "; expected one row of class scores per image, shape (batch, classes)");
        }
        int width = Math.toIntExact(shape.get(1));
        float[] all = out.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        List<float[]> rows = new ArrayList<>((int) batch);
        for (int i = 0; i < batch; i++) {
            float[] row = new float[width];
            System.arraycopy(all, i * width, row, 0, width);
            rows.add(row);
        }
        return rows;
    }

    private void checkLength(float[] input) {
        if (input.length != inputLength) {
            throw new IllegalArgumentException(
                    "input has " + input.length + " values; expected 3 x " + size + " x " + size);
        }
    }
}
