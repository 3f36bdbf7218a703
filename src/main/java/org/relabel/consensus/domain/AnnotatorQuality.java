package org.relabel.consensus.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * How good one annotator's judgments are, measured four ways: against gold images, against the other annotators
 * (leave-one-out), through a Dawid-Skene style confusion matrix against the consensus, and by speed. Compute them
 * for everyone with {@link #assess(JudgmentSet, ConsensusResult, Params)}.
 *
 * <p><b>Confusion against the consensus.</b> With {@code T_p} the consensus probability that pair p's label is
 * present (the posterior for a {@link ConsensusResult#probabilistic() probabilistic} result, else 1 for a valid
 * label and 0 otherwise), the annotator's presence confusion is the Dawid-Skene M-step
 * {@code e[z, y] = (sum_{p: answered y} T_p(z) + s/3) / (sum_{p answered} T_p(z) + s)} with {@code T_p(present) =
 * T_p}, {@code T_p(absent) = 1 - T_p} and {@code s} = {@link Params#smoothing()}; for a Dawid-Skene result this is
 * the fitted matrix (up to smoothing).
 *
 * <p><b>Spammer rule.</b> An annotator is flagged when they gave at least {@link Params#minAnswers()} answers, their
 * {@link #informativeness()} is below {@link Params#maxInformativeness()} (their answers hardly depend on the truth),
 * and their median time is below {@link Params#fastFactor()} times the median over annotators of the median time.
 * When no times were recorded (for the annotator or for anyone) the speed test is skipped and the first two
 * decide. Measures that cannot be computed are NaN.
 *
 * @param annotator          annotator key
 * @param answers            presence answers given
 * @param images             distinct images judged
 * @param goldAnswers        yes/no answers on gold images
 * @param goldAccuracy       share of those that match the gold valid set (yes for a gold label, no otherwise)
 * @param goldMainAnswers    main answers on gold images with a known main label
 * @param goldMainAccuracy   share of those equal to the gold main label
 * @param agreement          leave-one-out presence agreement: share of the annotator's yes/no answers on pairs that
 *                           others also answered which match the others' decision (others' SF at least 0.5 means
 *                           present); MAYBE answers are left out
 * @param mainAgreement      leave-one-out main-label agreement: share of the annotator's main answers (on images
 *                           with other main answers) that are among the others' most chosen labels
 * @param sensitivity        {@code e[present, yes]}: P(yes | present)
 * @param specificity        {@code e[absent, no]}: P(no | absent)
 * @param diagonalMass       probability of a right answer, {@code rho * sensitivity + (1 - rho) * specificity} with
 *                           {@code rho} the share of present pairs in the consensus
 * @param informativeness    total-variation distance between the answer distributions given present and absent,
 *                           {@code 1/2 sum_y |e[present, y] - e[absent, y]|}: 0 for answers independent of the
 *                           truth (random or constant), 1 for a perfect annotator
 * @param medianSeconds      median time per response in seconds, NaN when no time was recorded
 * @param spammer            whether the spammer rule flags the annotator
 */
public record AnnotatorQuality(String annotator, int answers, int images, int goldAnswers, double goldAccuracy,
                               int goldMainAnswers, double goldMainAccuracy, double agreement, double mainAgreement,
                               double sensitivity, double specificity, double diagonalMass, double informativeness,
                               double medianSeconds, boolean spammer) {

    /**
     * Thresholds of the spammer rule and the smoothing of the confusion matrices.
     *
     * @param fastFactor         "much faster": median time below this fraction of the annotators' median (in (0, 1])
     * @param maxInformativeness "near random": informativeness below this (in [0, 1])
     * @param minAnswers         no flag with fewer presence answers than this (at least 1)
     * @param smoothing          pseudo-count per confusion row (at least 0)
     */
    public record Params(double fastFactor, double maxInformativeness, int minAnswers, double smoothing) {

        public Params {
            if (!(fastFactor > 0 && fastFactor <= 1)) {
                throw new IllegalArgumentException("fastFactor must be in (0, 1]");
            }
            if (!(maxInformativeness >= 0 && maxInformativeness <= 1)) {
                throw new IllegalArgumentException("maxInformativeness must be in [0, 1]");
            }
            if (minAnswers < 1) {
                throw new IllegalArgumentException("minAnswers must be at least 1");
            }
            if (!(smoothing >= 0) || Double.isInfinite(smoothing)) {
                throw new IllegalArgumentException("smoothing must be a finite number at least 0");
            }
        }

        /** @return half the median time, informativeness below 0.2, at least 20 answers, smoothing 1 */
        public static Params defaults() {
            return new Params(0.5, 0.2, 20, 1.0);
        }
    }

    /**
     * @param data      the judgments
     * @param consensus a consensus computed from {@code data}
     * @return the quality of every annotator, in annotator key order, with {@link Params#defaults()}
     */
    public static List<AnnotatorQuality> assess(JudgmentSet data, ConsensusResult consensus) {
        return assess(data, consensus, Params.defaults());
    }

    /**
     * @param data      the judgments
     * @param consensus a consensus computed from {@code data}
     * @param params    the spammer thresholds and smoothing
     * @return the quality of every annotator, in annotator key order
     * @throws IllegalArgumentException when the consensus was computed from another judgment set
     */
    public static List<AnnotatorQuality> assess(JudgmentSet data, ConsensusResult consensus, Params params) {
        if (consensus.data() != data) {
            throw new IllegalArgumentException("the consensus was computed from another judgment set");
        }
        int nAnnotators = data.annotatorCount();
        int nPairs = data.pairCount();
        int[] answers = new int[nAnnotators];
        int[] images = new int[nAnnotators];
        int[] gold = new int[nAnnotators];
        int[] goldRight = new int[nAnnotators];
        int[] goldMain = new int[nAnnotators];
        int[] goldMainRight = new int[nAnnotators];
        int[] loo = new int[nAnnotators];
        int[] looRight = new int[nAnnotators];
        int[] mainLoo = new int[nAnnotators];
        int[] mainLooRight = new int[nAnnotators];
        double[] confusion = new double[nAnnotators * 6];
        double presentMass = 0;
        byte yes = Answer.YES.code();
        byte no = Answer.NO.code();
        int[] stamp = new int[nAnnotators];
        Arrays.fill(stamp, -1);
        for (int i = 0; i < data.imageCount(); i++) {
            for (int p = data.imagePairStart(i); p < data.imagePairEnd(i); p++) {
                double t = consensus.probabilistic() ? consensus.score(p) : consensus.isValid(p) ? 1 : 0;
                presentMass += t;
                int n = data.shownCount(p);
                int nYes = data.yesCount(p);
                boolean goldLabel = data.isGoldLabel(i, data.pairLabel(p));
                for (int k = data.pairStart(p); k < data.pairEnd(p); k++) {
                    int w = data.answerAnnotator[k];
                    byte y = data.answerCode[k];
                    answers[w]++;
                    if (stamp[w] != i) {
                        stamp[w] = i;
                        images[w]++;
                    }
                    confusion[w * 6 + y] += 1 - t;
                    confusion[w * 6 + 3 + y] += t;
                    if (y == Answer.MAYBE.code()) {
                        continue;
                    }
                    if (data.isGold(i)) {
                        gold[w]++;
                        goldRight[w] += (y == yes) == goldLabel ? 1 : 0;
                    }
                    if (n > 1) {
                        double othersSf = (double) (nYes - (y == yes ? 1 : 0)) / (n - 1);
                        loo[w]++;
                        looRight[w] += (y == yes) == (othersSf >= 0.5) ? 1 : 0;
                    }
                }
            }
            for (int r = data.imageResponseStart(i); r < data.imageResponseEnd(i); r++) {
                int w = data.responseAnnotator(r);
                if (stamp[w] != i) {
                    stamp[w] = i;
                    images[w]++;
                }
                if (data.goldMain(i) >= 0 && data.responseMain(r) >= 0) {
                    goldMain[w]++;
                    goldMainRight[w] += data.responseMain(r) == data.goldMain(i) ? 1 : 0;
                }
            }
        }
        ConsensusSupport.MainVotes votes = new ConsensusSupport.MainVotes(data);
        for (int i = 0; i < data.imageCount(); i++) {
            int from = votes.imageStart[i];
            int to = votes.imageStart[i + 1];
            int total = votes.answerStart[i + 1] - votes.answerStart[i];
            if (total < 2) {
                continue;
            }
            for (int j = votes.answerStart[i]; j < votes.answerStart[i + 1]; j++) {
                int own = from + votes.answerCandidate[j];
                int best = 0;
                for (int c = from; c < to; c++) {
                    best = Math.max(best, votes.candidateVotes[c] - (c == own ? 1 : 0));
                }
                int w = votes.answerAnnotator[j];
                mainLoo[w]++;
                mainLooRight[w] += votes.candidateVotes[own] - 1 == best ? 1 : 0;
            }
        }
        double rho = nPairs == 0 ? Double.NaN : presentMass / nPairs;
        double[] median = medianSeconds(data);
        double reference = medianOf(median);
        List<AnnotatorQuality> out = new ArrayList<>(nAnnotators);
        double s = params.smoothing();
        for (int w = 0; w < nAnnotators; w++) {
            double[] absent = row(confusion, w * 6, s);
            double[] present = row(confusion, w * 6 + 3, s);
            double sensitivity = present[yes];
            double specificity = absent[no];
            double informativeness = 0;
            for (int y = 0; y < Answer.COUNT; y++) {
                informativeness += Math.abs(present[y] - absent[y]) / 2;
            }
            double diagonal = rho * sensitivity + (1 - rho) * specificity;
            boolean fast = Double.isNaN(median[w]) || Double.isNaN(reference)
                    || median[w] < params.fastFactor() * reference;
            boolean spammer = answers[w] >= params.minAnswers() && informativeness < params.maxInformativeness()
                    && fast;
            out.add(new AnnotatorQuality(data.annotatorKey(w), answers[w], images[w], gold[w],
                    ratio(goldRight[w], gold[w]), goldMain[w], ratio(goldMainRight[w], goldMain[w]),
                    ratio(looRight[w], loo[w]), ratio(mainLooRight[w], mainLoo[w]), sensitivity, specificity,
                    diagonal, informativeness, median[w], spammer));
        }
        return Collections.unmodifiableList(out);
    }

    /** @return the smoothed answer distribution of one confusion row, NaN when the row has no mass */
    private static double[] row(double[] count, int from, double s) {
        double total = count[from] + count[from + 1] + count[from + 2] + s;
        double[] e = new double[Answer.COUNT];
        for (int y = 0; y < Answer.COUNT; y++) {
            e[y] = total > 0 ? (count[from + y] + s / Answer.COUNT) / total : Double.NaN;
        }
        return e;
    }

    private static double ratio(int part, int whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }

    /** @return per annotator the median of their known response times in seconds, NaN when none */
    static double[] medianSeconds(JudgmentSet data) {
        int nAnnotators = data.annotatorCount();
        int[] count = new int[nAnnotators + 1];
        for (int r = 0; r < data.responseCount(); r++) {
            if (data.responseMillis(r) >= 0) {
                count[data.responseAnnotator(r) + 1]++;
            }
        }
        for (int w = 0; w < nAnnotators; w++) {
            count[w + 1] += count[w];
        }
        long[] millis = new long[count[nAnnotators]];
        int[] fill = Arrays.copyOf(count, nAnnotators);
        for (int r = 0; r < data.responseCount(); r++) {
            if (data.responseMillis(r) >= 0) {
                millis[fill[data.responseAnnotator(r)]++] = data.responseMillis(r);
            }
        }
        double[] median = new double[nAnnotators];
        for (int w = 0; w < nAnnotators; w++) {
            int from = count[w];
            int to = count[w + 1];
            if (from == to) {
                median[w] = Double.NaN;
                continue;
            }
            Arrays.sort(millis, from, to);
            int mid = from + (to - from) / 2;
            median[w] = ((to - from) % 2 == 1 ? millis[mid] : (millis[mid - 1] + millis[mid]) / 2.0) / 1000.0;
        }
        return median;
    }

    /** @return the median of the non-NaN values, NaN when there is none */
    static double medianOf(double[] values) {
        double[] known = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (known.length == 0) {
            return Double.NaN;
        }
        int mid = known.length / 2;
        return known.length % 2 == 1 ? known[mid] : (known[mid - 1] + known[mid]) / 2;
    }
}
