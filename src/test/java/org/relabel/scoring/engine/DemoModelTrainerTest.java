package org.relabel.scoring.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(300)
class DemoModelTrainerTest {

    private static final int TRAIN = 600;
    private static List<BufferedImage> images;
    private static int[] labels;

    @TempDir
    Path tmp;

    @BeforeAll
    static void data() {
        Random random = new Random(42);
        images = new ArrayList<>();
        labels = new int[TRAIN];
        for (int i = 0; i < TRAIN; i++) {
            labels[i] = i % SyntheticShapes.CLASSES;
            images.add(SyntheticShapes.draw(labels[i], random));
        }
    }

    @Test
    void trainedModelRoundTripsThroughModelLoaderAndScoresUnseenImages() throws Exception {
        List<TrainingProgress> epochs = new ArrayList<>();
        TrainingSpec spec = new TrainingSpec("tiny", 10, 32, 0.005, 7, 64);
        TrainedModel trained = DemoModelTrainer.trainOnImages(images, labels, SyntheticShapes.CLASSES, spec,
                tmp.resolve("model"), epochs::add);

        assertEquals(trained.history(), epochs.subList(epochs.size() - 10, epochs.size()));
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
                trained.history().stream().map(TrainingProgress::epoch).toList());
        assertTrue(trained.history().get(9).loss() < trained.history().get(0).loss(), epochs.toString());
        assertTrue(trained.trainingAccuracy() >= 0.9, "training accuracy " + trained.trainingAccuracy());
        assertTrue(Files.isRegularFile(trained.directory().resolve("relabel-model-0000.params")));
        DjlModelManifest manifest = DjlModelManifest.read(trained.directory());
        assertEquals("tiny", manifest.architecture());
        assertEquals(SyntheticShapes.CLASSES, manifest.numClasses());
        assertEquals(Preprocessing.stretchTo(64), manifest.preprocessing());
        assertEquals(trained.spec(), ModelLoader.djlSpec(trained.directory(), SyntheticShapes.CLASSES));

