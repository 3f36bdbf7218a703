package org.relabel.consensus.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Seeded synthetic crowds with known truth and known annotator confusion matrices, for tests and the benchmark.
 * Keys are zero-padded ({@code img0000012}, {@code lbl003}, {@code ann00042}) so that their lexicographic order,
 * which {@link JudgmentSet} uses for indices, equals the generation order.
 */
public final class SyntheticCrowd {

    /**
     * An annotator type: {@code confusion[z][y]} = P(answer y | truth z), z = 0 absent, 1 present, y in
     * {@link Answer#code()} order (no, yes, maybe); {@code mainAccuracy} = P(main answer is the true main label),
     * otherwise a uniformly random other candidate; {@code seconds} = typical time per image.
     */
    public record Type(String name, double[][] confusion, double mainAccuracy, double seconds) {
    }

    /** Careful annotator. */
    public static final Type RELIABLE = new Type("reliable",
            new double[][] {{0.92, 0.04, 0.04}, {0.06, 0.88, 0.06}}, 0.9, 8);
    /** Careless but honest annotator. */
    public static final Type SLOPPY = new Type("sloppy",
            new double[][] {{0.70, 0.20, 0.10}, {0.25, 0.65, 0.10}}, 0.6, 5);
    /** Answers at random, whatever the truth, and fast. */
    public static final Type RANDOM_SPAMMER = new Type("random-spammer",
            new double[][] {{0.45, 0.45, 0.10}, {0.45, 0.45, 0.10}}, 0.0, 1.5);
    /** Says yes to everything, fast. */
    public static final Type YES_SPAMMER = new Type("yes-spammer",
            new double[][] {{0.0, 1.0, 0.0}, {0.0, 1.0, 0.0}}, 0.0, 1.0);

    /** A generated crowd: its judgments plus the hidden truth. */
    public static final class Crowd {
        final int images;
        final int labels;
        final boolean[] present;
        final int[] trueMain;
        final Type[] annotators;
        final JudgmentSet data;

        Crowd(int images, int labels, boolean[] present, int[] trueMain, Type[] annotators, JudgmentSet data) {
            this.images = images;
            this.labels = labels;
            this.present = present;
            this.trueMain = trueMain;
            this.annotators = annotators;
            this.data = data;
        }

        /** @return the judgments */
        public JudgmentSet data() {
            return data;
        }

        /**
         * @param pair a pair index of {@link #data()}
         * @return whether the pair's label is truly present
         */
        public boolean truth(int pair) {
            int image = number(data.imageKey(data.pairImage(pair)));
            int label = number(data.labelKey(data.pairLabel(pair)));
            return present[image * labels + label];
        }

        /**
         * @param image an image index of {@link #data()}
         * @return the true main label key, or null
         */
        public String trueMain(int image) {
            int m = trueMain[number(data.imageKey(image))];
            return m < 0 ? null : labelKey(m);
        }

        /**
         * @param annotator an annotator index of {@link #data()}
         * @return its type
         */
        public Type type(int annotator) {
            return annotators[number(data.annotatorKey(annotator))];
        }

        /**
         * @param result a consensus of {@link #data()}
         * @return share of pairs whose valid decision equals the truth
         */
        public double presenceAccuracy(ConsensusResult result) {
            int right = 0;
            for (int p = 0; p < data.pairCount(); p++) {
                right += result.isValid(p) == truth(p) ? 1 : 0;
            }
            return (double) right / data.pairCount();
        }

        /**
         * @param result a consensus of {@link #data()}
         * @return share of images whose consensus main label equals the true main label
         */
        public double mainAccuracy(ConsensusResult result) {
            int right = 0;
            for (int i = 0; i < data.imageCount(); i++) {
                String truth = trueMain(i);
                String main = result.mainLabel(i) < 0 ? null : data.labelKey(result.mainLabel(i));
                right += truth != null && truth.equals(main) ? 1 : 0;
            }
            return (double) right / data.imageCount();
        }
    }

