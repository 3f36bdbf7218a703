package org.relabel.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed sign-ins per user name and per client address over a sliding window. Once a key
 * reaches its limit, attempts are refused until its oldest failure in the window leaves the window.
 * A successful sign-in clears the failures of that user name (not of the address). Plain Java, kept
 * in memory per instance.
 */
public final class LoginThrottle {
    private final int maxPerUser;
    private final int maxPerAddress;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> users = new ConcurrentHashMap<>();
    private final Map<String, Deque<Instant>> addresses = new ConcurrentHashMap<>();

    public LoginThrottle(int maxPerUser, int maxPerAddress, Duration window, Clock clock) {
        this.maxPerUser = maxPerUser;
        this.maxPerAddress = maxPerAddress;
        this.window = window;
        this.clock = clock;
    }

    /** How long attempts for this user name or address stay refused, or empty when they are allowed. */
    public Optional<Duration> blocked(String username, String address) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        if (username != null) wait = max(wait, waitFor(users, key(username), maxPerUser, now));
        if (address != null) wait = max(wait, waitFor(addresses, address, maxPerAddress, now));
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    /** Whether this address alone is refused (checked before the user name is known). */
    public Optional<Duration> blockedAddress(String address) {
        return blocked(null, address);
    }

    public void failed(String username, String address) {
        Instant now = clock.instant();
        if (username != null) add(users, key(username), now);
        if (address != null) add(addresses, address, now);
    }

    public void succeeded(String username) {
        if (username != null) users.remove(key(username));
    }

    /** Drops keys whose failures all left the window (called periodically). */
    public void prune() {
        Instant cutoff = clock.instant().minus(window);
        for (Map<String, Deque<Instant>> map : java.util.List.of(users, addresses)) {
            map.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    trim(e.getValue(), cutoff);
                    return e.getValue().isEmpty();
                }
            });
        }
    }

    private Duration waitFor(Map<String, Deque<Instant>> map, String key, int max, Instant now) {
        Deque<Instant> failures = map.get(key);
        if (failures == null || max <= 0) return Duration.ZERO;
        synchronized (failures) {
            trim(failures, now.minus(window));
            if (failures.size() < max) return Duration.ZERO;
            // refused until enough failures leave the window to fall below the limit
            Instant freeAt = failures.stream().skip(failures.size() - max).findFirst().orElseThrow().plus(window);
            Duration d = Duration.between(now, freeAt);
            return d.isNegative() || d.isZero() ? Duration.ofSeconds(1) : d;
        }
    }

    private void add(Map<String, Deque<Instant>> map, String key, Instant now) {
        Deque<Instant> failures = map.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (failures) {
            trim(failures, now.minus(window));
            failures.addLast(now);
            // keep memory bounded: a key never needs more entries than the larger limit
            while (failures.size() > Math.max(maxPerUser, maxPerAddress) + 1) failures.removeFirst();
        }
    }

    private static void trim(Deque<Instant> failures, Instant cutoff) {
        while (!failures.isEmpty() && !failures.peekFirst().isAfter(cutoff)) failures.removeFirst();
    }

    private static String key(String username) {
        return username.toLowerCase(java.util.Locale.ROOT);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
