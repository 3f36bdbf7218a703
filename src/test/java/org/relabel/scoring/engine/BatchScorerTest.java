package org.relabel.scoring.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.transform.Normalize;
import ai.djl.modality.cv.transform.ToTensor;
import ai.djl.modality.cv.translator.ImageClassificationTranslator;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(120)
class BatchScorerTest {

    private static LoadedModel colour;
    private static LoadedModel sevenWide;

    @BeforeAll
    static void load() throws ModelLoadException {
        colour = ModelLoader.load(TestImages.fixtureSpec(ModelFormat.TORCHSCRIPT, "tiny-colour.pt", 3));
        sevenWide = ModelLoader.load(TestImages.fixtureSpec(ModelFormat.TORCHSCRIPT, "wrong-width.pt", 7));
    }

    @AfterAll
    static void close() {
        colour.close();
        sevenWide.close();
    }

    @ParameterizedTest
    @EnumSource(value = ModelFormat.class, names = {"TORCHSCRIPT", "ONNX"})
    void scoresSolidAndNoisyColourImagesCorrectly(ModelFormat format) throws Exception {
        String file = format == ModelFormat.ONNX ? "tiny-colour.onnx" : "tiny-colour.pt";
        List<ImageSource> sources = new ArrayList<>();
        Map<String, Integer> expected = new HashMap<>();
        Color[] solids = {Color.RED, Color.GREEN, Color.BLUE};
        for (int c = 0; c < 3; c++) {
            sources.add(ImageSource.of("solid-" + c, TestImages.png(TestImages.solid(64, 48, solids[c]))));
            expected.put("solid-" + c, c);
            for (int i = 0; i < 5; i++) {
                String key = "noisy-" + c + "-" + i;
                sources.add(ImageSource.of(key, TestImages.encode(TestImages.dominant(c, 40, 31L * c + i), "jpg")));
                expected.put(key, c);
            }
        }
        Collections.shuffle(sources, new java.util.Random(1));
        try (LoadedModel model = ModelLoader.load(TestImages.fixtureSpec(format, file, 3))) {
            Collected out = run(new BatchScorer(model, ScoringOptions.of(3, 4, 1, 2)), sources.iterator());
            assertEquals(18, out.result.scored());
            assertEquals(0, out.result.failed());
            for (ScoredImage s : out.scored) {
                assertEquals(expected.get(s.imageKey()), s.best().index(), s.toString());
                assertTrue(s.best().probability() > 0.5, s.toString());
            }
        }
    }

