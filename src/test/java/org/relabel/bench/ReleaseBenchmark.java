package org.relabel.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.relabel.consensus.domain.Answer;
import org.relabel.export.domain.AnnotatorAnswers;
import org.relabel.export.domain.FileDigest;
import org.relabel.export.domain.JudgmentsCsv;
import org.relabel.export.domain.LabelStudioJson;
import org.relabel.export.domain.LabelsCsv;
import org.relabel.export.domain.LabelsJson;
import org.relabel.export.domain.ReleaseLabel;
import org.relabel.export.domain.ReleaseStatus;
import org.relabel.export.domain.StoredJudgment;

/**
 * Release writers at ImageNet-validation scale (domain level: what a freeze does after each row comes from the
 * database): a seeded synthetic release of N images (default 50,000; 1,000 classes) with A annotators per image
 * answering L labels each (default 5 x 4: 1,000,000 judgment rows), generated one image at a time so that nothing
 * but the writers holds memory. Times, as medians of several runs after warm-ups:
 * <ul>
 *   <li>{@code labels.csv} alone (the target: under 3 s for 50,000 images with 1 million judgments);</li>
 *   <li>the judgments of every image merged per annotator and written as {@code judgments.csv};</li>
 *   <li>{@code labels.json} and {@code label-studio.json};</li>
 * </ul>
 * then, untimed, the live heap after a full GC every 5,000 images while {@code labels.csv} and {@code judgments.csv}
 * are written (flat when the writers keep nothing), and the bytes allocated per image.
 *
 * <p>Run after {@code test-compile}:
 * {@code java -Xmx64m -cp target/classes:target/test-classes org.relabel.bench.ReleaseBenchmark [images] [annotators] [labels] [repeats]}
 */
public final class ReleaseBenchmark {
    private static final int CLASSES = 1000;

