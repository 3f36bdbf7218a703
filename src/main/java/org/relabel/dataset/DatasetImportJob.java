package org.relabel.dataset;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.relabel.job.JobContext;
import org.relabel.job.JobHandler;
import org.relabel.job.JobService;
import org.relabel.upload.UploadSpool;

/** Runs dataset uploads as jobs: inline for API calls, queued for {@code ?async=true} and the UI. */
@ApplicationScoped
public class DatasetImportJob implements JobHandler {
    public static final String KIND = "dataset-import";

    /** What to import from which spooled file. */
    public enum What { CLASSES, IMAGES_CSV, IMAGES_ZIP }

    /** Job parameters. */
    public record Params(long datasetId, What what, String file) {
    }

    @Inject
    DatasetImporter importer;
    @Inject
    JobService jobs;
    @Inject
    UploadSpool spool;
    @Inject
    ObjectMapper mapper;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Object run(JobContext context, String params) throws Exception {
        return execute(mapper.readValue(params, Params.class), context);
    }

    /** Imports now, in the caller's thread, recorded as a job. */
    public ImportResult runNow(Params params, String user) {
        return jobs.runNow(KIND, params.datasetId(), params, user, ctx -> execute(params, ctx));
    }

    private ImportResult execute(Params p, JobContext ctx) {
        Path file = Path.of(p.file());
        try {
            return switch (p.what()) {
                case CLASSES -> importer.importClasses(p.datasetId(), file, ctx);
                case IMAGES_CSV -> importer.importImagesCsv(p.datasetId(), file, ctx);
                case IMAGES_ZIP -> importer.importImagesZip(p.datasetId(), file, ctx);
            };
        } finally {
            spool.delete(file);
        }
    }
}
