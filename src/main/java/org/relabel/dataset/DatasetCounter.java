package org.relabel.dataset;

import java.util.Map;

/**
 * Contributes counts to a dataset's summary (models, judgments, findings...). Each feature that
 * owns data about a dataset implements it as a CDI bean; {@link DatasetService} collects them.
 */
public interface DatasetCounter {
    Map<String, Long> counts(long datasetId);
}
