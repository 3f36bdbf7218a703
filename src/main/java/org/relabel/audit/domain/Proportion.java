package org.relabel.audit.domain;

/**
 * A proportion {@code successes / n} with a confidence interval {@code [lo, hi]}.
 *
 * <p>{@link #wilson(long, long)} gives the 95% Wilson score interval (E. B. Wilson, "Probable
 * inference, the law of succession, and statistical inference", JASA 22, 1927; recommended over
 * the normal "Wald" interval by Brown, Cai and DasGupta, Statistical Science 16, 2001). With
 * p&#770; = s / n and z the standard-normal quantile (1.959964 for 95%):
 * <pre>
 *   center    = (p&#770; + z&sup2; / (2n)) / (1 + z&sup2; / n)
 *   halfWidth = z / (1 + z&sup2; / n) &middot; sqrt( p&#770;(1 - p&#770;) / n + z&sup2; / (4n&sup2;) )
 *   [lo, hi]  = [center - halfWidth, center + halfWidth]
 * </pre>
 * The interval always lies in [0, 1]; it is exactly 0 at its lower end when s = 0 and exactly 1
 * at its upper end when s = n. Example: 8 / 10 gives [0.490, 0.943].
 *
 * <p>With no observations ({@code n == 0}) the proportion is undefined: {@code value} is NaN
 * and the interval is the whole [0, 1]; check {@link #isDefined()} before showing the value.
 *
 * @param successes number of successes, {@code 0 <= successes <= n}
 * @param n         number of observations
 * @param value     {@code successes / n}, NaN when {@code n == 0}
 * @param lo        lower end of the interval
 * @param hi        upper end of the interval
 */
public record Proportion(long successes, long n, double value, double lo, double hi) {

    /** The standard-normal 97.5% quantile: a two-sided 95% interval. */
    public static final double Z_95 = 1.959963984540054;

    public Proportion {
        if (n < 0 || successes < 0 || successes > n) {
            throw new IllegalArgumentException("need 0 <= successes <= n, got " + successes + " / " + n);
        }
    }

    /** {@code successes / n} with its 95% Wilson score interval. */
    public static Proportion wilson(long successes, long n) {
        return wilson(successes, n, Z_95);
    }

    /** {@code successes / n} with the Wilson score interval for the standard-normal quantile {@code z > 0}. */
    public static Proportion wilson(long successes, long n, double z) {
        if (!(z > 0) || Double.isInfinite(z)) {
            throw new IllegalArgumentException("z must be positive and finite: " + z);
        }
        if (n < 0 || successes < 0 || successes > n) {
            throw new IllegalArgumentException("need 0 <= successes <= n, got " + successes + " / " + n);
        }
        if (n == 0) {
            return new Proportion(0, 0, Double.NaN, 0.0, 1.0);
        }
        double nn = n;
        double p = successes / nn;
        double z2 = z * z;
        double denominator = 1.0 + z2 / nn;
        double center = (p + z2 / (2.0 * nn)) / denominator;
        double half = z / denominator * Math.sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn));
        double lo = successes == 0 ? 0.0 : Math.max(0.0, center - half);
        double hi = successes == n ? 1.0 : Math.min(1.0, center + half);
        return new Proportion(successes, n, p, lo, hi);
    }

    /** The undefined proportion 0 / 0. */
    public static Proportion empty() {
        return wilson(0, 0);
    }

    /** Whether there is at least one observation (otherwise {@link #value()} is NaN). */
    public boolean isDefined() {
        return n > 0;
    }
}
