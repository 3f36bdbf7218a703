package org.relabel.upload;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.relabel.job.JobContext;
import org.relabel.job.JobHandler;
import org.relabel.job.JobService;

/**
 * An upload imported from its spooled file as a job: inline for API calls ({@link #runNow}), queued
 * for {@code ?async=true} and the UI. The spooled file is deleted when the import ends, whatever the outcome.
 *
 * @param <P> job parameters (JSON-serialisable record naming the dataset and the spooled file)
 * @param <R> what an accepted upload did
 */
public abstract class SpooledImportJob<P extends SpooledImportJob.Spooled, R> implements JobHandler {

    /** Parameters of an import: the dataset and the spooled file. */
    public interface Spooled {
        long datasetId();

        String file();
    }

    @Inject
    JobService jobs;
    @Inject
    UploadSpool spool;
    @Inject
    ObjectMapper mapper;

    protected abstract Class<P> paramsType();

    /** Imports the spooled file in one transaction. */
    protected abstract R importFile(P params, JobContext context);

    @Override
    public Object run(JobContext context, String params) throws Exception {
        return execute(mapper.readValue(params, paramsType()), context);
    }

    /** Imports now, in the caller's thread, recorded as a job. */
    public R runNow(P params, String user) {
        return jobs.runNow(kind(), params.datasetId(), params, user, ctx -> execute(params, ctx));
    }

    private R execute(P params, JobContext context) {
        try {
            return importFile(params, context);
        } finally {
            spool.delete(Path.of(params.file()));
        }
    }
}
