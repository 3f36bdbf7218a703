package org.relabel.annotation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.relabel.job.JobContext;
import org.relabel.upload.SpooledImportJob;

/** Imports of judgments from external crowds as jobs. */
@ApplicationScoped
public class JudgmentImportJob extends SpooledImportJob<JudgmentImportJob.Params, JudgmentImporter.Result> {
    public static final String KIND = "judgment-import";

    /** Job parameters: dataset, format and the spooled file. */
    public record Params(long datasetId, JudgmentImporter.Format format, String file) implements Spooled {
    }

    @Inject
    JudgmentImporter importer;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    protected Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    protected JudgmentImporter.Result importFile(Params p, JobContext ctx) {
        return importer.importFile(p.datasetId(), Path.of(p.file()), p.format(), ctx.jobId(), ctx);
    }
}
