package org.relabel.consensus;

/**
 * CDI event fired (synchronously, in the aggregating thread) after a new consensus of a dataset
 * has been committed. Observers (e.g. the audit's findings) recompute what depends on it; an
 * exception in an observer fails the aggregation job, though the consensus stays stored.
 *
 * @param datasetId the dataset whose consensus changed
 */
public record ConsensusUpdated(long datasetId) {
}
