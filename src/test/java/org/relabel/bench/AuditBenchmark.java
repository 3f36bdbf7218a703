package org.relabel.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.relabel.audit.domain.FindingRules;
import org.relabel.audit.domain.ImageLabels;
import org.relabel.audit.domain.MetricsCalculator;
import org.relabel.audit.domain.ModelPredictions;
import org.relabel.audit.domain.RankedLabel;
import org.relabel.audit.domain.ReviewStatus;

/**
 * Audit benchmark (domain level, what {@code GET /metrics} and a findings recomputation do after reading the
 * database): a seeded synthetic dataset at ImageNet-val scale (default 50,000 images, 1,000 classes, 10 shown
 * labels with SFs per image, 5 models with top-5) through {@link MetricsCalculator} (metrics and dataset
 * figures) and {@link FindingRules}; prints the median time of several runs and the heap the inputs hold.
 *
 * <p>Run after {@code test-compile}:
 * {@code java -Xmx3g -cp target/classes:target/test-classes org.relabel.bench.AuditBenchmark [images] [models] [repeats]}
 */
public final class AuditBenchmark {
    private AuditBenchmark() {
    }

    public static void main(String[] args) {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int modelCount = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Random rnd = new Random(42);
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long heap0 = rt.totalMemory() - rt.freeMemory();
        List<ImageLabels> labels = new ArrayList<>(images);
        List<Map<String, List<RankedLabel>>> tops = new ArrayList<>();
        for (int m = 0; m < modelCount; m++) tops.add(new HashMap<>());
        for (int i = 0; i < images; i++) {
            String image = "ILSVRC2012_val_" + String.format("%08d", i) + ".JPEG";
            String original = "n" + rnd.nextInt(1000);
            Map<String, Double> sf = new LinkedHashMap<>();
            sf.put(original, rnd.nextDouble());
            while (sf.size() < 10) sf.put("n" + rnd.nextInt(1000), rnd.nextInt(6) / 5.0);
            Set<String> valid = new LinkedHashSet<>();
            sf.forEach((l, v) -> { if (v >= 0.5) valid.add(l); });
            String main = valid.isEmpty() ? null : valid.iterator().next();
            labels.add(new ImageLabels(image, original, null, valid, main, null, sf,
                    main == null ? Map.of() : Map.of(main, 0.8), 5, ReviewStatus.UNREVIEWED));
            List<String> candidates = new ArrayList<>(sf.keySet());
            for (int m = 0; m < modelCount; m++) {
                java.util.Collections.shuffle(candidates, rnd);
                List<RankedLabel> top = new ArrayList<>();
                for (int k = 0; k < 5; k++) top.add(new RankedLabel(candidates.get(k), 0.5 / (k + 1)));
                tops.get(m).put(image, top);
            }
        }
        List<ModelPredictions> models = new ArrayList<>();
        for (int m = 0; m < modelCount; m++) models.add(new ModelPredictions("model-" + m, tops.get(m)));
        tops.clear();
        System.gc();
        long heap = rt.totalMemory() - rt.freeMemory() - heap0;
        MetricsCalculator calc = new MetricsCalculator();
        FindingRules rules = new FindingRules();
        long[] metrics = new long[repeats];
        long[] findings = new long[repeats];
        int found = 0;
        for (int r = -1; r < repeats; r++) {
            long t0 = System.nanoTime();
            calc.metrics(labels, models);
            calc.datasetFigures(labels, models);
            long t1 = System.nanoTime();
            found = rules.findings(labels, models).size();
            long t2 = System.nanoTime();
            if (r >= 0) {
                metrics[r] = t1 - t0;
                findings[r] = t2 - t1;
            }
        }
        java.util.Arrays.sort(metrics);
        java.util.Arrays.sort(findings);
        System.out.printf("audit benchmark: %d images, %d models: inputs hold about %d MB of heap%n", images, modelCount,
                heap / (1 << 20));
        System.out.printf("  metrics + dataset figures: median %.0f ms%n", metrics[repeats / 2] / 1e6);
        System.out.printf("  finding rules: median %.0f ms (%d findings)%n", findings[repeats / 2] / 1e6, found);
    }
}
