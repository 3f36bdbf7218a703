package org.relabel.ops;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Runs background work (scheduled job polling, heartbeats, lease reaping) so that an outage of the
 * database or a full disk is logged as one clear warning per task and minute instead of a stack trace
 * every second; the work simply runs again on its next tick, so it recovers by itself. Other failures
 * propagate as before.
 */
public final class Outages {
    private static final Logger LOG = Logger.getLogger(Outages.class);
    private static final long QUIET_NANOS = 60_000_000_000L;
    private static final Map<String, Long> lastWarned = new ConcurrentHashMap<>();

    private Outages() {
    }

    public static void run(String task, Runnable work) {
        try {
            work.run();
            if (lastWarned.remove(task) != null) LOG.infof("%s works again", task);
        } catch (RuntimeException e) {
            Failures.Kind kind = Failures.classify(e).orElseThrow(() -> e);
            long now = System.nanoTime();
            Long last = lastWarned.get(task);
            if (last == null || now - last > QUIET_NANOS) {
                lastWarned.put(task, now);
                LOG.warnf("%s paused: %s (%s); retrying", task, Failures.describe(kind), e.getMessage());
            }
        }
    }
}
