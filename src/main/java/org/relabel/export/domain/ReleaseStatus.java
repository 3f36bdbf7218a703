package org.relabel.export.domain;

import java.util.Locale;
import org.relabel.audit.domain.ReviewStatus;

/**
 * Why an image has the labels it has in a release: the {@code status} column of {@code labels.csv}.
 * The code is the lower-case name ({@code original}, {@code consensus}, ...).
 */
public enum ReleaseStatus {
    /** Nobody re-judged the image (no consensus): the original label is the valid set and the main label. */
    ORIGINAL(ReviewStatus.UNREVIEWED),
    /** The people's consensus, not reviewed by a curator. */
    CONSENSUS(ReviewStatus.UNREVIEWED),
    /** A curator accepted the consensus labels. */
    ACCEPTED_CONSENSUS(ReviewStatus.ACCEPTED_CONSENSUS),
    /** A curator kept the original label. */
    KEPT_ORIGINAL(ReviewStatus.KEPT_ORIGINAL),
    /** A curator set the labels by hand. */
    SET_BY_HAND(ReviewStatus.SET_BY_HAND),
    /** A curator asked for more judgments; the consensus so far. */
    MORE_JUDGMENTS_REQUESTED(ReviewStatus.MORE_JUDGMENTS_REQUESTED),
    /** A curator marked the image ambiguous: no valid label, left out of evaluation. */
    AMBIGUOUS(ReviewStatus.AMBIGUOUS),
    /** A curator excluded the image from the test set: no valid label, left out of evaluation. */
    EXCLUDED(ReviewStatus.EXCLUDED);

    private final ReviewStatus review;

    ReleaseStatus(ReviewStatus review) {
        this.review = review;
    }

    /** The code written to {@code labels.csv}, e.g. {@code accepted_consensus}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status with this code (case-insensitive). */
    public static ReleaseStatus ofCode(String code) {
        try {
            return valueOf(code.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown release status '" + code + "'");
        }
    }

    /** The review status the audit sees for an image with this release status. */
    public ReviewStatus reviewStatus() {
        return review;
    }

    /** Whether the image is left out of evaluation (ambiguous or excluded; its valid set is empty). */
    public boolean excluded() {
        return review.excludedFromAudit();
    }

    /**
     * The release status of an image from its review status and whether it has labels from people (a consensus or a
     * curator's labels).
     */
    public static ReleaseStatus of(ReviewStatus review, boolean hasLabels) {
        return switch (review) {
            case UNREVIEWED -> hasLabels ? CONSENSUS : ORIGINAL;
            case ACCEPTED_CONSENSUS -> ACCEPTED_CONSENSUS;
            case KEPT_ORIGINAL -> KEPT_ORIGINAL;
            case SET_BY_HAND -> SET_BY_HAND;
            case MORE_JUDGMENTS_REQUESTED -> hasLabels ? MORE_JUDGMENTS_REQUESTED : ORIGINAL;
            case AMBIGUOUS -> AMBIGUOUS;
            case EXCLUDED -> EXCLUDED;
        };
    }
}