        // unseen pictures from another seed, encoded as PNG files, scored through the whole pipeline
        Random random = new Random(4242);
        List<ImageSource> sources = new ArrayList<>();
        Map<String, Integer> truth = new HashMap<>();
        for (int i = 0; i < 120; i++) {
            int shape = random.nextInt(SyntheticShapes.CLASSES);
            Path file = tmp.resolve("img-" + i + ".png");
            Files.write(file, TestImages.png(SyntheticShapes.draw(shape, random)));
            sources.add(ImageSource.of("img-" + i, file));
            truth.put("img-" + i, shape);
        }
        try (LoadedModel model = ModelLoader.load(trained.spec())) {
            BatchScorerTest.Collected out = BatchScorerTest.run(
                    new BatchScorer(model, ScoringOptions.of(2, 16, 1, 2)), sources.iterator());
            long correct = out.scored().stream()
                    .filter(s -> s.best().index() == truth.get(s.imageKey())).count();
            assertEquals(120, out.scored().size());
            assertTrue(correct >= 102, correct + " of 120 unseen images right");
        }
    }

    @Test
    void sameSeedGivesTheSameModelAndAnotherSeedADifferentOne() throws Exception {
        List<BufferedImage> few = images.subList(0, 96);
        int[] fewLabels = Arrays.copyOf(labels, 96);
        TrainingSpec spec = new TrainingSpec("tiny", 2, 16, 0.005, 11, 64);
        TrainedModel a = DemoModelTrainer.trainOnImages(few, fewLabels, 4, spec, tmp.resolve("a"), p -> { });
        TrainedModel b = DemoModelTrainer.trainOnImages(few, fewLabels, 4, spec, tmp.resolve("b"), p -> { });
        TrainedModel c = DemoModelTrainer.trainOnImages(few, fewLabels, 4,
                new TrainingSpec("tiny", 2, 16, 0.005, 12, 64), tmp.resolve("c"), p -> { });
        float[] input = new ImagePreprocessor(spec.preprocessing()).prepare(images.get(200));
        float[] outA = predict(a, input);
        float[] outB = predict(b, input);
        float[] outC = predict(c, input);
        assertArrayEquals(outA, outB, 1e-4f);
        assertEquals(a.history().get(1).loss(), b.history().get(1).loss(), 1e-4);
        double difference = 0;
        for (int i = 0; i < outA.length; i++) {
            difference += Math.abs(outA[i] - outC[i]);
        }
        assertTrue(difference > 1e-3, "another seed should give another model");
    }

    @Test
    void trainsFromPixelArraysInToTensorLayout() throws Exception {
        List<float[]> pixels = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            float[] p = new float[3 * 64 * 64];
            int c = i % 3;
            Arrays.fill(p, c * 4096, (c + 1) * 4096, 0.9f); // one bright channel
            pixels.add(p);
        }
        int[] pixelLabels = new int[64];
        for (int i = 0; i < 64; i++) {
            pixelLabels[i] = i % 3;
        }
        TrainedModel trained = DemoModelTrainer.trainOnPixels(pixels, pixelLabels, 3,
                new TrainingSpec("tiny", 3, 16, 0.01, 1, 64), tmp.resolve("px"), p -> { });
        assertEquals(1.0, trained.trainingAccuracy());
        // the saved model must see a solid 0.9 * 255 red picture the way the trainer saw the red pixel array
        float[] red = new ImagePreprocessor(trained.spec().preprocessing())
                .prepare(TestImages.solid(64, 64, new java.awt.Color(230, 0, 0)));
        assertEquals(0, ModelLoaderTest.argMax(predict(trained, red)));
    }

    @Test
    void smallArchitectureTrainsToo() throws Exception {
        TrainedModel trained = DemoModelTrainer.trainOnImages(images.subList(0, 64), Arrays.copyOf(labels, 64), 4,
                new TrainingSpec("small", 1, 32, 0.005, 3, 64), tmp.resolve("small"), p -> { });
        try (LoadedModel model = ModelLoader.load(trained.spec())) {
            assertEquals(4, model.numClasses());
        }
    }

    @Test
    void loadingWithAnotherClassCountIsRejected() throws Exception {
        TrainedModel trained = DemoModelTrainer.trainOnImages(images.subList(0, 32), Arrays.copyOf(labels, 32), 4,
                new TrainingSpec("tiny", 1, 32, 0.005, 3, 64), tmp.resolve("m"), p -> { });
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> ModelLoader.load(ModelLoader.djlSpec(trained.directory(), 10)));
        assertTrue(e.getMessage().startsWith("The model outputs 4 scores per image but the dataset has 10 classes"),
                e.getMessage());
    }

    @Test
    void truncatedParametersAreRejected() throws Exception {
        TrainedModel trained = DemoModelTrainer.trainOnImages(images.subList(0, 32), Arrays.copyOf(labels, 32), 4,
                new TrainingSpec("tiny", 1, 32, 0.005, 3, 64), tmp.resolve("t"), p -> { });
        Path params = trained.directory().resolve("relabel-model-0000.params");
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, Arrays.copyOf(bytes, bytes.length / 2));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(trained.spec()));
        assertTrue(e.getMessage().startsWith("The parameters in t do not fit the 'tiny' architecture with 4 classes,"
                + " or are corrupt"), e.getMessage());
        ModelLoaderTest.assertReadable(e);
    }

    @Test
    void rejectsLabelsOutsideTheClassRange() {
        TrainingSpec spec = TrainingSpec.demo(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DemoModelTrainer.trainOnImages(images.subList(0, 2), new int[] {0, 4}, 4, spec, tmp, p -> { }));
        assertEquals("label 4 outside [0, 4)", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> DemoModelTrainer.trainOnImages(images.subList(0, 2), new int[] {0}, 4, spec, tmp, p -> { }));
        assertThrows(IllegalArgumentException.class, () -> new TrainingSpec("huge", 1, 1, 0.1, 1, 64));
    }

    private static float[] predict(TrainedModel trained, float[] input) throws Exception {
        try (LoadedModel model = ModelLoader.load(trained.spec());
             Predictor<float[], float[]> predictor = model.newPredictor()) {
            return predictor.predict(input);
        }
    }
}
