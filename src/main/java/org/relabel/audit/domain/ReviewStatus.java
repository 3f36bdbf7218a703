package org.relabel.audit.domain;

/**
 * Where an image stands after a curator's review of its findings. Only {@link #EXCLUDED}
 * changes what the audit computes: excluded images are skipped by every metric, dataset
 * figure and finding rule.
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
    /** The curator marked the image as ambiguous; it still counts in the metrics. */
    AMBIGUOUS,
    /** The curator asked for more judgments. */
    MORE_JUDGMENTS_REQUESTED,
    /** The curator excluded the image from the test set: skipped by every metric and rule. */
    EXCLUDED;

    /** Whether images with this status are left out of metrics, figures and findings. */
    public boolean excludedFromAudit() {
        return this == EXCLUDED;
    }
}
