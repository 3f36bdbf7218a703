package org.relabel.testing;

import static org.relabel.testing.TestUsers.as;

import io.restassured.response.Response;

/** Waits for jobs in API tests. */
public final class Jobs {
    private Jobs() {
    }

    /** Polls {@code /api/jobs/{id}} until the job ends (at most {@code seconds}); returns the final job. */
    public static Response await(String role, String id, int seconds) {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (true) {
            Response job = as(role).get("/api/jobs/" + id);
            String state = job.path("state");
            if (!"QUEUED".equals(state) && !"RUNNING".equals(state)) return job;
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("job " + id + " still " + state + " after " + seconds + " s: " + job.asString());
            }
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
