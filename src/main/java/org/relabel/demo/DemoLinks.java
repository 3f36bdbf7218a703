package org.relabel.demo;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.relabel.dataset.Dataset;

/** For templates ({@code inject:demoLinks}): whether a dataset page should link to its truth report. */
@Named("demoLinks")
@ApplicationScoped
public class DemoLinks {
    @Inject
    TruthReportService reports;

    /** Whether the dataset with this key was made by the demo setup (it has a hidden truth). */
    public boolean hasTruth(String datasetKey) {
        Long id = QuarkusTransaction.joiningExisting().call(() -> Dataset.byKey(datasetKey).map(d -> d.id).orElse(null));
        return id != null && reports.hasTruth(id);
    }
}
