package org.relabel.audit.domain;

/**
 * Thresholds of the {@link FindingRules}. {@link #DEFAULTS} holds the documented defaults.
 *
 * @param labelErrorMaxOriginalSf      LABEL_ERROR when SF(original) &lt;= this ... (default 0.3)
 * @param labelErrorMinOtherSf         ... and another shown label has SF &gt;= this (default 0.7, the
 *                                     threshold Recht et al. 2019 used for ImageNetV2)
 * @param multipleObjectsMinValidLabels MULTIPLE_OBJECTS when the valid set has at least this many labels (default 2)
 * @param ambiguousMainMaxGap          AMBIGUOUS_MAIN when the top two main-label shares differ by at most this
 *                                     (default 0.2, e.g. 3 vs 2 of 5 annotators)
 * @param modelMajority                MODEL_AGREES_WITH_ORIGINAL_NOT_PEOPLE needs strictly more than this share of
 *                                     the models with a prediction to predict the original label (default 0.5)
 * @param minModels                    ... and at least this many models with a prediction (default 1)
 * @param minJudgments                 judgments required: fewer gives TOO_FEW_JUDGMENTS, and the rules that read
 *                                     the people's answers (all others) do not fire (default 3)
 * @param flagUnjudged                 whether images with no judgment at all get TOO_FEW_JUDGMENTS too (default
 *                                     false: before a campaign every image would be flagged)
 */
public record FindingParams(
        double labelErrorMaxOriginalSf,
        double labelErrorMinOtherSf,
        int multipleObjectsMinValidLabels,
        double ambiguousMainMaxGap,
        double modelMajority,
        int minModels,
        int minJudgments,
        boolean flagUnjudged) {

    /** The defaults documented on each parameter. */
    public static final FindingParams DEFAULTS = new FindingParams(0.3, 0.7, 2, 0.2, 0.5, 1, 3, false);

    public FindingParams {
        requireUnit(labelErrorMaxOriginalSf, "labelErrorMaxOriginalSf");
        requireUnit(labelErrorMinOtherSf, "labelErrorMinOtherSf");
        requireUnit(ambiguousMainMaxGap, "ambiguousMainMaxGap");
        requireUnit(modelMajority, "modelMajority");
        if (labelErrorMinOtherSf <= labelErrorMaxOriginalSf) {
            throw new IllegalArgumentException("labelErrorMinOtherSf must exceed labelErrorMaxOriginalSf");
        }
        if (multipleObjectsMinValidLabels < 2) {
            throw new IllegalArgumentException("multipleObjectsMinValidLabels must be >= 2");
        }
        if (minModels < 1) {
            throw new IllegalArgumentException("minModels must be >= 1");
        }
        if (minJudgments < 1) {
            throw new IllegalArgumentException("minJudgments must be >= 1");
        }
    }

    private static void requireUnit(double v, String name) {
        if (!(v >= 0.0 && v <= 1.0)) {
            throw new IllegalArgumentException(name + " not in [0, 1]: " + v);
        }
    }
}
