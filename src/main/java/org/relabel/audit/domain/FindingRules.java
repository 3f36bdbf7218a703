package org.relabel.audit.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Flags images for a curator's review (DESIGN.md glossary: "finding"). Rules, with the thresholds
 * of {@link FindingParams} (defaults in brackets) and each finding's score in [0, 1]:
 * <ul>
 *   <li>{@link FindingKind#LABEL_ERROR}: the original label was shown, SF(original) &lt;= 0.3 and the
 *       best other shown label has SF &gt;= 0.7 (Recht et al. 2019 kept labels with SF &gt;= 0.7;
 *       Northcutt et al. 2021 confirm label errors the same way, by crowd majority).
 *       Score = SF(best other) - SF(original). Ties for the best other label go to the smaller key.</li>
 *   <li>{@link FindingKind#MULTIPLE_OBJECTS}: the valid set has &gt;= 2 labels. Score = the
 *       second-highest SF among the valid labels (how sure people are of a second object); when fewer
 *       than two valid labels have an SF, 1 - 1/|valid set|.</li>
 *   <li>{@link FindingKind#AMBIGUOUS_MAIN}: at least two labels were chosen as main label and the two
 *       largest shares differ by &lt;= 0.2. Score = 1 - (difference).</li>
 *   <li>{@link FindingKind#MODEL_AGREES_WITH_ORIGINAL_NOT_PEOPLE}: the image has a consensus, strictly
 *       more than half of the models with a prediction (and at least 1) predict the original label,
 *       and the original label is not in the valid set or is not the main label (the phenomenon of
 *       Tsipras et al. 2020). Score = share of those models predicting the original label.</li>
 *   <li>{@link FindingKind#TOO_FEW_JUDGMENTS}: 0 &lt; judgments &lt; 3 (0 too when
 *       {@link FindingParams#flagUnjudged()}). Score = 1 - judgments / required.</li>
 * </ul>
 * The first four rules read the people's answers, so they fire only on images with at least
 * {@link FindingParams#minJudgments()} judgments. Excluded images get no finding. Threshold
 * comparisons allow 1e-9 of floating-point slack, so a share of exactly 0.2 counts as "&lt;= 0.2".
 *
 * <p>Output order: images in the order given, and per image the kinds in enum order. Stateless
 * and thread-safe.
 */
public final class FindingRules {

    private static final double EPS = 1e-9;

    private final FindingParams params;

    /** Rules with {@link FindingParams#DEFAULTS}. */
    public FindingRules() {
        this(FindingParams.DEFAULTS);
    }

    /** Rules with the given thresholds. */
    public FindingRules(FindingParams params) {
        this.params = Objects.requireNonNull(params, "params");
    }

    /** The thresholds in use. */
    public FindingParams params() {
        return params;
    }

    /** The findings of all images; {@code models} feed the model-agreement rule. */
    public List<Finding> findings(Collection<ImageLabels> images, Collection<ModelPredictions> models) {
        List<Finding> out = new ArrayList<>();
        for (ImageLabels img : images) {
            addFindings(img, models, out);
        }
        return List.copyOf(out);
    }

    /** The findings of one image. */
    public List<Finding> findings(ImageLabels image, Collection<ModelPredictions> models) {
        List<Finding> out = new ArrayList<>();
        addFindings(image, models, out);
        return List.copyOf(out);
    }

    private void addFindings(ImageLabels img, Collection<ModelPredictions> models, List<Finding> out) {
        if (img.excluded()) {
            return;
        }
        if (img.judgments() >= params.minJudgments()) {
            labelError(img, out);
            multipleObjects(img, out);
            ambiguousMain(img, out);
            modelAgreesWithOriginal(img, models, out);
        } else if (img.judgments() > 0 || params.flagUnjudged()) {
            double score = 1.0 - (double) img.judgments() / params.minJudgments();
            out.add(new Finding(img.image(), FindingKind.TOO_FEW_JUDGMENTS, score,
                    img.judgments() + " of the " + params.minJudgments() + " required judgments."));
        }
    }

    private void labelError(ImageLabels img, List<Finding> out) {
        Double original = img.sf(img.originalLabel());
        if (original == null || original > params.labelErrorMaxOriginalSf() + EPS) {
            return;
        }
        String best = null;
        double bestSf = -1;
        for (Map.Entry<String, Double> e : img.selectionFrequency().entrySet()) {
            String label = e.getKey();
            if (label.equals(img.originalLabel())) {
                continue;
            }
            double sf = e.getValue();
            if (sf > bestSf || (sf == bestSf && label.compareTo(best) < 0)) {
                best = label;
                bestSf = sf;
            }
        }
        if (best == null || bestSf < params.labelErrorMinOtherSf() - EPS) {
            return;
        }
        out.add(new Finding(img.image(), FindingKind.LABEL_ERROR, clamp(bestSf - original),
                "The original label " + quote(img.originalLabel()) + " was selected by " + percent(original)
                        + " of the annotators shown it, " + quote(best) + " by " + percent(bestSf) + "."));
    }

    private void multipleObjects(ImageLabels img, List<Finding> out) {
        if (!img.hasConsensus() || img.validLabels().size() < params.multipleObjectsMinValidLabels()) {
            return;
        }
        List<String> valid = img.validLabels().stream()
                .sorted(Comparator.comparing((String l) -> img.sf(l) == null ? -1.0 : img.sf(l)).reversed()
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
        double score;
        if (valid.size() >= 2 && img.sf(valid.get(1)) != null) {
            score = img.sf(valid.get(1));
        } else {
            score = 1.0 - 1.0 / valid.size();
        }
        String labels = valid.stream()
                .map(l -> img.sf(l) == null ? quote(l) : quote(l) + " (SF " + decimal(img.sf(l)) + ")")
                .collect(Collectors.joining(", "));
        out.add(new Finding(img.image(), FindingKind.MULTIPLE_OBJECTS, clamp(score),
                "People judged " + valid.size() + " labels present: " + labels + "."));
    }

    private void ambiguousMain(ImageLabels img, List<Finding> out) {
        List<Map.Entry<String, Double>> shares = img.mainLabelShares().entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .toList();
        if (shares.size() < 2) {
            return;
        }
        double gap = shares.get(0).getValue() - shares.get(1).getValue();
        if (gap > params.ambiguousMainMaxGap() + EPS) {
            return;
        }
        String votes = shares.stream().limit(3)
                .map(e -> quote(e.getKey()) + " " + percent(e.getValue()))
                .collect(Collectors.joining(", "));
        out.add(new Finding(img.image(), FindingKind.AMBIGUOUS_MAIN, clamp(1.0 - gap),
                "Main-label votes are split: " + votes + "."));
    }

    private void modelAgreesWithOriginal(ImageLabels img, Collection<ModelPredictions> models,
            List<Finding> out) {
        if (!img.hasConsensus()) {
            return;
        }
        boolean notValid = !img.validLabels().contains(img.originalLabel());
        boolean notMain = img.mainLabel() != null && !img.mainLabel().equals(img.originalLabel());
        if (!notValid && !notMain) {
            return;
        }
        int predicting = 0;
        int agreeing = 0;
        for (ModelPredictions m : models) {
            String top1 = m.top1(img.image());
            if (top1 != null) {
                predicting++;
                if (top1.equals(img.originalLabel())) {
                    agreeing++;
                }
            }
        }
        if (predicting < params.minModels()) {
            return;
        }
        double share = (double) agreeing / predicting;
        if (share <= params.modelMajority() + EPS) {
            return;
        }
        StringBuilder reason = new StringBuilder()
                .append(agreeing).append(" of ").append(predicting).append(predicting == 1 ? " model" : " models")
                .append(agreeing == 1 ? " predicts" : " predict").append(" the original label ")
                .append(quote(img.originalLabel())).append(", but people ");
        if (notValid) {
            Double sf = img.sf(img.originalLabel());
            reason.append("judged it not present");
            if (sf != null) {
                reason.append(" (SF ").append(decimal(sf)).append(')');
            }
            if (notMain) {
                reason.append(" and ");
            }
        }
        if (notMain) {
            reason.append("chose ").append(quote(img.mainLabel())).append(" as the main object");
        }
        out.add(new Finding(img.image(), FindingKind.MODEL_AGREES_WITH_ORIGINAL_NOT_PEOPLE, clamp(share),
                reason.append('.').toString()));
    }

    private static double clamp(double v) {
        return Math.max(0.0, Math.min(1.0, v));
    }

    private static String quote(String label) {
        return "'" + label + "'";
    }

    /** A share in [0, 1] as a whole percentage, e.g. "40%". */
    static String percent(double share) {
        return Math.round(share * 100.0) + "%";
    }

    /** A value in [0, 1] with two decimals, e.g. "0.20" (cheaper than String.format for many findings). */
    static String decimal(double v) {
        long hundredths = Math.round(v * 100.0);
        long frac = hundredths % 100;
        return hundredths / 100 + (frac < 10 ? ".0" : ".") + frac;
    }
}
