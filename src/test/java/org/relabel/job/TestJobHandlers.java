package org.relabel.job;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Job handlers that only count their runs, for tests of which instance claims which kinds. */
public final class TestJobHandlers {
    /** Runs per kind since the JVM started. */
    static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

    private TestJobHandlers() {
    }

    static int runs(String kind) {
        AtomicInteger n = RUNS.get(kind);
        return n == null ? 0 : n.get();
    }

    abstract static class Counting implements JobHandler {
        @Override
        public Object run(JobContext context, String params) {
            RUNS.computeIfAbsent(kind(), k -> new AtomicInteger()).incrementAndGet();
            return Map.of("kind", kind());
        }

        @Override
        public boolean resumable() {
            return true;
        }
    }

    /** Claimed by the worker profile. */
    @ApplicationScoped
    public static class KindA extends Counting {
        @Override
        public String kind() {
            return "test-kind-a";
        }
    }

    /** Listed and excluded by the worker profile. */
    @ApplicationScoped
    public static class KindB extends Counting {
        @Override
        public String kind() {
            return "test-kind-b";
        }
    }

    /** Not listed by the worker profile. */
    @ApplicationScoped
    public static class KindC extends Counting {
        @Override
        public String kind() {
            return "test-kind-c";
        }
    }
}
