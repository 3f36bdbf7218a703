package org.relabel.annotation;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.relabel.dataset.DatasetCounter;

/** Adds the number of campaigns to a dataset's summary. */
@ApplicationScoped
public class CampaignCounter implements DatasetCounter {
    @Override
    public Map<String, Long> counts(long datasetId) {
        return Map.of("campaigns", QuarkusTransaction.joiningExisting().call(() -> Campaign.count("datasetId", datasetId)));
    }
}
