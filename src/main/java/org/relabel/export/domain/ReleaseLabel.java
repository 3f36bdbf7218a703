package org.relabel.export.domain;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.relabel.audit.domain.ReviewStatus;

/**
 * One image in a release: a row of {@code labels.csv} and an entry of {@code labels.json}.
 *
 * @param image         image key, never blank
 * @param originalLabel the label the dataset shipped with
 * @param mainLabel     the main label, or {@code null} (no main label, or the image is left out of evaluation)
 * @param validLabels   the valid label set, sorted, without duplicates; empty for images left out of evaluation and
 *                      for images where people found none of the shown labels present
 * @param judgments     judgments behind the consensus (0 without one)
 * @param confidence    the consensus confidence, or {@code null}
 * @param status        why the image has these labels
 */
public record ReleaseLabel(String image, String originalLabel, String mainLabel, List<String> validLabels,
                           int judgments, Double confidence, ReleaseStatus status) {

    public ReleaseLabel {
        Objects.requireNonNull(image, "image");
        if (image.isBlank()) throw new IllegalArgumentException("blank image key");
        Objects.requireNonNull(originalLabel, "original label of " + image);
        Objects.requireNonNull(status, "status of " + image);
        validLabels = List.copyOf(new TreeSet<>(validLabels == null ? List.of() : validLabels));
        if (mainLabel != null && mainLabel.isBlank()) mainLabel = null;
        if (judgments < 0) throw new IllegalArgumentException("negative number of judgments on " + image);
        if (confidence != null && !Double.isFinite(confidence)) confidence = null;
    }

    /**
     * The release labels of an image from its effective (reviewed) labels: an image without labels from people keeps
     * its original label (status {@link ReleaseStatus#ORIGINAL}, as the ReaL release does for images its raters
     * skipped); an ambiguous or excluded image has no valid label and no main label, so that evaluations leave it
     * out; every other image has its effective labels.
     *
     * @param valid      the effective valid set, {@code null} when there is neither a consensus nor a curator's labels
     * @param main       the effective main label, or {@code null}
     * @param review     the image's review status
     * @param judgments  judgments behind the consensus
     * @param confidence consensus confidence, or {@code null}
     */
    public static ReleaseLabel of(String image, String originalLabel, Collection<String> valid, String main,
                                  ReviewStatus review, int judgments, Double confidence) {
        ReleaseStatus status = ReleaseStatus.of(review == null ? ReviewStatus.UNREVIEWED : review, valid != null);
        if (status.excluded()) {
            return new ReleaseLabel(image, originalLabel, null, List.of(), judgments, confidence, status);
        }
        if (status == ReleaseStatus.ORIGINAL) {
            return new ReleaseLabel(image, originalLabel, originalLabel, List.of(originalLabel), judgments, confidence,
                    status);
        }
        return new ReleaseLabel(image, originalLabel, main, List.copyOf(valid), judgments, confidence, status);
    }

    /** The labels of an image as the dataset shipped them: the original label only (the "original" side of a diff). */
    public static ReleaseLabel original(String image, String originalLabel) {
        return new ReleaseLabel(image, originalLabel, originalLabel, List.of(originalLabel), 0, null,
                ReleaseStatus.ORIGINAL);
    }

    /** Whether the release labels differ from the original label (another valid set, main label, or left out). */
    public boolean relabeled() {
        return status.excluded() || !validLabels.equals(List.of(originalLabel)) || !originalLabel.equals(mainLabel);
    }
}
