package org.relabel.annotation;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.relabel.job.JobContext;
import org.relabel.job.JobHandler;
import org.relabel.job.JobService;
import org.relabel.upload.UploadSpool;

/** Runs uploads of external judgments as jobs: inline for API calls, queued for {@code ?async=true}. */
@ApplicationScoped
public class JudgmentImportJob implements JobHandler {
    public static final String KIND = "judgment-import";

    /** Job parameters: dataset, format and the spooled file. */
    public record Params(long datasetId, JudgmentImporter.Format format, String file) {
    }

    @Inject
    JudgmentImporter importer;
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

    public JudgmentImporter.Result runNow(Params params, String user) {
        return jobs.runNow(KIND, params.datasetId(), params, user, ctx -> execute(params, ctx));
    }

    private JudgmentImporter.Result execute(Params p, JobContext ctx) {
        try {
            return importer.importFile(p.datasetId(), Path.of(p.file()), p.format(), ctx.jobId(), ctx);
        } finally {
            spool.delete(Path.of(p.file()));
        }
    }
}
