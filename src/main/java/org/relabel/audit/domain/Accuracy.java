package org.relabel.audit.domain;

import java.util.Objects;

/**
 * One model's accuracies over a set of images (all, one objects bucket, or one class).
 * Each proportion has its own denominator: see {@link MetricsCalculator} for which images count.
 *
 * @param top1      top-1 label == original label
 * @param top5      original label among the first five ranked labels
 * @param mainLabel top-1 label == consensus main label (images with a main label)
 * @param anyValid  top-1 label in the valid label set ("ReaL"; images with a non-empty valid set)
 */
public record Accuracy(Proportion top1, Proportion top5, Proportion mainLabel, Proportion anyValid) {

    public Accuracy {
        Objects.requireNonNull(top1, "top1");
        Objects.requireNonNull(top5, "top5");
        Objects.requireNonNull(mainLabel, "mainLabel");
        Objects.requireNonNull(anyValid, "anyValid");
    }

    /** Accuracy with no observations at all. */
    public static Accuracy empty() {
        Proportion e = Proportion.empty();
        return new Accuracy(e, e, e, e);
    }

    /**
     * The gap between any-valid-label and original-label top-1 accuracy (positive when people
     * accept more of the model's answers than the original labels do); NaN when either is undefined.
     */
    public double anyValidGap() {
        return anyValid.value() - top1.value();
    }

    /** The proportion for {@code kind}. */
    public Proportion get(AccuracyKind kind) {
        return kind.of(this);
    }
}
