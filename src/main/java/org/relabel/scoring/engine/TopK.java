package org.relabel.scoring.engine;

import java.util.ArrayList;
import java.util.List;

/** Softmax and top-k selection over one output row. */
final class TopK {

    private TopK() {
    }

    /**
     * Numerically stable softmax {@code p_i = exp(x_i - max x) / sum_j exp(x_j - max x)}, in double precision.
     * A row containing NaN yields NaN probabilities, which rank last.
     */
    static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] p = new double[logits.length];
        if (max == Double.POSITIVE_INFINITY) {
            // the infinite entries share all the mass
            int n = 0;
            for (float v : logits) {
                n += v == Float.POSITIVE_INFINITY ? 1 : 0;
            }
            for (int i = 0; i < p.length; i++) {
                p[i] = logits[i] == Float.POSITIVE_INFINITY ? 1.0 / n : 0.0;
            }
            return p;
        }
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** The row as doubles, for models that output probabilities themselves. */
    static double[] asIs(float[] row) {
        double[] p = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            p[i] = row[i];
        }
        return p;
    }

    /** The k largest entries, largest first; ties go to the lower index; NaN ranks below everything. */
    static List<ClassScore> top(double[] p, int k) {
        int n = Math.min(k, p.length);
        int[] best = new int[n];
        int filled = 0;
        for (int i = 0; i < p.length; i++) {
            if (filled < n) {
                best[filled++] = i;
                siftUp(best, filled - 1, p);
            } else if (better(i, best[n - 1], p)) {
                best[n - 1] = i;
                siftUp(best, n - 1, p);
            }
        }
        List<ClassScore> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new ClassScore(best[i], p[best[i]]));
        }
        return out;
    }

    /** Insertion step keeping best[0..pos] sorted best-first. */
    private static void siftUp(int[] best, int pos, double[] p) {
        int idx = best[pos];
        int j = pos;
        while (j > 0 && better(idx, best[j - 1], p)) {
            best[j] = best[j - 1];
            j--;
        }
        best[j] = idx;
    }

    private static boolean better(int a, int b, double[] p) {
        double pa = Double.isNaN(p[a]) ? Double.NEGATIVE_INFINITY : p[a];
        double pb = Double.isNaN(p[b]) ? Double.NEGATIVE_INFINITY : p[b];
        return pa > pb || (pa == pb && a < b);
    }
}
