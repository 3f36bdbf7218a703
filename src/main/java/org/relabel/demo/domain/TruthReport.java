package org.relabel.demo.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.relabel.audit.domain.Proportion;
import org.relabel.consensus.domain.Aggregator;
import org.relabel.consensus.domain.ConsensusResult;
import org.relabel.consensus.domain.ImageConsensus;
import org.relabel.consensus.domain.JudgmentSet;

/**
 * The demo's truth report: how well the platform recovered the hidden truth of the demo world. Plain Java, records
 * in and out; the figures are proportions with n and a 95% Wilson interval ({@link Proportion#wilson}).
 *
 * <ul>
 * <li><b>Findings as detectors</b> ({@link #detection}): for a planted failure (a label error: the original label
 *     is none of the scene's objects; a multi-object scene: two or more objects), precision = flagged images that
 *     have the failure / flagged images, recall = flagged images that have the failure / images that have it.</li>
 * <li><b>Aggregation</b> ({@link #labels}, {@link #aggregate}): per image with a consensus, whether the main label
 *     is the truth's main object, and whether the valid label set is exactly the set of objects present. An image
 *     without a main label counts as wrong. {@link #aggregate} runs several {@link Aggregator}s on one
 *     {@link JudgmentSet}, so methods are compared on the same judgments.</li>
 * <li><b>Models</b> ({@link #models}): top-1 accuracy of each model over the images it predicted, against the
 *     original labels, the consensus (main label; any valid label), and the truth (main object; any object
 *     present), and against the truth's main object split by whether the scene lies on that object's preferred
 *     background: the gap measures how much a model leans on the planted spurious context.</li>
 * </ul>
 */
public final class TruthReport {

    private TruthReport() {
    }

    /**
     * A proportion {@code successes / n} with its 95% Wilson interval; {@code value}, {@code lo} and {@code hi} are
     * null when {@code n == 0}.
     */
    public record Estimate(long successes, long n, Double value, Double lo, Double hi) {
        public static Estimate of(long successes, long n) {
            Proportion p = Proportion.wilson(successes, n);
            return n == 0 ? new Estimate(0, 0, null, null, null) : new Estimate(successes, n, p.value(), p.lo(), p.hi());
        }

        /** Whether there is at least one observation. */
        public boolean defined() {
            return n > 0;
        }
    }

    /**
     * One image's hidden truth.
     *
     * @param image                     image key
     * @param originalLabel             the label the dataset shipped with
     * @param present                   the objects in the scene, non-empty
     * @param main                      the main object, one of {@code present}
     * @param mainOnPreferredBackground whether the scene lies on the main object's preferred background
     */
    public record TruthImage(String image, String originalLabel, Set<String> present, String main,
                             boolean mainOnPreferredBackground) {
        public TruthImage {
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(originalLabel, "originalLabel");
            present = Set.copyOf(present);
            if (present.isEmpty() || !present.contains(main)) {
                throw new IllegalArgumentException("the main object must be one of the objects present: " + image);
            }
        }

        /** The original label is none of the objects present. */
        public boolean labelError() {
            return !present.contains(originalLabel);
        }

        /** Two or more objects are present. */
        public boolean multiObject() {
            return present.size() >= 2;
        }
    }

    /** One image's consensus: the valid label set and the main label (null when nothing is valid). */
    public record Labels(Set<String> valid, String main) {
        public Labels {
            valid = valid == null ? Set.of() : Set.copyOf(valid);
        }
    }

    /** The planted failures of the images. */
    public record Planted(long images, Estimate labelErrors, Estimate multipleObjects, Estimate originalNotMain,
                          Estimate mainOnPreferredBackground) {
    }

    /**
     * A finding kind scored as a detector of a planted failure.
     *
     * @param planted   the planted failure, e.g. {@code label-error}
     * @param finding   the finding kind, e.g. {@code LABEL_ERROR}
     * @param images    images with the planted failure
     * @param flagged   images with the finding
     * @param found     images with both
     * @param precision found / flagged
     * @param recall    found / images
     */
    public record Detection(String planted, String finding, long images, long flagged, long found, Estimate precision,
                            Estimate recall) {
    }

    /**
     * Consensus against the truth.
     *
     * @param method     aggregation method, or a name for stored labels
     * @param judgments  which judgments were aggregated
     * @param images     images with a consensus (and a truth)
     * @param mainLabel  main label = the truth's main object
     * @param validSet   valid label set = the objects present
     */
    public record Aggregation(String method, String judgments, long images, Estimate mainLabel, Estimate validSet) {
    }

