package org.relabel.job;

/**
 * Runs jobs of one kind. Implementations are CDI beans; {@link JobService} finds them by
 * {@link #kind()}. A handler that is {@link #resumable()} is restarted after a crash or restart
 * and must skip the work already done (for example images already scored).
 */
public interface JobHandler {
    /** The job kind, e.g. {@code score-model}. */
    String kind();

    /** Does the work described by {@code params} (JSON), reporting progress through the context. */
    Object run(JobContext context, String params) throws Exception;

    /** Whether an interrupted job of this kind is run again rather than failed. */
    default boolean resumable() {
        return false;
    }
}
