package org.relabel.audit.domain;

/** Which accuracy of an {@link Accuracy} to show or compare. */
public enum AccuracyKind {
    /** Top-1 vs the original label. */
    ORIGINAL_TOP1("Top-1 accuracy vs original labels", "original"),
    /** Top-5 vs the original label. */
    ORIGINAL_TOP5("Top-5 accuracy vs original labels", "original top-5"),
    /** Top-1 vs the consensus main label. */
    MAIN_LABEL("Top-1 accuracy vs consensus main label", "main label"),
    /** Top-1 in the consensus valid label set ("ReaL" accuracy). */
    ANY_VALID("Top-1 accuracy vs any valid label (ReaL)", "any valid");

    private final String label;
    private final String shortLabel;

    AccuracyKind(String label, String shortLabel) {
        this.label = label;
        this.shortLabel = shortLabel;
    }

    /** A human-readable axis title. */
    public String label() {
        return label;
    }

    /** A short name for legends, e.g. "any valid". */
    public String shortLabel() {
        return shortLabel;
    }

    /** Picks this kind's proportion from {@code accuracy}. */
    public Proportion of(Accuracy accuracy) {
        return switch (this) {
            case ORIGINAL_TOP1 -> accuracy.top1();
            case ORIGINAL_TOP5 -> accuracy.top5();
            case MAIN_LABEL -> accuracy.mainLabel();
            case ANY_VALID -> accuracy.anyValid();
        };
    }
}
