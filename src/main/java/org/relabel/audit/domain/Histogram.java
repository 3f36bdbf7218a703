package org.relabel.audit.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A histogram of values in [0, 1] (here: selection frequencies) with equal-width bins.
 *
 * <p>Bin {@code i} of {@code b} covers {@code [i/b, (i+1)/b)}; the last bin also holds 1.0. A value
 * on a bin edge goes to the upper bin, also when floating-point arithmetic puts it a hair below
 * the edge (e.g. SF 3/5 = 0.6 is in bin 6 of 10): the index is {@code floor(v * b + 1e-9)}.
 *
 * @param counts values per bin, lowest bin first; at least one bin
 * @param total  number of values ({@code sum(counts)})
 * @param mean   mean of the values, NaN when there are none
 */
public record Histogram(List<Long> counts, long total, double mean) {

    /** The number of bins the audit uses (0.1 wide). */
    public static final int DEFAULT_BINS = 10;

    private static final double EDGE_TOLERANCE = 1e-9;

    public Histogram {
        counts = List.copyOf(Objects.requireNonNull(counts, "counts"));
        if (counts.isEmpty()) {
            throw new IllegalArgumentException("a histogram needs at least one bin");
        }
        long sum = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("negative count " + c);
            }
            sum += c;
        }
        if (sum != total) {
            throw new IllegalArgumentException("total " + total + " is not the sum of the counts " + sum);
        }
    }

    /** The histogram of {@code values} (each in [0, 1]) over {@code bins} equal bins. */
    public static Histogram of(double[] values, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1: " + bins);
        }
        long[] c = new long[bins];
        double sum = 0;
        for (double v : values) {
            if (!(v >= 0.0 && v <= 1.0)) {
                throw new IllegalArgumentException("value not in [0, 1]: " + v);
            }
            c[binOf(v, bins)]++;
            sum += v;
        }
        List<Long> counts = new ArrayList<>(bins);
        for (long x : c) {
            counts.add(x);
        }
        return new Histogram(counts, values.length, values.length == 0 ? Double.NaN : sum / values.length);
    }

    /** The bin index of {@code v} in [0, 1] among {@code bins} equal bins. */
    static int binOf(double v, int bins) {
        int i = (int) Math.floor(v * bins + EDGE_TOLERANCE);
        return Math.min(bins - 1, Math.max(0, i));
    }

    /** Number of bins. */
    public int bins() {
        return counts.size();
    }

    /** Lower edge of bin {@code i}. */
    public double binLower(int i) {
        return (double) i / bins();
    }

    /** Upper edge of bin {@code i}. */
    public double binUpper(int i) {
        return (double) (i + 1) / bins();
    }

    /** The share of all values in bin {@code i}; 0 when the histogram is empty. */
    public double share(int i) {
        return total == 0 ? 0.0 : (double) counts.get(i) / total;
    }
}
