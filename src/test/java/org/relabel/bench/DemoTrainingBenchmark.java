package org.relabel.bench;

import ai.djl.inference.Predictor;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.relabel.demo.world.DemoVocabulary;
import org.relabel.demo.world.Scene;
import org.relabel.demo.world.SceneGenerator;
import org.relabel.demo.world.SceneRenderer;
import org.relabel.demo.world.SceneSpec;
import org.relabel.scoring.engine.DemoModelTrainer;
import org.relabel.scoring.engine.ImagePreprocessor;
import org.relabel.scoring.engine.LoadedModel;
import org.relabel.scoring.engine.ModelLoader;
import org.relabel.scoring.engine.TrainedModel;
import org.relabel.scoring.engine.TrainingSpec;

/**
 * What training a demo model costs and what it learns (docs/performance.md, "Demo first start"): trains one
 * architecture on the demo's training split (flawed original labels) and prints wall time, process CPU time, the
 * training accuracy, and top-1 accuracy on the demo's 600 test scenes against their original labels, against the
 * truth's main object, and on single-object scenes on their preferred background versus swapped to another
 * (the planted shortcut).
 *
 * <pre>
 * java -Dai.djl.offline=true -cp target/test-classes:target/classes:$(cat target/bench-classpath.txt) \
 *      org.relabel.bench.DemoTrainingBenchmark [architecture=small] [epochs=8] [train-scenes=2000] [batch=32] [seed=42]
 * </pre>
 */
public final class DemoTrainingBenchmark {
    private DemoTrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String architecture = args.length > 0 ? args[0] : "small";
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int trainScenes = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 42;
        System.out.printf(Locale.ROOT, "machine: %d cores, load average %s%n", Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).trim());

        List<Scene> train = SceneGenerator.generate(SceneSpec.of(seed + 1_000_003L, trainScenes, "train"));
        long t0 = System.nanoTime();
        long c0 = cpu();
        List<BufferedImage> images = train.stream().map(SceneRenderer::render).toList();
        int[] labels = train.stream().mapToInt(s -> DemoVocabulary.indexOf(s.originalLabel())).toArray();
        System.out.printf(Locale.ROOT, "rendered %d training scenes in %.1f s%n", trainScenes, (System.nanoTime() - t0) / 1e9);

        Path dir = Files.createTempDirectory("demo-training-bench");
        t0 = System.nanoTime();
        c0 = cpu();
        TrainedModel model = DemoModelTrainer.trainOnImages(images, labels, DemoVocabulary.size(),
                new TrainingSpec(architecture, epochs, batch, 0.005, seed, 64), dir, p -> { });
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpu() - c0) / 1e9;
        System.out.printf(Locale.ROOT, "trained %s, %d epochs, batch %d, %d scenes: %.1f s wall, %.1f s CPU, "
                        + "training accuracy %.3f (learning rate %.4f)%n", architecture, epochs, batch, trainScenes, wall, cpu,
                model.trainingAccuracy(), model.learningRate());

        List<Scene> test = SceneGenerator.generate(SceneSpec.of(seed, 600, "demo"));
        int[] original = test.stream().mapToInt(s -> DemoVocabulary.indexOf(s.originalLabel())).toArray();
        int[] main = test.stream().mapToInt(s -> DemoVocabulary.indexOf(s.truth().main())).toArray();
        int[] predicted = predict(model, test.stream().map(SceneRenderer::render).toList());
        List<Scene> single = test.stream().filter(s -> s.objects().size() == 1).toList();
        List<BufferedImage> home = new ArrayList<>();
        List<BufferedImage> away = new ArrayList<>();
        int[] singleMain = new int[single.size()];
        for (int i = 0; i < single.size(); i++) {
            Scene s = single.get(i).withBackground(single.get(i).objects().get(0).demoClass().preferredBackground());
            home.add(SceneRenderer.render(s));
            away.add(SceneRenderer.render(s.withNonPreferredBackground()));
            singleMain[i] = DemoVocabulary.indexOf(single.get(i).truth().main());
        }
        System.out.printf(Locale.ROOT, "test scenes: top-1 vs original labels %.3f, vs the truth's main object %.3f; "
                        + "%d single-object scenes on the preferred background %.3f, swapped %.3f%n",
                accuracy(predicted, original), accuracy(predicted, main), single.size(),
                accuracy(predict(model, home), singleMain), accuracy(predict(model, away), singleMain));
    }

    private static int[] predict(TrainedModel trained, List<BufferedImage> images) throws Exception {
        ImagePreprocessor preprocessor = new ImagePreprocessor(trained.spec().preprocessing());
        int[] out = new int[images.size()];
        try (LoadedModel model = ModelLoader.load(trained.spec());
             Predictor<float[], float[]> predictor = model.newPredictor()) {
            for (int start = 0; start < images.size(); start += 32) {
                List<float[]> batch = images.subList(start, Math.min(images.size(), start + 32)).stream()
                        .map(preprocessor::prepare).toList();
                List<float[]> scores = predictor.batchPredict(batch);
                for (int i = 0; i < scores.size(); i++) out[start + i] = argMax(scores.get(i));
            }
        }
        return out;
    }

    private static double accuracy(int[] predicted, int[] truth) {
        int right = 0;
        for (int i = 0; i < truth.length; i++) right += predicted[i] == truth[i] ? 1 : 0;
        return (double) right / truth.length;
    }

    private static int argMax(float[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) best = i;
        }
        return best;
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
