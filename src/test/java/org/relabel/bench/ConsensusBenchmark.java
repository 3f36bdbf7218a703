package org.relabel.bench;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.relabel.consensus.domain.AggregationParams;
import org.relabel.consensus.domain.Aggregator;
import org.relabel.consensus.domain.Answer;
import org.relabel.consensus.domain.ConsensusResult;
import org.relabel.consensus.domain.DawidSkeneAggregator;
import org.relabel.consensus.domain.ImageResponse;
import org.relabel.consensus.domain.JudgmentSet;
import org.relabel.consensus.domain.MajorityAggregator;
import org.relabel.consensus.domain.OneCoinDawidSkeneAggregator;
import org.relabel.consensus.domain.SelectionFrequencyAggregator;
import org.relabel.consensus.domain.SyntheticCrowd;

/**
 * Consensus benchmark: a seeded synthetic crowd at ImageNet-val scale (default 50,000 images x 4 candidate labels x
 * 5 annotators = 1,000,000 yes/no/maybe answers from 500 annotators: 60% reliable, 25% sloppy, 10% random
 * spammers, 5% yes-sayers), then builds the {@link JudgmentSet} and times selection frequency, majority, and 50 EM
 * iterations of presence Dawid-Skene (tolerance 0, so exactly 50), plus Dawid-Skene and one-coin run to
 * convergence. A second part generates CLASSIFY-style responses (per image 5 annotators choose among 10 candidates
 * drawn from 1,000 classes, with a main label: 2,500,000 answers), times building the set from them and every
 * aggregator including the main-label models. Each timing is the median of several runs after warm-up;
 * aggregation times include assembling the per-image consensus records. Single-threaded. Both wall-clock and thread
 * CPU time are printed: on a shared, busy machine the CPU time is the better estimate of what an idle machine would
 * take.
 *
 * <p>Run after {@code test-compile}:
 * {@code java -Xmx3g -cp target/classes:target/test-classes org.relabel.bench.ConsensusBenchmark [images]
 * [labels] [annotatorsPerImage] [annotators] [repeats]}
 */
