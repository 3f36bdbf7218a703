package org.relabel.demo;

import org.relabel.job.JobContext;

/** Maps a sub-task's progress in [0, 1] onto [from, to] of the enclosing job. */
record ScaledContext(JobContext inner, double from, double to) implements JobContext {
    @Override
    public String jobId() {
        return inner.jobId();
    }

    @Override
    public void progress(double fraction, String message) {
        inner.progress(from + (to - from) * Math.max(0, Math.min(1, fraction)), message);
    }

    @Override
    public boolean cancelled() {
        return inner.cancelled();
    }
}
