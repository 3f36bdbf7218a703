package org.relabel.demo.world;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import org.relabel.testing.Zips;

/**
 * Benchmark (run by hand, not a test): times generating, rendering and PNG-encoding a demo split (with
 * ImageIO's PNG writer on the same images as the reference), and prints the planted rates and how
 * the simulated crowd's kinds compare against the hidden truth.
 *
 * <pre>java -Djava.awt.headless=true -cp target/classes:target/test-classes \
 *     org.relabel.demo.world.DemoWorldBenchmark [COUNT] [REPEATS]</pre>
 */
public final class DemoWorldBenchmark {

    private DemoWorldBenchmark() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        SceneSpec spec = SceneSpec.of(2024, count, "bench");

        // warm-up run (class loading, JIT, ImageIO plugin registry)
        for (Scene s : SceneGenerator.generate(spec.withCount(Math.min(count, 200)))) {
            SceneRenderer.renderPng(s);
        }
        List<Scene> scenes = null;
        long bestGen = Long.MAX_VALUE;
        long bestRender = Long.MAX_VALUE;
        long bestPng = Long.MAX_VALUE;
        long bestImageIo = Long.MAX_VALUE;
        long bytes = 0;
        long imageIoBytes = 0;
        for (int rep = 0; rep < repeats; rep++) {
            long t0 = System.nanoTime();
            scenes = SceneGenerator.generate(spec);
            long t1 = System.nanoTime();
            List<BufferedImage> images = new ArrayList<>(scenes.size());
            for (Scene s : scenes) {
                images.add(SceneRenderer.render(s));
            }
            long t2 = System.nanoTime();
            bytes = 0;
            for (BufferedImage img : images) {
                bytes += SceneRenderer.toPng(img).length;
            }
            long t3 = System.nanoTime();
            imageIoBytes = 0;
            for (BufferedImage img : images) {
                imageIoBytes += imageIoPng(img).length;
            }
            long t4 = System.nanoTime();
            bestImageIo = Math.min(bestImageIo, t4 - t3);
            bestGen = Math.min(bestGen, t1 - t0);
            bestRender = Math.min(bestRender, t2 - t1);
            bestPng = Math.min(bestPng, t3 - t2);
        }
        System.out.printf(Locale.ROOT, "scenes %d, best of %d runs, 1 thread%n", count, repeats);
        System.out.printf(Locale.ROOT, "generate   %8.1f ms%n", bestGen / 1e6);
        System.out.printf(Locale.ROOT, "render     %8.1f ms  (%.3f ms/scene)%n", bestRender / 1e6, bestRender / 1e6 / count);
        System.out.printf(Locale.ROOT, "png encode %8.1f ms  (%.3f ms/scene, mean %d bytes)%n", bestPng / 1e6,
                bestPng / 1e6 / count, bytes / Math.max(1, count));
        System.out.printf(Locale.ROOT, "total      %8.1f ms%n", (bestGen + bestRender + bestPng) / 1e6);
        System.out.printf(Locale.ROOT, "reference: ImageIO png %8.1f ms (mean %d bytes); PngEncoder is %.1fx faster%n%n",
                bestImageIo / 1e6, imageIoBytes / Math.max(1, count), (double) bestImageIo / bestPng);
        System.out.println(DemoTruth.report(scenes));
        crowdFigures(scenes);
    }

    private static byte[] imageIoPng(BufferedImage img) {
        return Zips.encode(img, "png");
    }

    /** Per kind: presence agreement with truth, main-object accuracy and median time, on 6 shown labels. */
    private static void crowdFigures(List<Scene> scenes) {
        SimulatedCrowd crowd = new SimulatedCrowd(new CrowdSpec(7, 5, 5, 5));
        Random r = new Random(1);
        List<List<String>> shown = new ArrayList<>();
        for (Scene s : scenes) {
            List<String> labels = new ArrayList<>(s.truth().present());
            if (!labels.contains(s.originalLabel())) {
                labels.add(s.originalLabel());
            }
            List<String> absent = new ArrayList<>(DemoVocabulary.keys());
            absent.removeAll(labels);
            Collections.shuffle(absent, r);
            labels.addAll(absent.subList(0, 6 - labels.size()));
            Collections.shuffle(labels, r);
            shown.add(labels);
        }
        System.out.printf(Locale.ROOT, "%-8s %10s %10s %10s%n", "kind", "agreement", "main acc.", "median ms");
        for (AnnotatorKind kind : AnnotatorKind.values()) {
            double agreement = 0;
            int correct = 0;
            int n = 0;
            List<Long> times = new ArrayList<>();
            for (SimulatedAnnotator a : crowd.annotators()) {
                if (a.kind() != kind) {
                    continue;
                }
                for (int i = 0; i < scenes.size(); i++) {
                    SimulatedResponse resp = a.respond(scenes.get(i), shown.get(i));
                    agreement += DemoTruth.presenceAgreement(scenes.get(i), shown.get(i), resp);
                    correct += DemoTruth.mainCorrect(scenes.get(i), resp) ? 1 : 0;
                    times.add(resp.millis());
                    n++;
                }
            }
            Collections.sort(times);
            System.out.printf(Locale.ROOT, "%-8s %10.3f %10.3f %10d%n", kind.key(), agreement / n, (double) correct / n,
                    times.get(times.size() / 2));
        }
    }
}