    @Test
    void corruptAndMissingImagesAreReportedWhileTheOthersAreScored(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        List<ImageSource> sources = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sources.add(ImageSource.of("good-" + i, TestImages.png(TestImages.dominant(i % 3, 32, i))));
            if (i == 4) {
                sources.add(ImageSource.of("corrupt", "GIF89a but then garbage".getBytes()));
                sources.add(ImageSource.of("missing", tmp.resolve("missing.jpg")));
                sources.add(new ImageSource("unreadable", () -> {
                    throw new IOException("connection reset");
                }));
            }
        }
        Collected out = run(new BatchScorer(colour, ScoringOptions.of(5, 3, 1, 2)), sources.iterator());
        assertEquals(10, out.result.scored());
        assertEquals(3, out.result.failed());
        assertEquals(10, out.scored.size());
        Map<String, String> errors = new HashMap<>();
        out.errors.forEach(e -> errors.put(e.imageKey(), e.message()));
        assertEquals("image file not found", errors.get("missing"));
        assertEquals("could not read the image: connection reset", errors.get("unreadable"));
        assertTrue(errors.get("corrupt").startsWith("corrupt gif image"), errors.get("corrupt"));
        for (ScoredImage s : out.scored) {
            int i = Integer.parseInt(s.imageKey().substring(5));
            assertEquals(i % 3, s.best().index());
        }
        ScoringProgress last = out.progress.get(out.progress.size() - 1);
        assertEquals(new ScoringProgress(10, 3, last.elapsedMillis()), last);
    }

    @Test
    void cancellingStopsAnEndlessStreamAndNothingIsDeliveredAfterwards() throws Exception {
        byte[] png = TestImages.png(TestImages.noise(32, 9));
        AtomicInteger produced = new AtomicInteger();
        Iterator<ImageSource> endless = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public ImageSource next() {
                return ImageSource.of("img-" + produced.getAndIncrement(), png);
            }
        };
        AtomicBoolean cancel = new AtomicBoolean();
        AtomicBoolean deliveredAfterCancel = new AtomicBoolean();
        AtomicInteger delivered = new AtomicInteger();
        ScoringOptions options = ScoringOptions.of(5, 8, 1, 2);
        ScoringResult result = new BatchScorer(colour, options).score(endless, cancel::get, batch -> {
            deliveredAfterCancel.compareAndSet(false, cancel.get());
            if (delivered.addAndGet(batch.size()) >= 40) {
                cancel.set(true);
            }
        });
        assertTrue(result.cancelled());
        assertFalse(deliveredAfterCancel.get());
        assertEquals(delivered.get(), result.scored());
        assertTrue(result.scored() >= 40 && result.scored() < 40 + options.batchSize(), "scored " + result.scored());
        // bounded read-ahead: the decoders stopped once the queues were full
        int readAhead = options.queueCapacity() + options.decodeThreads()
                + options.inferenceThreads() * options.batchSize();
        assertTrue(produced.get() <= result.scored() + readAhead + 4 * options.batchSize(),
                "read " + produced.get() + " images for " + result.scored() + " scored");
    }

    @Test
    void topKIsOrderedAndItsProbabilitiesSumToAtMostOne() throws Exception {
        List<ImageSource> sources = IntStream.range(0, 20)
                .mapToObj(i -> ImageSource.of("n" + i, TestImages.png(TestImages.noise(32, 100 + i))))
                .toList();
        Collected top5 = run(new BatchScorer(sevenWide, ScoringOptions.of(5, 6, 1, 1)), sources.iterator());
        assertEquals(20, top5.scored.size());
        for (ScoredImage s : top5.scored) {
            assertEquals(5, s.top().size());
            double sum = 0;
            for (int i = 0; i < s.top().size(); i++) {
                ClassScore c = s.top().get(i);
                assertTrue(c.probability() >= 0 && c.probability() <= 1, s.toString());
                if (i > 0) {
                    assertTrue(c.probability() <= s.top().get(i - 1).probability(), s.toString());
                }
                sum += c.probability();
            }
            assertTrue(sum <= 1 + 1e-9, s.toString());
            assertTrue(sum < 1 - 1e-6, "the two classes left out carry some probability: " + s);
        }
        Collected all = run(new BatchScorer(sevenWide, ScoringOptions.of(10, 6, 1, 1)), sources.iterator());
        for (ScoredImage s : all.scored) {
            assertEquals(7, s.top().size());
            assertEquals(1.0, s.top().stream().mapToDouble(ClassScore::probability).sum(), 1e-9);
        }
    }

    @Test
    void batchScoresEqualDjlsOwnSingleImageClassificationPipeline() throws Exception {
        // Independent path: DJL's ImageFactory decoding + ToTensor + Normalize + softmax, one image per predict().
        // The images are already 32x32, so no resampling is involved and the inputs must agree exactly.
        List<byte[]> images = IntStream.range(0, 12)
                .mapToObj(i -> TestImages.png(TestImages.noise(32, 500 + i))).toList();
        List<String> synset = IntStream.range(0, 7).mapToObj(Integer::toString).toList();
        ImageClassificationTranslator translator = ImageClassificationTranslator.builder()
                .addTransform(new ToTensor())
                .addTransform(new Normalize(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f}))
                .optSynset(synset)
                .optApplySoftmax(true)
                .optTopK(7)
                .build();
        Criteria<Image, Classifications> criteria = Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optModelPath(TestImages.fixture("wrong-width.pt"))
                .optEngine("PyTorch")
                .optTranslator(translator)
                .build();
        Map<String, List<ClassScore>> direct = new HashMap<>();
        try (ZooModel<Image, Classifications> model = criteria.loadModel();
             Predictor<Image, Classifications> predictor = model.newPredictor()) {
            for (int i = 0; i < images.size(); i++) {
                Image image = ImageFactory.getInstance().fromInputStream(new ByteArrayInputStream(images.get(i)));
                List<ClassScore> top = new ArrayList<>();
                for (Classifications.Classification c : predictor.predict(image).topK(5)) {
                    top.add(new ClassScore(Integer.parseInt(c.getClassName()), c.getProbability()));
                }
                direct.put("img-" + i, top);
            }
        }
        List<ImageSource> sources = IntStream.range(0, images.size())
                .mapToObj(i -> ImageSource.of("img-" + i, images.get(i))).toList();
        Collected batched = run(new BatchScorer(sevenWide, ScoringOptions.of(5, 5, 2, 2)), sources.iterator());
        assertEquals(images.size(), batched.scored.size());
        for (ScoredImage s : batched.scored) {
            List<ClassScore> expected = direct.get(s.imageKey());
            assertEquals(expected.stream().map(ClassScore::index).toList(),
                    s.top().stream().map(ClassScore::index).toList(), s.imageKey());
            for (int k = 0; k < 5; k++) {
                assertEquals(expected.get(k).probability(), s.top().get(k).probability(), 1e-5, s.imageKey());
            }
        }
    }

    @Test
    void resultsDoNotDependOnBatchSizeOrThreadCount() throws Exception {
        List<ImageSource> sources = IntStream.range(0, 41)
                .mapToObj(i -> ImageSource.of("n" + i, TestImages.png(TestImages.noise(40, 900 + i))))
                .toList();
        Map<String, ScoredImage> single = byKey(run(new BatchScorer(sevenWide, ScoringOptions.of(5, 1, 1, 1)),
                sources.iterator()).scored);
        Map<String, ScoredImage> parallel = byKey(run(new BatchScorer(sevenWide, ScoringOptions.of(5, 8, 2, 3)),
                sources.iterator()).scored);
        assertEquals(single.keySet(), parallel.keySet());
        for (String key : single.keySet()) {
            List<ClassScore> a = single.get(key).top();
            List<ClassScore> b = parallel.get(key).top();
            assertEquals(a.stream().map(ClassScore::index).toList(), b.stream().map(ClassScore::index).toList(), key);
            for (int k = 0; k < a.size(); k++) {
                assertEquals(a.get(k).probability(), b.get(k).probability(), 1e-5, key);
            }
        }
    }

    @Test
    void modelThatOutputsProbabilitiesIsNotSoftmaxedAgain() throws Exception {
        ModelSpec spec = new ModelSpec(ModelFormat.TORCHSCRIPT, TestImages.fixture("tiny-colour.pt"),
                TestImages.FIXTURE_PREPROCESSING, 3, true);
        byte[] png = TestImages.png(TestImages.dominant(TestImages.BLUE, 32, 5));
        try (LoadedModel model = ModelLoader.load(spec);
             Predictor<float[], float[]> predictor = model.newPredictor()) {
            float[] raw = predictor.predict(model.preprocessor().prepare(png));
            Collected out = run(new BatchScorer(model, ScoringOptions.of(3, 2, 1, 1)),
                    List.of(ImageSource.of("b", png)).iterator());
            ClassScore best = out.scored.get(0).best();
            assertEquals(TestImages.BLUE, best.index());
            assertEquals(raw[TestImages.BLUE], best.probability(), 1e-6);
        }
    }

    @Test
    void failingImageListEndsTheRunWithAScoringException() {
        Iterator<ImageSource> failing = new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                if (n == 7) {
                    throw new IllegalStateException("database connection lost");
                }
                return true;
            }

            @Override
            public ImageSource next() {
                return ImageSource.of("i" + n++, TestImages.png(TestImages.noise(32, n)));
            }
        };
        ScoringException e = assertThrows(ScoringException.class,
                () -> new BatchScorer(colour, ScoringOptions.of(5, 4, 1, 2)).score(failing, () -> false, b -> { }));
        assertEquals("Reading the list of images failed: database connection lost", e.getMessage());
    }

    @Test
    void listenerRunsOnTheCallingThreadAndItsExceptionStopsTheRun() {
        Thread caller = Thread.currentThread();
        List<ImageSource> sources = IntStream.range(0, 30)
                .mapToObj(i -> ImageSource.of("n" + i, TestImages.png(TestImages.noise(32, i)))).toList();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new BatchScorer(colour, ScoringOptions.of(5, 4, 2, 2)).score(sources.stream(), () -> false,
                        batch -> {
                            assertSame(caller, Thread.currentThread());
                            throw new IllegalStateException("disk full");
                        }));
        assertEquals("disk full", e.getMessage());
    }

    record Collected(ScoringResult result, List<ScoredImage> scored, List<ImageError> errors,
                     List<ScoringProgress> progress) {
    }

    static Collected run(BatchScorer scorer, Iterator<ImageSource> sources) throws Exception {
        List<ScoredImage> scored = new ArrayList<>();
        List<ImageError> errors = new ArrayList<>();
        List<ScoringProgress> progress = new ArrayList<>();
        ScoringResult result = scorer.score(sources, () -> false, new ScoringListener() {
            @Override
            public void onScored(List<ScoredImage> batch) {
                assertTrue(batch.size() <= scorer.options().batchSize());
                scored.addAll(batch);
            }

            @Override
            public void onImageError(ImageError error) {
                errors.add(error);
            }

            @Override
            public void onProgress(ScoringProgress p) {
                progress.add(p);
            }
        });
        assertFalse(result.cancelled());
        assertEquals(result.scored(), scored.size());
        assertEquals(result.failed(), errors.size());
        return new Collected(result, scored, errors, progress);
    }

    private static Map<String, ScoredImage> byKey(List<ScoredImage> scored) {
        Map<String, ScoredImage> map = new HashMap<>();
        scored.forEach(s -> map.put(s.imageKey(), s));
        return map;
    }
}