    private SyntheticCrowd() {
    }

    static String imageKey(int i) {
        return String.format("img%07d", i);
    }

    static String labelKey(int l) {
        return String.format("lbl%03d", l);
    }

    static String annotatorKey(int w) {
        return String.format("ann%05d", w);
    }

    static int number(String key) {
        return Integer.parseInt(key.substring(3));
    }

    /**
     * Per-label answers (ReaL style): every image has {@code labels} candidate labels, each present with
     * probability {@code prior}; {@code perImage} distinct annotators, drawn at random from the pool, answer every
     * candidate of the image from their confusion matrix.
     *
     * @param seed     random seed
     * @param images   number of images
     * @param labels   candidate labels per image (the same label keys on every image)
     * @param perImage annotators per image
     * @param prior    P(label present)
     * @param pool     the annotators' types, one entry per annotator
     * @return the crowd
     */
    public static Crowd presence(long seed, int images, int labels, int perImage, double prior, Type[] pool) {
        Random random = new Random(seed);
        boolean[] present = new boolean[images * labels];
        for (int x = 0; x < present.length; x++) {
            present[x] = random.nextDouble() < prior;
        }
        String[] imageKeys = new String[images];
        for (int i = 0; i < images; i++) {
            imageKeys[i] = imageKey(i);
        }
        String[] labelKeys = new String[labels];
        for (int l = 0; l < labels; l++) {
            labelKeys[l] = labelKey(l);
        }
        String[] annotatorKeys = new String[pool.length];
        for (int w = 0; w < pool.length; w++) {
            annotatorKeys[w] = annotatorKey(w);
        }
        Answer[] answers = Answer.values();
        JudgmentSet.Builder builder = JudgmentSet.builder();
        int[] chosen = new int[perImage];
        for (int i = 0; i < images; i++) {
            drawDistinct(random, pool.length, chosen);
            for (int l = 0; l < labels; l++) {
                int z = present[i * labels + l] ? 1 : 0;
                for (int w : chosen) {
                    Answer answer = answers[draw(random, pool[w].confusion()[z])];
                    builder.add(imageKeys[i], labelKeys[l], annotatorKeys[w], answer);
                }
            }
        }
        return new Crowd(images, labels, present, new int[images], pool, builder.build());
    }

    /**
     * Per-image responses (CLASSIFY style): every image shows {@code labels} candidates in random order; one of
     * them is the true main object and present, each other candidate is present with probability {@code prior}.
     * Each of {@code perImage} annotators selects from their confusion matrix (a MAYBE becomes "not selected"),
     * picks the main label right with their main accuracy (else a random other candidate), and takes a time around
     * their type's seconds.
     *
     * @param seed     random seed
     * @param images   number of images
     * @param labels   candidate labels per image, drawn from {@code classes} classes
     * @param classes  size of the label vocabulary
     * @param perImage annotators per image
     * @param prior    P(a non-main candidate is present)
     * @param pool     the annotators' types, one entry per annotator
     * @return the crowd
     */
    public static Crowd responses(long seed, int images, int labels, int classes, int perImage, double prior,
                                  Type[] pool) {
        return responses(seed, images, labels, classes, perImage, prior, pool, null);
    }

