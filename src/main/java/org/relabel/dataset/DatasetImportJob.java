package org.relabel.dataset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.relabel.job.JobContext;
import org.relabel.upload.SpooledImportJob;

/** Imports of classes and images (CSV or zip) as jobs. */
@ApplicationScoped
public class DatasetImportJob extends SpooledImportJob<DatasetImportJob.Params, ImportResult> {
    public static final String KIND = "dataset-import";

    /** What to import from which spooled file. */
    public enum What { CLASSES, IMAGES_CSV, IMAGES_ZIP }

    /** Job parameters. */
    public record Params(long datasetId, What what, String file) implements Spooled {
    }

    @Inject
    DatasetImporter importer;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    protected Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    protected ImportResult importFile(Params p, JobContext ctx) {
        Path file = Path.of(p.file());
        return switch (p.what()) {
            case CLASSES -> importer.importClasses(p.datasetId(), file, ctx);
            case IMAGES_CSV -> importer.importImagesCsv(p.datasetId(), file, ctx);
            case IMAGES_ZIP -> importer.importImagesZip(p.datasetId(), file, ctx);
        };
    }
}
