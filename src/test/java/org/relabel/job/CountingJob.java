package org.relabel.job;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Test-only job kind that counts how often each job ran (and takes a moment, like real work). */
@ApplicationScoped
public class CountingJob implements JobHandler {
    public static final String KIND = "test-counting";
    static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Object run(JobContext context, String params) throws Exception {
        RUNS.computeIfAbsent(context.jobId(), k -> new AtomicInteger()).incrementAndGet();
        Thread.sleep(15);
        return Map.of("ran", true);
    }
}