    /**
     * As {@link #responses(long, int, int, int, int, double, Type[])}, also appending every generated response to
     * {@code out} (when not null), e.g. to time building a judgment set from them.
     *
     * @param seed     random seed
     * @param images   number of images
     * @param labels   candidate labels per image
     * @param classes  size of the label vocabulary
     * @param perImage annotators per image
     * @param prior    P(a non-main candidate is present)
     * @param pool     the annotators' types
     * @param out      receives the responses, or null
     * @return the crowd
     */
    public static Crowd responses(long seed, int images, int labels, int classes, int perImage, double prior,
                                  Type[] pool, List<ImageResponse> out) {
        Random random = new Random(seed);
        boolean[] present = new boolean[images * classes];
        int[] trueMain = new int[images];
        String[] labelKeys = new String[classes];
        for (int l = 0; l < classes; l++) {
            labelKeys[l] = labelKey(l);
        }
        String[] annotatorKeys = new String[pool.length];
        for (int w = 0; w < pool.length; w++) {
            annotatorKeys[w] = annotatorKey(w);
        }
        JudgmentSet.Builder builder = JudgmentSet.builder();
        int[] chosen = new int[perImage];
        int[] candidates = new int[labels];
        for (int i = 0; i < images; i++) {
            String image = imageKey(i);
            drawDistinct(random, classes, candidates);
            trueMain[i] = candidates[0];
            present[i * classes + candidates[0]] = true;
            for (int c = 1; c < labels; c++) {
                present[i * classes + candidates[c]] = random.nextDouble() < prior;
            }
            drawDistinct(random, pool.length, chosen);
            for (int w : chosen) {
                Type type = pool[w];
                String[] shown = new String[labels];
                int[] order = candidates.clone();
                shuffle(random, order);
                List<String> selected = new ArrayList<>();
                for (int x = 0; x < labels; x++) {
                    int c = order[x];
                    shown[x] = labelKeys[c];
                    int z = present[i * classes + c] ? 1 : 0;
                    if (draw(random, type.confusion()[z]) == Answer.YES.code()) {
                        selected.add(labelKeys[c]);
                    }
                }
                int main = random.nextDouble() < type.mainAccuracy() ? candidates[0]
                        : candidates[1 + random.nextInt(labels - 1)];
                long millis = Math.round(type.seconds() * 1000 * (0.7 + 0.6 * random.nextDouble()));
                ImageResponse response = new ImageResponse(image, annotatorKeys[w], List.of(shown),
                        Set.copyOf(selected), labelKeys[main], false, false, millis, null);
                builder.add(response);
                if (out != null) {
                    out.add(response);
                }
            }
        }
        return new Crowd(images, classes, present, trueMain, pool, builder.build());
    }

    /**
     * @param counts number of annotators of each type, in the order of {@code types}
     * @param types  the types
     * @return a pool with that many annotators of each type, interleaved deterministically
     */
    public static Type[] pool(int[] counts, Type... types) {
        List<Type> list = new ArrayList<>();
        for (int t = 0; t < types.length; t++) {
            for (int n = 0; n < counts[t]; n++) {
                list.add(types[t]);
            }
        }
        Type[] pool = list.toArray(new Type[0]);
        shuffle(new Random(counts.length * 7919L + pool.length), pool);
        return pool;
    }

    private static int draw(Random random, double[] distribution) {
        double u = random.nextDouble();
        double cumulative = 0;
        for (int y = 0; y < distribution.length; y++) {
            cumulative += distribution[y];
            if (u < cumulative) {
                return y;
            }
        }
        return distribution.length - 1;
    }

    /** Fills out with distinct values from 0..n-1 (partial Fisher-Yates by rejection; out.length is small). */
    private static void drawDistinct(Random random, int n, int[] out) {
        for (int x = 0; x < out.length; x++) {
            int v;
            boolean seen;
            do {
                v = random.nextInt(n);
                seen = false;
                for (int y = 0; y < x; y++) {
                    seen |= out[y] == v;
                }
            } while (seen);
            out[x] = v;
        }
    }

    private static void shuffle(Random random, int[] a) {
        for (int x = a.length - 1; x > 0; x--) {
            int y = random.nextInt(x + 1);
            int t = a[x];
            a[x] = a[y];
            a[y] = t;
        }
    }

    private static <T> void shuffle(Random random, T[] a) {
        for (int x = a.length - 1; x > 0; x--) {
            int y = random.nextInt(x + 1);
            T t = a[x];
            a[x] = a[y];
            a[y] = t;
        }
    }
}
