package org.relabel.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    final ManualClock clock = new ManualClock();
    final LoginThrottle throttle = new LoginThrottle(3, 5, Duration.ofMinutes(10), clock);

    @Test
    void refusesAUserNameAfterItsLimitOfFailures() {
        for (int i = 0; i < 2; i++) throttle.failed("ann", "10.0.0." + i);
        assertEquals(Optional.empty(), throttle.blocked("ann", "10.0.0.9"));
        throttle.failed("ann", "10.0.0.3");
        assertTrue(throttle.blocked("ann", "10.0.0.9").isPresent());
        assertTrue(throttle.blocked("ANN", null).isPresent(), "user names are compared without case");
        assertEquals(Optional.empty(), throttle.blocked("bob", "10.0.0.9"));
    }

    @Test
    void refusesAnAddressAfterItsLimitAcrossUserNames() {
        for (int i = 0; i < 5; i++) throttle.failed("user" + i, "10.1.1.1");
        assertTrue(throttle.blockedAddress("10.1.1.1").isPresent());
        assertTrue(throttle.blocked("someone-else", "10.1.1.1").isPresent());
        assertEquals(Optional.empty(), throttle.blocked("someone-else", "10.1.1.2"));
    }

    @Test
    void failuresLeaveTheSlidingWindowOneByOne() {
        throttle.failed("ann", "a");
        clock.advance(Duration.ofMinutes(4));
        throttle.failed("ann", "a");
        throttle.failed("ann", "a");
        Duration wait = throttle.blocked("ann", null).orElseThrow();
        assertEquals(Duration.ofMinutes(6), wait, "free when the first failure is 10 minutes old");
        clock.advance(Duration.ofMinutes(6));
        assertEquals(Optional.empty(), throttle.blocked("ann", null));
        throttle.failed("ann", "a");
        assertEquals(Duration.ofMinutes(4), throttle.blocked("ann", null).orElseThrow());
    }

    @Test
    void successClearsTheUserButNotTheAddress() {
        for (int i = 0; i < 3; i++) throttle.failed("ann", "b");
        throttle.failed("x", "b");
        throttle.failed("y", "b");
        throttle.succeeded("ann");
        assertEquals(Optional.empty(), throttle.blocked("ann", null));
        assertTrue(throttle.blockedAddress("b").isPresent());
    }

    @Test
    void pruneForgetsOldKeys() {
        throttle.failed("ann", "c");
        clock.advance(Duration.ofMinutes(11));
        throttle.prune();
        for (int i = 0; i < 2; i++) throttle.failed("ann", "c");
        assertEquals(Optional.empty(), throttle.blocked("ann", "c"));
    }
}
