package org.relabel.job;

/** What a running job sees of its own record: progress reporting and cancellation. */
public interface JobContext {
    String jobId();

    /** Reports progress in [0, 1] with a short human message; cheap to call often (writes are throttled). */
    void progress(double fraction, String message);

    /** Whether cancellation was requested (from any instance). Work should stop soon after. */
    boolean cancelled();

    /** Throws {@link JobCancelledException} when cancellation was requested. */
    default void checkCancelled() {
        if (cancelled()) throw new JobCancelledException();
    }

    /** Thrown to stop a job that was cancelled. */
    final class JobCancelledException extends RuntimeException {
        public JobCancelledException() {
            super("cancelled", null, false, false);
        }
    }
}