public final class ConsensusBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ConsensusBenchmark() {
    }

    /**
     * @param args optional: images, labels per image, annotators per image, annotators, timed repeats
     */
    public static void main(String[] args) {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int labels = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int perImage = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int annotators = args.length > 3 ? Integer.parseInt(args[3]) : 500;
        int repeats = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        int iterations = 50;

        System.out.printf("ConsensusBenchmark: Java %s, %d processors, max heap %d MB%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);

        // ---- generate the crowd's answers into primitive arrays (not timed)
        SyntheticCrowd.Type[] pool = SyntheticCrowd.pool(
                new int[] {annotators * 60 / 100, annotators * 25 / 100, annotators * 10 / 100,
                    annotators - annotators * 95 / 100},
                SyntheticCrowd.RELIABLE, SyntheticCrowd.SLOPPY, SyntheticCrowd.RANDOM_SPAMMER,
                SyntheticCrowd.YES_SPAMMER);
        Random random = new Random(2024);
        int n = images * labels * perImage;
        int[] image = new int[n];
        int[] label = new int[n];
        int[] annotator = new int[n];
        byte[] answer = new byte[n];
        boolean[] present = new boolean[images * labels];
        int k = 0;
        int[] chosen = new int[perImage];
        for (int i = 0; i < images; i++) {
            for (int x = 0; x < perImage; x++) {
                int w;
                boolean seen;
                do {
                    w = random.nextInt(pool.length);
                    seen = false;
                    for (int y = 0; y < x; y++) {
                        seen |= chosen[y] == w;
                    }
                } while (seen);
                chosen[x] = w;
            }
            for (int l = 0; l < labels; l++) {
                present[i * labels + l] = random.nextDouble() < 0.3;
                for (int w : chosen) {
                    double[] row = pool[w].confusion()[present[i * labels + l] ? 1 : 0];
                    double u = random.nextDouble();
                    int y = u < row[0] ? 0 : u < row[0] + row[1] ? 1 : 2;
                    image[k] = i;
                    label[k] = l;
                    annotator[k] = w;
                    answer[k] = (byte) y;
                    k++;
                }
            }
        }
        String[] imageKeys = new String[images];
        for (int i = 0; i < images; i++) {
            imageKeys[i] = String.format("img%07d", i);
        }
        String[] labelKeys = new String[labels];
        for (int l = 0; l < labels; l++) {
            labelKeys[l] = String.format("lbl%03d", l);
        }
        String[] annotatorKeys = new String[pool.length];
        for (int w = 0; w < pool.length; w++) {
            annotatorKeys[w] = String.format("ann%05d", w);
        }
        Answer[] answers = Answer.values();

        // ---- build the judgment set
        JudgmentSet data = null;
        long[] addNanos = new long[repeats];
        long[] addCpu = new long[repeats];
        long[] buildNanos = new long[repeats];
        long[] buildCpu = new long[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            long c0 = THREADS.getCurrentThreadCpuTime();
            JudgmentSet.Builder builder = JudgmentSet.builder();
            for (int x = 0; x < n; x++) {
                builder.add(imageKeys[image[x]], labelKeys[label[x]], annotatorKeys[annotator[x]], answers[answer[x]]);
            }
            long t1 = System.nanoTime();
            long c1 = THREADS.getCurrentThreadCpuTime();
            data = builder.build();
            addNanos[r] = t1 - t0;
            addCpu[r] = c1 - c0;
            buildNanos[r] = System.nanoTime() - t1;
            buildCpu[r] = THREADS.getCurrentThreadCpuTime() - c1;
        }
        System.out.printf("data: %s%n", data);
        System.out.printf("builder: add %,d answers: wall %.3f s, cpu %.3f s; build(): wall %.3f s, cpu %.3f s "
                        + "(medians of %d); judgment set arrays %.1f MB%n", n, median(addNanos) / 1e9,
                median(addCpu) / 1e9, median(buildNanos) / 1e9, median(buildCpu) / 1e9, repeats,
                data.arrayBytes() / 1e6);

        // ---- aggregations
        AggregationParams fixed50 = AggregationParams.of(0.8).withMaxIterations(iterations).withTolerance(0);
        List<String> lines = new ArrayList<>();
        JudgmentSet d = data;
        time(lines, "selection frequency", d, present, labels, repeats,
                () -> new SelectionFrequencyAggregator().aggregate(d));
        time(lines, "majority", d, present, labels, repeats, () -> new MajorityAggregator().aggregate(d));
        time(lines, "Dawid-Skene, 50 iterations", d, present, labels, repeats,
                () -> new DawidSkeneAggregator().aggregate(d, fixed50));
        time(lines, "Dawid-Skene, to convergence", d, present, labels, repeats,
                () -> new DawidSkeneAggregator().aggregate(d));
        time(lines, "one-coin DS, to convergence", d, present, labels, repeats,
                () -> new OneCoinDawidSkeneAggregator().aggregate(d));
        System.out.printf("timings are medians of %d runs after 2 warm-up runs%n", repeats);
        lines.forEach(System.out::println);

        // ---- CLASSIFY-style responses with main labels over a large vocabulary
        int candidates = 10;
        int classes = 1000;
        List<ImageResponse> responses = new ArrayList<>();
        SyntheticCrowd.Crowd crowd = SyntheticCrowd.responses(7, images, candidates, classes, perImage, 0.15, pool,
                responses);
        long[] buildWall = new long[repeats];
        long[] buildCpuTime = new long[repeats];
        JudgmentSet classify = null;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            long c0 = THREADS.getCurrentThreadCpuTime();
            JudgmentSet.Builder builder = JudgmentSet.builder();
            responses.forEach(builder::add);
            classify = builder.build();
            buildWall[r] = System.nanoTime() - t0;
            buildCpuTime[r] = THREADS.getCurrentThreadCpuTime() - c0;
        }
        responses = null;
        System.out.printf("%nCLASSIFY style: %s (%d candidates of %d classes per image, main labels)%n", classify,
                candidates, classes);
        System.out.printf("builder from %,d responses: wall %.3f s, cpu %.3f s (medians of %d); arrays %.1f MB%n",
                classify.responseCount(), median(buildWall) / 1e9, median(buildCpuTime) / 1e9, repeats,
                classify.arrayBytes() / 1e6);
        JudgmentSet c = classify;
        List<String> classifyLines = new ArrayList<>();
        for (Aggregator aggregator : Aggregator.all()) {
            timeMain(classifyLines, aggregator.name(), crowd, c, repeats, () -> aggregator.aggregate(c));
        }
        classifyLines.forEach(System.out::println);
        System.out.printf("heap used after GC with both judgment sets, the crowd's copy and the generated arrays "
                + "alive: %.1f MB%n", usedHeap() / 1e6);
        Reference.reachabilityFence(data);
        Reference.reachabilityFence(c);
    }

    private static void timeMain(List<String> lines, String name, SyntheticCrowd.Crowd crowd, JudgmentSet data,
                                 int repeats, Supplier<ConsensusResult> run) {
        ConsensusResult result = run.get();
        long[] nanos = new long[repeats];
        long[] cpu = new long[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            long c0 = THREADS.getCurrentThreadCpuTime();
            result = run.get();
            nanos[r] = System.nanoTime() - t0;
            cpu[r] = THREADS.getCurrentThreadCpuTime() - c0;
        }
        // the crowd's judgment set holds the same responses, built once more: compare decisions through keys
        ConsensusResult onCrowd = crowd.data() == data ? result : null;
        lines.add(String.format("%-22s answers %,d  presence iterations %3d  wall %.3f s  cpu %.3f s  "
                        + "main-label accuracy vs truth %.4f  presence accuracy %.4f", name, data.answerCount(),
                result.iterations(), median(nanos) / 1e9, median(cpu) / 1e9,
                onCrowd == null ? mainAccuracy(crowd, result) : crowd.mainAccuracy(onCrowd),
                presenceAccuracy(crowd, result)));
    }

    private static double mainAccuracy(SyntheticCrowd.Crowd crowd, ConsensusResult result) {
        JudgmentSet truthData = crowd.data();
        int right = 0;
        for (int i = 0; i < result.data().imageCount(); i++) {
            String truth = crowd.trueMain(truthData.imageIndex(result.data().imageKey(i)));
            String main = result.mainLabel(i) < 0 ? null : result.data().labelKey(result.mainLabel(i));
            right += truth.equals(main) ? 1 : 0;
        }
        return (double) right / result.data().imageCount();
    }

    private static double presenceAccuracy(SyntheticCrowd.Crowd crowd, ConsensusResult result) {
        JudgmentSet data = result.data();
        JudgmentSet truthData = crowd.data();
        int right = 0;
        for (int p = 0; p < data.pairCount(); p++) {
            int q = truthData.pairIndex(truthData.imageIndex(data.imageKey(data.pairImage(p))),
                    truthData.labelIndex(data.labelKey(data.pairLabel(p))));
            right += result.isValid(p) == crowd.truth(q) ? 1 : 0;
        }
        return (double) right / data.pairCount();
    }

    private static void time(List<String> lines, String name, JudgmentSet data, boolean[] present, int labels,
                             int repeats, Supplier<ConsensusResult> run) {
        ConsensusResult result = null;
        for (int warm = 0; warm < 2; warm++) {
            result = run.get();
        }
        long[] nanos = new long[repeats];
        long[] cpu = new long[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            long c0 = THREADS.getCurrentThreadCpuTime();
            result = run.get();
            nanos[r] = System.nanoTime() - t0;
            cpu[r] = THREADS.getCurrentThreadCpuTime() - c0;
        }
        double seconds = median(nanos) / 1e9;
        double cpuSeconds = median(cpu) / 1e9;
        int right = 0;
        for (int p = 0; p < data.pairCount(); p++) {
            int i = Integer.parseInt(data.imageKey(data.pairImage(p)).substring(3));
            int l = Integer.parseInt(data.labelKey(data.pairLabel(p)).substring(3));
            right += result.isValid(p) == present[i * labels + l] ? 1 : 0;
        }
        int iterations = Math.max(1, result.iterations());
        lines.add(String.format("%-28s answers %,d  iterations %2d  wall %.3f s (min %.3f)  cpu %.3f s  "
                        + "%,.0f answers/s  %,.0f answer-iterations/s (cpu)  accuracy vs truth %.4f",
                name, data.answerCount(), result.iterations(), seconds, Arrays.stream(nanos).min().orElse(0) / 1e9,
                cpuSeconds, data.answerCount() / cpuSeconds, (double) data.answerCount() * iterations / cpuSeconds,
                (double) right / data.pairCount()));
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
