package org.relabel.scoring;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.relabel.job.JobContext;
import org.relabel.upload.SpooledImportJob;

/** Imports of predictions of models run elsewhere as jobs. */
@ApplicationScoped
public class PredictionImportJob extends SpooledImportJob<PredictionImportJob.Params, PredictionImporter.Result> {
    public static final String KIND = "prediction-import";

    /** Job parameters: dataset, format and the spooled file. */
    public record Params(long datasetId, PredictionImporter.Format format, String file) implements Spooled {
    }

    @Inject
    PredictionImporter importer;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    protected Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    protected PredictionImporter.Result importFile(Params p, JobContext ctx) {
        return importer.importFile(p.datasetId(), Path.of(p.file()), p.format(), ctx);
    }
}
