package org.relabel.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How long an instance keeps an account it read (plain JUnit: the spread of {@link AccountDirectory#keepFor}). */
class AccountDirectoryTest {
    private static final long MAX_AGE = TimeUnit.SECONDS.toNanos(60);

    @Test
    void anAccountIsKeptBetweenHalfTheMaximumAgeAndAllOfIt() {
        assertEquals(MAX_AGE, AccountDirectory.keepFor(MAX_AGE, new FixedDraw(0.0)));
        assertEquals(MAX_AGE / 2, AccountDirectory.keepFor(MAX_AGE, new FixedDraw(1.0)), TimeUnit.MILLISECONDS.toNanos(1));
        assertEquals(0, AccountDirectory.keepFor(0, new FixedDraw(0.5)), "a maximum age of 0 keeps nothing");
    }

    @Test
    void accountsReadTogetherAreReadAgainSpreadOverHalfTheMaximumAge() {
        // 500 annotators who signed in in the same second: their accounts' next reads spread over 30 of the 60 s
        Random random = new Random(7);
        int[] perSecond = new int[61];
        for (int i = 0; i < 500; i++) {
            long keep = AccountDirectory.keepFor(MAX_AGE, random);
            assertTrue(keep >= MAX_AGE / 2 && keep <= MAX_AGE, "kept " + keep + " ns");
            perSecond[(int) TimeUnit.NANOSECONDS.toSeconds(keep)]++;
        }
        int busiest = 0;
        for (int n : perSecond) busiest = Math.max(busiest, n);
        assertTrue(busiest < 40, "at most " + busiest + " of 500 in one second, not all of them");
    }

    /** A random generator whose every double is the same. */
    private record FixedDraw(double value) implements java.util.random.RandomGenerator {
        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public double nextDouble() {
            return value;
        }
    }
}