    private ReleaseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int annotators = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int labels = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        Path dir = Files.createTempDirectory("relabel-release-bench");
        try {
            long rows = (long) images * annotators * labels;
            System.out.printf("release writers: %,d images, %,d judgments, %,d judgment rows (answers), max heap %d MB%n",
                    images, (long) images * annotators, rows, Runtime.getRuntime().maxMemory() >> 20);
            long[] csv = new long[repeats];
            long[] judgments = new long[repeats];
            long[] json = new long[repeats];
            FileDigest[] last = new FileDigest[4];
            for (int r = -2; r < repeats; r++) {
                clean(dir);
                long t0 = System.nanoTime();
                last[0] = writeLabelsCsv(dir, images, annotators, null);
                long t1 = System.nanoTime();
                last[1] = writeJudgments(dir, images, annotators, labels, null);
                long t2 = System.nanoTime();
                last[2] = writeLabelsJson(dir, images, annotators);
                last[3] = writeLabelStudio(dir, images, annotators, labels);
                long t3 = System.nanoTime();
                if (r >= 0) {
                    csv[r] = t1 - t0;
                    judgments[r] = t2 - t1;
                    json[r] = t3 - t2;
                }
            }
            Arrays.sort(csv);
            Arrays.sort(judgments);
            Arrays.sort(json);
            System.out.printf("  labels.csv:                          median %6.0f ms (min %.0f, max %.0f)  %s%n",
                    csv[repeats / 2] / 1e6, csv[0] / 1e6, csv[repeats - 1] / 1e6, size(last[0]));
            System.out.printf("  judgments merged + judgments.csv:    median %6.0f ms (min %.0f, max %.0f)  %s%n",
                    judgments[repeats / 2] / 1e6, judgments[0] / 1e6, judgments[repeats - 1] / 1e6, size(last[1]));
            System.out.printf("  labels.json + label-studio.json:     median %6.0f ms  %s, %s%n",
                    json[repeats / 2] / 1e6, size(last[2]), size(last[3]));

            // heap: live heap after a full GC every 5,000 images, while writing
            List<Long> live = new ArrayList<>();
            LongConsumer probe = i -> {
                if (i % 5000 == 0) {
                    System.gc();
                    live.add(usedHeap());
                }
            };
            clean(dir);
            System.gc();
            long before = usedHeap();
            long alloc0 = allocated();
            writeLabelsCsv(dir, images, annotators, probe);
            long alloc1 = allocated();
            List<Long> csvLive = new ArrayList<>(live);
            live.clear();
            writeJudgments(dir, images, annotators, labels, probe);
            long alloc2 = allocated();
            System.gc();
            long after = usedHeap();
            System.out.printf("  live heap while writing labels.csv:     %s (before %.1f MB, after %.1f MB)%n",
                    range(csvLive), before / 1e6, after / 1e6);
            System.out.printf("  live heap while writing judgments.csv:  %s%n", range(live));
            System.out.printf("  allocated per image: labels.csv %,d bytes, judgments %,d bytes (garbage, none kept)%n",
                    (alloc1 - alloc0) / images, (alloc2 - alloc1) / images);
        } finally {
            clean(dir);
            Files.deleteIfExists(dir);
        }
    }

    // ---------------------------------------------------------------- the synthetic release, one image at a time

    static String image(int i) {
        return String.format("ILSVRC2012_val_%08d.JPEG", i + 1);
    }

    static String label(int c) {
        return String.format("n%08d", 1_000_000 + c);
    }

    /** Image {@code i}'s release labels: mostly consensus, some original, accepted, set by hand, excluded. */
    static ReleaseLabel releaseLabel(int i, int annotators) {
        SplittableRandom rnd = new SplittableRandom(i);
        String original = label(rnd.nextInt(CLASSES));
        int kind = rnd.nextInt(20);
        if (kind == 0) return ReleaseLabel.original(image(i), original);
        if (kind == 1) return new ReleaseLabel(image(i), original, null, List.of(), annotators, null, ReleaseStatus.EXCLUDED);
        List<String> valid = new ArrayList<>();
        valid.add(rnd.nextInt(4) == 0 ? label(rnd.nextInt(CLASSES)) : original);
        int extra = rnd.nextInt(5) == 0 ? 1 + rnd.nextInt(2) : 0;
        for (int e = 0; e < extra; e++) valid.add(label(rnd.nextInt(CLASSES)));
        ReleaseStatus status = kind == 2 ? ReleaseStatus.ACCEPTED_CONSENSUS : kind == 3 ? ReleaseStatus.SET_BY_HAND
                : ReleaseStatus.CONSENSUS;
        return new ReleaseLabel(image(i), original, valid.get(0), valid, annotators, rnd.nextDouble(), status);
    }

    /** Image {@code i}'s stored judgments: {@code annotators} judgments of {@code labels} answers each. */
    static List<StoredJudgment> judgments(int i, int annotators, int labels) {
        SplittableRandom rnd = new SplittableRandom(~i);
        List<StoredJudgment> out = new ArrayList<>(annotators);
        int first = rnd.nextInt(500);
        Answer[] answers = Answer.values();
        for (int a = 0; a < annotators; a++) {
            Map<String, Answer> m = new LinkedHashMap<>();
            for (int l = 0; l < labels; l++) m.put(label((i * 31 + l * 97) % CLASSES), answers[rnd.nextInt(3)]);
            String main = m.entrySet().stream().filter(e -> e.getValue() == Answer.YES).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
            out.add(new StoredJudgment(String.format("annotator-%04d", (first + a * 97) % 500 + 1), "CAMPAIGN", 1L, main,
                    1000 + rnd.nextInt(9000), m));
        }
        return out;
    }

    // ---------------------------------------------------------------- the files

    static FileDigest writeLabelsCsv(Path dir, int images, int annotators, LongConsumer probe) throws IOException {
        try (LabelsCsv csv = new LabelsCsv(out(dir, LabelsCsv.NAME))) {
            for (int i = 0; i < images; i++) {
                csv.write(releaseLabel(i, annotators));
                if (probe != null) probe.accept(i + 1);
            }
            return csv.finish();
        }
    }

    static FileDigest writeJudgments(Path dir, int images, int annotators, int labels, LongConsumer probe)
            throws IOException {
        try (JudgmentsCsv csv = new JudgmentsCsv(out(dir, JudgmentsCsv.NAME))) {
            for (int i = 0; i < images; i++) {
                String key = image(i);
                for (AnnotatorAnswers a : AnnotatorAnswers.merge(judgments(i, annotators, labels)).annotators()) {
                    csv.write(key, a);
                }
                if (probe != null) probe.accept(i + 1);
            }
            return csv.finish();
        }
    }

    static FileDigest writeLabelsJson(Path dir, int images, int annotators) throws IOException {
        try (LabelsJson json = new LabelsJson(out(dir, LabelsJson.NAME))) {
            for (int i = 0; i < images; i++) json.write(releaseLabel(i, annotators));
            return json.finish();
        }
    }

    static FileDigest writeLabelStudio(Path dir, int images, int annotators, int labels) throws IOException {
        try (LabelStudioJson studio = new LabelStudioJson(out(dir, LabelStudioJson.NAME), "bench v1")) {
            for (int i = 0; i < images; i++) {
                studio.write(releaseLabel(i, annotators), null,
                        AnnotatorAnswers.merge(judgments(i, annotators, labels)).annotators());
            }
            return studio.finish();
        }
    }

    private static OutputStream out(Path dir, String name) throws IOException {
        return new BufferedOutputStream(Files.newOutputStream(dir.resolve(name)), 1 << 16);
    }

    // ---------------------------------------------------------------- measuring

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long allocated() {
        java.lang.management.ThreadMXBean t = ManagementFactory.getThreadMXBean();
        if (t instanceof com.sun.management.ThreadMXBean sun) return sun.getThreadAllocatedBytes(Thread.currentThread().getId());
        return 0;
    }

    private static String range(List<Long> values) {
        long min = values.stream().mapToLong(Long::longValue).min().orElse(0);
        long max = values.stream().mapToLong(Long::longValue).max().orElse(0);
        return String.format("%.1f-%.1f MB over %d samples", min / 1e6, max / 1e6, values.size());
    }

    private static String size(FileDigest f) {
        return String.format("%s %.1f MB, %,d records", f.name(), f.bytes() / 1e6, f.records());
    }

    private static void clean(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
