package org.relabel.demo.world;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the {@link SceneGenerator} should generate. Train and test splits are two specs with
 * different seeds (and key prefixes); the same spec always yields the same scenes.
 *
 * @param seed                    seed of all randomness; scene {@code i} depends only on
 *                                {@code (seed, i)} and the rates, not on {@code count}
 * @param count                   number of scenes
 * @param multiObjectRate         probability that a scene holds 2-3 objects (default
 *                                {@value #DEFAULT_MULTI_OBJECT_RATE}; Tsipras et al. found 21.6% on ImageNet)
 * @param labelErrorRate          probability that the original label is replaced by a class absent from
 *                                the scene (default {@value #DEFAULT_LABEL_ERROR_RATE})
 * @param preferredBackgroundRate probability that a scene is drawn on the preferred background of
 *                                its anchor class (default {@value #DEFAULT_PREFERRED_BACKGROUND_RATE})
 * @param size                    side of the square images in pixels (default {@value #DEFAULT_SIZE})
 * @param keyPrefix               prefix of the scene keys ({@code prefix-00042}); letters, digits,
 *                                {@code _} and {@code -}
 */
public record SceneSpec(long seed, int count, double multiObjectRate, double labelErrorRate,
        double preferredBackgroundRate, int size, String keyPrefix) {

    /** Default share of scenes with 2-3 objects. */
    public static final double DEFAULT_MULTI_OBJECT_RATE = 0.30;
    /** Default share of plain label errors. */
    public static final double DEFAULT_LABEL_ERROR_RATE = 0.05;
    /** Default share of scenes drawn on their anchor class's preferred background. */
    public static final double DEFAULT_PREFERRED_BACKGROUND_RATE = 0.80;
    /** Default image side in pixels. */
    public static final int DEFAULT_SIZE = 64;
    /** Default key prefix. */
    public static final String DEFAULT_KEY_PREFIX = "scene";
    /** Smallest supported image side. */
    public static final int MIN_SIZE = 32;
    /** Largest supported image side. */
    public static final int MAX_SIZE = 512;

    private static final Pattern KEY_PREFIX = Pattern.compile("[A-Za-z0-9_-]+");

    public SceneSpec {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        checkRate("multiObjectRate", multiObjectRate);
        checkRate("labelErrorRate", labelErrorRate);
        checkRate("preferredBackgroundRate", preferredBackgroundRate);
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be in [" + MIN_SIZE + ", " + MAX_SIZE + "]: " + size);
        }
        if (!KEY_PREFIX.matcher(keyPrefix).matches()) {
            throw new IllegalArgumentException("keyPrefix may hold only letters, digits, _ and -: " + keyPrefix);
        }
    }

    /** A spec with the default rates, size and key prefix. */
    public static SceneSpec of(long seed, int count) {
        return of(seed, count, DEFAULT_KEY_PREFIX);
    }

    /** A spec with the default rates and size. */
    public static SceneSpec of(long seed, int count, String keyPrefix) {
        return new SceneSpec(seed, count, DEFAULT_MULTI_OBJECT_RATE, DEFAULT_LABEL_ERROR_RATE,
                DEFAULT_PREFERRED_BACKGROUND_RATE, DEFAULT_SIZE, keyPrefix);
    }

    /** This spec with another seed. */
    public SceneSpec withSeed(long newSeed) {
        return new SceneSpec(newSeed, count, multiObjectRate, labelErrorRate, preferredBackgroundRate, size, keyPrefix);
    }

    /** This spec with another count. */
    public SceneSpec withCount(int newCount) {
        return new SceneSpec(seed, newCount, multiObjectRate, labelErrorRate, preferredBackgroundRate, size, keyPrefix);
    }

    /** This spec with another multi-object rate. */
    public SceneSpec withMultiObjectRate(double rate) {
        return new SceneSpec(seed, count, rate, labelErrorRate, preferredBackgroundRate, size, keyPrefix);
    }

    /** This spec with another label error rate. */
    public SceneSpec withLabelErrorRate(double rate) {
        return new SceneSpec(seed, count, multiObjectRate, rate, preferredBackgroundRate, size, keyPrefix);
    }

    /** This spec with another preferred-background rate. */
    public SceneSpec withPreferredBackgroundRate(double rate) {
        return new SceneSpec(seed, count, multiObjectRate, labelErrorRate, rate, size, keyPrefix);
    }

    /** This spec with another image size. */
    public SceneSpec withSize(int newSize) {
        return new SceneSpec(seed, count, multiObjectRate, labelErrorRate, preferredBackgroundRate, newSize, keyPrefix);
    }

    /** This spec with another key prefix. */
    public SceneSpec withKeyPrefix(String prefix) {
        return new SceneSpec(seed, count, multiObjectRate, labelErrorRate, preferredBackgroundRate, size, prefix);
    }

    /** The key of scene {@code index}: the prefix, a dash and the index zero-padded to five digits. */
    public String keyOf(int index) {
        return String.format(Locale.ROOT, "%s-%05d", keyPrefix, index);
    }

    private static void checkRate(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be in [0, 1]: " + value);
        }
    }
}