    /** A model's top-1 accuracy against each reference; see the class comment. */
    public record ModelAccuracy(String model, Estimate vsOriginal, Estimate vsConsensusMain, Estimate vsConsensusValid,
                                Estimate vsTruthMain, Estimate vsTruthAnyObject, Estimate truthMainOnPreferredBackground,
                                Estimate truthMainOnOtherBackground) {

        /**
         * Accuracy on the preferred background minus accuracy elsewhere (both against the truth's main object), or
         * null when either is undefined.
         */
        public Double backgroundGap() {
            if (!truthMainOnPreferredBackground.defined() || !truthMainOnOtherBackground.defined()) return null;
            return truthMainOnPreferredBackground.value() - truthMainOnOtherBackground.value();
        }
    }

    /** The planted rates. */
    public static Planted planted(List<TruthImage> truth) {
        long n = truth.size();
        return new Planted(n, Estimate.of(count(truth, TruthImage::labelError), n),
                Estimate.of(count(truth, TruthImage::multiObject), n),
                Estimate.of(count(truth, t -> !t.originalLabel().equals(t.main())), n),
                Estimate.of(count(truth, TruthImage::mainOnPreferredBackground), n));
    }

    /**
     * Scores a finding kind as a detector of a planted failure. Flagged images without a truth are ignored.
     *
     * @param flagged image keys with the finding
     */
    public static Detection detection(String planted, String finding, List<TruthImage> truth,
                                      Predicate<TruthImage> hasFailure, Set<String> flagged) {
        long images = 0;
        long flaggedWithTruth = 0;
        long found = 0;
        for (TruthImage t : truth) {
            boolean failure = hasFailure.test(t);
            boolean flag = flagged.contains(t.image());
            if (failure) images++;
            if (flag) flaggedWithTruth++;
            if (failure && flag) found++;
        }
        return new Detection(planted, finding, images, flaggedWithTruth, found, Estimate.of(found, flaggedWithTruth),
                Estimate.of(found, images));
    }

    /** Consensus labels against the truth, over the images that have both. */
    public static Aggregation labels(String method, String judgments, List<TruthImage> truth, Map<String, Labels> consensus) {
        long n = 0;
        long main = 0;
        long valid = 0;
        for (TruthImage t : truth) {
            Labels l = consensus.get(t.image());
            if (l == null) continue;
            n++;
            if (t.main().equals(l.main())) main++;
            if (t.present().equals(l.valid())) valid++;
        }
        return new Aggregation(method, judgments, n, Estimate.of(main, n), Estimate.of(valid, n));
    }

    /** Runs each aggregator (with its default parameters) on the same judgments and compares it with the truth. */
    public static List<Aggregation> aggregate(List<TruthImage> truth, JudgmentSet data, String judgments,
                                              List<Aggregator> aggregators) {
        List<Aggregation> out = new ArrayList<>(aggregators.size());
        for (Aggregator a : aggregators) {
            ConsensusResult result = a.aggregate(data);
            Map<String, Labels> labels = new HashMap<>();
            for (ImageConsensus ic : result.images()) {
                labels.put(ic.image(), new Labels(new LinkedHashSet<>(ic.validLabels()), ic.mainLabel()));
            }
            out.add(labels(a.name(), judgments, truth, labels));
        }
        return out;
    }

    /**
     * Each model's top-1 accuracy against the original labels, the consensus and the truth.
     *
     * @param top1      per model (in report order), per image key, its rank-1 label; images it did not predict are
     *                  absent
     * @param consensus per image key, the labels that count (reviewed consensus); images without one are absent
     */
    public static List<ModelAccuracy> models(List<TruthImage> truth, Map<String, Map<String, String>> top1,
                                             Map<String, Labels> consensus) {
        List<ModelAccuracy> out = new ArrayList<>(top1.size());
        top1.forEach((model, predictions) -> {
            long[] original = new long[2];
            long[] cMain = new long[2];
            long[] cValid = new long[2];
            long[] tMain = new long[2];
            long[] tAny = new long[2];
            long[] preferred = new long[2];
            long[] other = new long[2];
            for (TruthImage t : truth) {
                String p = predictions.get(t.image());
                if (p == null) continue;
                tally(original, p.equals(t.originalLabel()));
                tally(tMain, p.equals(t.main()));
                tally(tAny, t.present().contains(p));
                tally(t.mainOnPreferredBackground() ? preferred : other, p.equals(t.main()));
                Labels c = consensus.get(t.image());
                if (c != null && c.main() != null) tally(cMain, p.equals(c.main()));
                if (c != null && !c.valid().isEmpty()) tally(cValid, c.valid().contains(p));
            }
            out.add(new ModelAccuracy(model, estimate(original), estimate(cMain), estimate(cValid), estimate(tMain),
                    estimate(tAny), estimate(preferred), estimate(other)));
        });
        return out;
    }

    private static void tally(long[] counter, boolean success) {
        counter[1]++;
        if (success) counter[0]++;
    }

    private static Estimate estimate(long[] counter) {
        return Estimate.of(counter[0], counter[1]);
    }

    private static long count(List<TruthImage> truth, Predicate<TruthImage> p) {
        return truth.stream().filter(p).count();
    }
}
