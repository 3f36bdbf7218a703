package org.relabel.scoring.engine;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Trains one of the small {@link Architectures} on labelled images with DJL's training API (PyTorch engine, CPU)
 * and saves it as a DJL model directory that {@link ModelLoader} loads with {@link ModelFormat#DJL}.
 *
 * <p>Training minimises the softmax cross-entropy {@code -log softmax(f(x))_y} with Adam (Kingma and Ba, 2015)
 * under a cosine learning-rate decay from {@code learningRate} to 1% of it (Loshchilov and Hutter, SGDR, 2017),
 * over mini-batches drawn in a seeded random order each epoch. If a run diverges (a non-finite loss, weight or
 * batch-normalisation statistic) it is restarted from scratch, first with the engine on one thread (the
 * multi-threaded CPU kernels now and then give a NaN on some machines), then with half the learning rate, at most
 * {@value #MAX_ATTEMPTS} runs in all; {@link TrainedModel#learningRate()} tells the rate that was used. Images
 * are preprocessed exactly as {@link BatchScorer} will preprocess them ({@link TrainingSpec#preprocessing()}),
 * so scores at inference match what was learned.
 *
 * <p>Determinism: the engine's random generator (weight initialisation) is seeded with the spec's seed and
 * the batch order comes from a {@link Random} with the same seed, so two runs on the same machine and engine
 * build produce the same model, up to the engine's floating-point reduction order.
 */
public final class DemoModelTrainer {

    /** Prefix of the parameter file in the saved directory. */
    public static final String MODEL_NAME = "relabel-model";

    /** Training runs tried before giving up on a diverging configuration. */
    public static final int MAX_ATTEMPTS = 4;

    private static final String ENGINE = "PyTorch";

    private DemoModelTrainer() {
    }

    /**
     * Trains on decoded images (any size; each is scaled to {@code spec.imageSize()} square).
     *
     * @param images     training images
     * @param labels     class index of each image, in [0, numClasses)
     * @param numClasses width of the output layer
     * @param spec       architecture and hyper-parameters
     * @param directory  where to save the model (created if needed; an earlier model there is replaced)
     * @param progress   called after every epoch (on this thread); after a restart (see the class comment) the
     *                   epochs are reported again from 1
     * @throws IOException           if the model cannot be saved
     * @throws IllegalStateException if training diverges {@value #MAX_ATTEMPTS} times
     */
    public static TrainedModel trainOnImages(List<BufferedImage> images, int[] labels, int numClasses,
                                             TrainingSpec spec, Path directory, Consumer<TrainingProgress> progress)
            throws IOException {
        Objects.requireNonNull(images, "images");
        ImagePreprocessor preprocessor = new ImagePreprocessor(spec.preprocessing());
        return train(images.size(), (i, dst, off) -> {
            float[] input = preprocessor.prepare(images.get(i));
            System.arraycopy(input, 0, dst, off, input.length);
        }, labels, numClasses, spec, directory, progress);
    }

    /**
     * Trains on pixel arrays: each {@code float[3 * imageSize * imageSize]} holds RGB values in [0, 1],
     * channel-major ({@code [c][y][x]}), the layout of torchvision's {@code ToTensor}. The ImageNet normalisation
     * of {@link TrainingSpec#preprocessing()} is applied here.
     *
     * @see #trainOnImages
     */
    public static TrainedModel trainOnPixels(List<float[]> pixels, int[] labels, int numClasses,
                                             TrainingSpec spec, Path directory, Consumer<TrainingProgress> progress)
            throws IOException {
        Objects.requireNonNull(pixels, "pixels");
        int plane = spec.imageSize() * spec.imageSize();
        Preprocessing p = spec.preprocessing();
        for (int i = 0; i < pixels.size(); i++) {
            if (pixels.get(i) == null || pixels.get(i).length != 3 * plane) {
                throw new IllegalArgumentException("pixel array " + i + " must hold 3 x " + spec.imageSize() + " x "
                        + spec.imageSize() + " values");
            }
        }
        float[] scale = new float[3];
        float[] offset = new float[3];
        for (int c = 0; c < 3; c++) {
            scale[c] = (float) (1.0 / p.stdAt(c));
            offset[c] = (float) (p.meanAt(c) / p.stdAt(c));
        }
        return train(pixels.size(), (i, dst, off) -> {
            float[] src = pixels.get(i);
            for (int c = 0; c < 3; c++) {
                for (int k = c * plane, end = k + plane; k < end; k++) {
                    dst[off + k] = src[k] * scale[c] - offset[c];
                }
            }
        }, labels, numClasses, spec, directory, progress);
    }

    /** Writes the preprocessed input of training image {@code index} into {@code dst} at {@code offset}. */
    @FunctionalInterface
    private interface Inputs {
        void copy(int index, float[] dst, int offset);
    }

    private static TrainedModel train(int n, Inputs inputs, int[] labels, int numClasses, TrainingSpec spec,
                                      Path directory, Consumer<TrainingProgress> progress) throws IOException {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(progress, "progress");
        if (n == 0) {
            throw new IllegalArgumentException("no training images");
        }
        if (labels.length != n) {
            throw new IllegalArgumentException(n + " images but " + labels.length + " labels");
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be at least 2, was " + numClasses);
        }
        for (int label : labels) {
            if (label < 0 || label >= numClasses) {
                throw new IllegalArgumentException("label " + label + " outside [0, " + numClasses + ")");
            }
        }
        Djl.ensureOffline();
        long started = System.nanoTime();
        double learningRate = spec.learningRate();
        Engine.getEngine(ENGINE); // loads the native library that JniUtils calls
        int engineThreads = JniUtils.getNumThreads();
        boolean oneThread = false;
        for (int attempt = 1; ; attempt++) {
            List<TrainingProgress> history = new ArrayList<>();
            if (oneThread) JniUtils.setNumThreads(1);
            try {
                double accuracy = trainOnce(n, inputs, labels, numClasses, spec, learningRate, directory, started,
                        p -> {
                            history.add(p);
                            progress.accept(p);
                        });
                ModelSpec modelSpec = new ModelSpec(ModelFormat.DJL, directory, spec.preprocessing(), numClasses,
                        false);
                return new TrainedModel(directory, modelSpec, accuracy, learningRate, history);
            } catch (Diverged e) {
                if (attempt == MAX_ATTEMPTS) {
                    throw new IllegalStateException("Training diverged " + MAX_ATTEMPTS + " times (last: "
                            + e.getMessage() + ", learning rate " + learningRate + "); try a lower learning rate");
                }
                if (!oneThread && engineThreads > 1) {
                    // A NaN from the first batches at any learning rate is what the engine's multi-threaded CPU
                    // kernels give now and then on some machines (seen on a 2-core VM: the same seed diverged in
                    // one run and not in the next). Single-threaded training is deterministic: try that first.
                    oneThread = true;
                } else {
                    learningRate /= 2;
                }
            } finally {
                if (oneThread) JniUtils.setNumThreads(engineThreads);
            }
        }
    }

    /** Training produced a non-finite loss or parameter. */
    private static final class Diverged extends Exception {
        private static final long serialVersionUID = 1L;

        Diverged(String message) {
            super(message, null, false, false);
        }
    }

    /** One training run from a fresh initialisation; saves the model and returns its training accuracy. */
    private static double trainOnce(int n, Inputs inputs, int[] labels, int numClasses, TrainingSpec spec,
                                    double baseRate, Path directory, long started,
                                    Consumer<TrainingProgress> progress) throws IOException, Diverged {
        int size = spec.imageSize();
        int inputLength = 3 * size * size;
        int stepsPerEpoch = (n + spec.batchSize() - 1) / spec.batchSize();

        Engine.getEngine(ENGINE).setRandomSeed(Long.hashCode(spec.seed()));
        Block block = Architectures.build(spec.architecture(), numClasses);
        try (Model model = Model.newInstance(MODEL_NAME, Device.cpu(), ENGINE)) {
            model.setBlock(block);
            Tracker learningRate = Tracker.cosine()
                    .setBaseValue((float) baseRate)
                    .optFinalValue((float) (baseRate * 0.01))
                    .setMaxUpdates(spec.epochs() * stepsPerEpoch)
                    .build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(learningRate).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 3, size, size));
                Random random = new Random(spec.seed());
                int[] order = new int[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                float[] batch = new float[spec.batchSize() * inputLength];
                float[] batchLabels = new float[spec.batchSize()];
                for (int epoch = 1; epoch <= spec.epochs(); epoch++) {
                    shuffle(order, random);
                    double lossSum = 0;
                    long correct = 0;
                    for (int start = 0; start < n; start += spec.batchSize()) {
                        int b = Math.min(spec.batchSize(), n - start);
                        for (int j = 0; j < b; j++) {
                            inputs.copy(order[start + j], batch, j * inputLength);
                            batchLabels[j] = labels[order[start + j]];
                        }
                        try (NDManager manager = trainer.getManager().newSubManager()) {
                            NDArray x = manager.create(
                                    b == spec.batchSize() ? batch : Arrays.copyOf(batch, b * inputLength),
                                    new Shape(b, 3, size, size));
                            NDArray y = manager.create(Arrays.copyOf(batchLabels, b));
                            try (GradientCollector collector = trainer.newGradientCollector()) {
                                NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                                NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
                                float batchLoss = loss.getFloat();
                                if (!Float.isFinite(batchLoss)) {
                                    throw new Diverged("the loss became " + batchLoss + " in epoch " + epoch);
                                }
                                collector.backward(loss);
                                lossSum += batchLoss * b;
                                long[] predicted = logits.argMax(1).toLongArray();
                                for (int j = 0; j < b; j++) {
                                    correct += predicted[j] == (long) batchLabels[j] ? 1 : 0;
                                }
                            }
                            trainer.step();
                        }
                    }
                    progress.accept(new TrainingProgress(epoch, spec.epochs(), lossSum / n, (double) correct / n,
                            (System.nanoTime() - started) / 1_000_000));
                }
                requireFiniteParameters(model);
                double accuracy = evaluate(trainer, n, inputs, labels, size);
                save(model, directory, new DjlModelManifest(spec.architecture(), numClasses, MODEL_NAME,
                        spec.preprocessing(), accuracy, spec.epochs(), spec.seed()));
                return accuracy;
            }
        }
    }

    /** Every weight and batch-normalisation statistic must be a finite number. */
    private static void requireFiniteParameters(Model model) throws Diverged {
        for (var parameter : model.getBlock().getParameters()) {
            NDArray array = parameter.getValue().getArray();
            if (array.isNaN().any().getBoolean() || array.isInfinite().any().getBoolean()) {
                throw new Diverged("parameter " + parameter.getKey() + " is not finite after training");
            }
        }
    }

    /** Accuracy of the trained network, in inference mode, over all training images. */
    private static double evaluate(Trainer trainer, int n, Inputs inputs, int[] labels, int size) {
        int chunk = 128;
        int inputLength = 3 * size * size;
        float[] buffer = new float[chunk * inputLength];
        long correct = 0;
        for (int start = 0; start < n; start += chunk) {
            int b = Math.min(chunk, n - start);
            for (int j = 0; j < b; j++) {
                inputs.copy(start + j, buffer, j * inputLength);
            }
            try (NDManager manager = trainer.getManager().newSubManager()) {
                NDArray x = manager.create(b == chunk ? buffer : Arrays.copyOf(buffer, b * inputLength),
                        new Shape(b, 3, size, size));
                long[] predicted = trainer.evaluate(new NDList(x)).singletonOrThrow().argMax(1).toLongArray();
                for (int j = 0; j < b; j++) {
                    correct += predicted[j] == labels[start + j] ? 1 : 0;
                }
            }
        }
        return (double) correct / n;
    }

    private static void save(Model model, Path directory, DjlModelManifest manifest) throws IOException {
        Files.createDirectories(directory);
        // an older model in the directory must not shadow this one (the loader takes the highest epoch number)
        try (Stream<Path> files = Files.list(directory)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                boolean params = name.startsWith(MODEL_NAME + "-") && name.endsWith(".params");
                if (params || name.equals(DjlModelManifest.FILE_NAME)) {
                    Files.delete(f);
                }
            }
        }
        model.save(directory, MODEL_NAME);
        manifest.write(directory);
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
