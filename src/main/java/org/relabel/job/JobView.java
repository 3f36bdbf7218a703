package org.relabel.job;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.OffsetDateTime;

/** A job as the API shows it: {@code state}, {@code progress} in [0, 1], {@code message} and {@code result}. */
public record JobView(String id, String kind, JobState state, double progress, String message,
                      @JsonRawValue String result, OffsetDateTime createdAt, OffsetDateTime startedAt,
                      OffsetDateTime finishedAt, String createdBy) {
    public static JobView of(Job job) {
        return new JobView(job.id, job.kind, job.state, job.progress, job.message, job.result,
                job.createdAt, job.startedAt, job.finishedAt, job.createdBy);
    }

    public String location() {
        return "/api/jobs/" + id;
    }
}
