package org.relabel.bench;

import ai.djl.inference.Predictor;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.relabel.scoring.engine.BatchScorer;
import org.relabel.scoring.engine.ImageSource;
import org.relabel.scoring.engine.LoadedModel;
import org.relabel.scoring.engine.ModelFormat;
import org.relabel.scoring.engine.ModelLoader;
import org.relabel.scoring.engine.ModelSpec;
import org.relabel.scoring.engine.Preprocessing;
import org.relabel.scoring.engine.ScoringOptions;
import org.relabel.scoring.engine.ScoringResult;

/**
 * Throughput of {@link BatchScorer} on JPEG files with a ResNet-18-sized TorchScript model, decoding and
 * preprocessing included (read file, decode JPEG, Resize(256), CenterCrop(224), normalise, batchPredict,
 * softmax, top-5).
 *
 * <pre>
 *   /usr/bin/python3 bench/make_resnet18.py /tmp/relabel-bench/resnet18.pt
 *   java -cp ... org.relabel.bench.ScoringBenchmark MODEL.pt [N=512] [batch=32] [inferenceThreads=1]
 *        [decodeThreads=cores] [imageDir=/tmp/relabel-bench/images]
 *   /usr/bin/python3 bench/pytorch_reference.py MODEL.pt /tmp/relabel-bench/images 32 &lt;cores&gt; N
 * </pre>
 *
 * N seeded 224x224 JPEGs are written to the image directory (reused when already there) so that the PyTorch
 * reference reads the very same files. Two batches are scored first as warm-up (TorchScript profiles its first
 * calls) and not timed. Prints images/second of the whole pipeline, images per CPU-second of the process (a
 * figure that stays comparable when other work shares the machine), and, for comparison, the speed of
 * decoding+preprocessing alone and of inference alone on prepared tensors. The engine's thread count is
 * the system property {@code ai.djl.pytorch.num_threads} (default: one per core).
 */
public final class ScoringBenchmark {

    private ScoringBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ScoringBenchmark MODEL.pt [N=512] [batch=32] [inferenceThreads=1]"
                    + " [decodeThreads=cores] [imageDir=/tmp/relabel-bench/images]");
            System.exit(2);
        }
        Path model = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int inferenceThreads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int decodeThreads = args.length > 4 ? Integer.parseInt(args[4])
                : Runtime.getRuntime().availableProcessors();
        Path imageDir = Path.of(args.length > 5 ? args[5] : "/tmp/relabel-bench/images");

        List<Path> files = ensureImages(imageDir, n);
        ModelSpec spec = new ModelSpec(ModelFormat.TORCHSCRIPT, model, Preprocessing.imagenet(), 1000);
        long loadStart = System.nanoTime();
        try (LoadedModel loaded = ModelLoader.load(spec)) {
            System.out.printf(Locale.ROOT, "model %s loaded and validated in %.1f s; %d cores%n",
                    model.getFileName(), (System.nanoTime() - loadStart) / 1e9,
                    Runtime.getRuntime().availableProcessors());
            ScoringOptions options = ScoringOptions.of(5, batch, inferenceThreads, decodeThreads);
            BatchScorer scorer = new BatchScorer(loaded, options);

            run(scorer, files.subList(0, Math.min(files.size(), 2 * batch * inferenceThreads)));
            AtomicLong checksum = new AtomicLong();
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            ScoringResult result = scorer.score(sources(files).iterator(), () -> false,
                    scored -> scored.forEach(s -> checksum.addAndGet(s.best().index())));
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
            if (result.failed() > 0 || result.scored() != n) {
                throw new IllegalStateException("scored " + result.scored() + ", failed " + result.failed());
            }
            System.out.printf(Locale.ROOT, "DJL BatchScorer: %d images, batch %d, inference threads %d,"
                            + " decode threads %d, engine threads %s: %.1f images/s with decode+preprocess (%.1f s);"
                            + " %.1f images per CPU-second; top-1 checksum %d%n",
                    n, batch, inferenceThreads, decodeThreads,
                    System.getProperty("ai.djl.pytorch.num_threads", "default"), n / seconds, seconds,
                    n / cpuSeconds, checksum.get());
            System.out.printf(Locale.ROOT, "Java decode+preprocess alone (1 thread): %.1f images/s%n",
                    decodeOnly(loaded, files));

            System.out.printf(Locale.ROOT, "DJL inference alone (batchPredict on prepared tensors, 1 thread):"
                    + " %.1f images/s%n", inferenceOnly(loaded, files, batch, Math.max(1, n / batch)));
        }
    }

    private static double decodeOnly(LoadedModel model, List<Path> files) throws IOException {
        int count = Math.min(files.size(), 64);
        for (int i = 0; i < count; i++) {
            model.preprocessor().prepare(Files.readAllBytes(files.get(i)));
        }
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            model.preprocessor().prepare(Files.readAllBytes(files.get(i)));
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    /** CPU time of the whole process (all threads), so figures taken on a busy machine can be compared. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static void run(BatchScorer scorer, List<Path> files) throws Exception {
        scorer.score(sources(files).iterator(), () -> false, scored -> { });
    }

    private static List<ImageSource> sources(List<Path> files) {
        List<ImageSource> sources = new ArrayList<>(files.size());
        for (Path f : files) {
            sources.add(ImageSource.of(f.getFileName().toString(), f));
        }
        return sources;
    }

    private static double inferenceOnly(LoadedModel model, List<Path> files, int batch, int rounds)
            throws Exception {
        List<float[]> inputs = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            inputs.add(model.preprocessor().prepare(Files.readAllBytes(files.get(i % files.size()))));
        }
        try (Predictor<float[], float[]> predictor = model.newPredictor()) {
            predictor.batchPredict(inputs);
            long start = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                predictor.batchPredict(inputs);
            }
            return rounds * (double) batch / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Seeded 224x224 JPEGs: gradients, shapes and noise, so the decoder does realistic work. */
    static List<Path> ensureImages(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Path file = dir.resolve(String.format(Locale.ROOT, "img-%05d.jpg", i));
            if (!Files.isRegularFile(file)) {
                ImageIO.write(picture(new Random(i)), "jpg", file.toFile());
            }
            files.add(file);
        }
        return files;
    }

    private static BufferedImage picture(Random random) {
        BufferedImage image = new BufferedImage(224, 224, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(random.nextInt(1 << 24)), 224, 224,
                new Color(random.nextInt(1 << 24))));
        g.fillRect(0, 0, 224, 224);
        for (int s = 0; s < 12; s++) {
            g.setColor(new Color(random.nextInt(1 << 24)));
            int x = random.nextInt(200);
            int y = random.nextInt(200);
            int w = 10 + random.nextInt(80);
            int h = 10 + random.nextInt(80);
            if (random.nextBoolean()) {
                g.fillOval(x, y, w, h);
            } else {
                g.fillRect(x, y, w, h);
            }
        }
        g.dispose();
        for (int k = 0; k < 4000; k++) {
            image.setRGB(random.nextInt(224), random.nextInt(224), random.nextInt(1 << 24));
        }
        return image;
    }
}
