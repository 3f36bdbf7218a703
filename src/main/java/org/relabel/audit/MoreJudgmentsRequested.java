package org.relabel.audit;

/**
 * CDI event fired (synchronously) after a curator's "ask for more judgments" decision has been
 * committed. The campaign code observes it and re-queues the image in its campaign (e.g. raises the
 * judgments wanted in {@code campaign_image}); the decision itself is already in the audit log, and
 * the image's findings re-open when a newer consensus arrives.
 *
 * @param datasetId the image's dataset
 * @param imageId   the image (id of table {@code image})
 */
public record MoreJudgmentsRequested(long datasetId, long imageId) {
}
