package org.relabel.audit.domain;

/**
 * Where an image stands after a curator's review of its findings. {@link #EXCLUDED} and
 * {@link #AMBIGUOUS} images are skipped by every metric, dataset figure and finding rule (an
 * image whose labels a curator cannot settle does not make a fair test item); the other
 * statuses change the labels (see {@code org.relabel.audit.ReviewedLabels}), not which images count.
 */
public enum ReviewStatus {
    /** No curator decision yet (the default). */
    UNREVIEWED,
    /** The curator accepted the consensus labels. */
    ACCEPTED_CONSENSUS,
    /** The curator kept the original label. */
    KEPT_ORIGINAL,
    /** The curator set the labels by hand. */
    SET_BY_HAND,
    /** The curator marked the image as ambiguous: skipped by every metric and rule, like {@link #EXCLUDED}. */
    AMBIGUOUS,
    /** The curator asked for more judgments. */
    MORE_JUDGMENTS_REQUESTED,
    /** The curator excluded the image from the test set: skipped by every metric and rule. */
    EXCLUDED;

    /** Whether images with this status are left out of metrics, figures and findings (excluded, ambiguous). */
    public boolean excludedFromAudit() {
        return this == EXCLUDED || this == AMBIGUOUS;
    }
}
