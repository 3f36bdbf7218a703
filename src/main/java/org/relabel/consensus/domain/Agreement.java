package org.relabel.consensus.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chance-corrected agreement between annotators: Fleiss' kappa for main labels, Krippendorff's alpha with the MASI
 * distance for label sets. Both return NaN when undefined (no pairable judgments, or no variation at all).
 */
public final class Agreement {

    private Agreement() {
    }

    /**
     * Fleiss' kappa (J. L. Fleiss, "Measuring nominal scale agreement among many raters", Psychological Bulletin
     * 76(5), 1971), in the usual form that allows a different number of raters {@code n_i} per item:
     * <pre>
     *   P_i = (sum_j n_ij^2 - n_i) / (n_i (n_i - 1)),   P_bar = mean_i P_i,
     *   p_j = sum_i n_ij / sum_i n_i,                    P_e = sum_j p_j^2,
     *   kappa = (P_bar - P_e) / (1 - P_e)
     * </pre>
     * Items with fewer than two ratings are left out.
     *
     * @param counts {@code counts[i][j]}: raters who put item i in category j
     * @return kappa, or NaN when no item has two ratings or {@code P_e = 1}
     */
    public static double fleissKappa(int[][] counts) {
        int categories = 0;
        for (int[] row : counts) {
            categories = Math.max(categories, row.length);
        }
        Fleiss f = new Fleiss(categories);
        for (int[] row : counts) {
            f.item(row, 0, row.length);
        }
        return f.kappa();
    }

    /**
     * Fleiss' kappa of the main labels: items are images with at least two main answers, categories are labels.
     *
     * @param data the judgments
     * @return kappa, or NaN when undefined
     */
    public static double fleissKappa(JudgmentSet data) {
        ConsensusSupport.MainVotes votes = new ConsensusSupport.MainVotes(data);
        Fleiss f = new Fleiss(data.labelCount());
        for (int i = 0; i < data.imageCount(); i++) {
            f.item(votes.candidateVotes, votes.imageStart[i], votes.imageStart[i + 1], votes.candidateLabel);
        }
        return f.kappa();
    }

    /** Sparse accumulation of Fleiss' kappa. */
    private static final class Fleiss {
        private final double[] categoryTotal;
        private double sumP;
        private int items;
        private double ratings;

        Fleiss(int categories) {
            categoryTotal = new double[categories];
        }

        void item(int[] votes, int from, int to) {
            item(votes, from, to, null);
        }

        void item(int[] votes, int from, int to, int[] category) {
            long n = 0;
            long squares = 0;
            for (int c = from; c < to; c++) {
                n += votes[c];
                squares += (long) votes[c] * votes[c];
            }
            if (n < 2) {
                return;
            }
            for (int c = from; c < to; c++) {
                categoryTotal[category == null ? c - from : category[c]] += votes[c];
            }
            sumP += (double) (squares - n) / (n * (n - 1));
            items++;
            ratings += n;
        }

        double kappa() {
            if (items == 0) {
                return Double.NaN;
            }
            double pBar = sumP / items;
            double pE = 0;
            for (double total : categoryTotal) {
                double p = total / ratings;
                pE += p * p;
            }
            return pE >= 1 ? Double.NaN : (pBar - pE) / (1 - pE);
        }
    }

    /**
     * The MASI distance between two label sets (R. Passonneau, "Measuring Agreement on Set-valued Items (MASI) for
     * Semantic and Pragmatic Annotation", LREC 2006): {@code d = 1 - J * M}, with {@code J} the Jaccard index and
     * {@code M} = 1 when the sets are equal, 2/3 when one is a subset of the other, 1/3 when they overlap otherwise,
     * 0 when they are disjoint. Two empty sets are at distance 0.
     *
     * @param a one label set
     * @param b another label set
     * @return the distance in [0, 1]
     */
    public static double masiDistance(Set<String> a, Set<String> b) {
        int intersection = 0;
        for (String label : a) {
            if (b.contains(label)) {
                intersection++;
            }
        }
        return masi(a.size(), b.size(), intersection);
    }

    private static double masi(int sizeA, int sizeB, int intersection) {
        int union = sizeA + sizeB - intersection;
        if (union == 0) {
            return 0;
        }
        double monotonicity;
        if (intersection == sizeA && intersection == sizeB) {
            monotonicity = 1;
        } else if (intersection == sizeA || intersection == sizeB) {
            monotonicity = 2.0 / 3;
        } else if (intersection > 0) {
            monotonicity = 1.0 / 3;
        } else {
            monotonicity = 0;
        }
        return 1 - (double) intersection / union * monotonicity;
    }

    private static double masi(int[] a, int[] b) {
        int x = 0;
        int y = 0;
        int intersection = 0;
        while (x < a.length && y < b.length) {
            if (a[x] < b[y]) {
                x++;
            } else if (a[x] > b[y]) {
                y++;
            } else {
                intersection++;
                x++;
                y++;
            }
        }
        return masi(a.length, b.length, intersection);
    }

    /**
     * Krippendorff's alpha (K. Krippendorff, "Content Analysis", 2004; "Computing Krippendorff's Alpha-Reliability",
     * 2011) with the MASI distance, for label sets:
     * <pre>
     *   alpha = 1 - D_o / D_e
     *   D_o = 1/n sum_u 1/(m_u - 1) sum_{i != j in u} d(v_ui, v_uj)      (observed, within units)
     *   D_e = 1/(n (n - 1)) sum_{i != j over all values} d(v_i, v_j)   (expected, all pairable values)
     * </pre>
     * where {@code m_u} is the number of values in unit u and {@code n} the total over units with at least two values
     * (the others are unpairable and left out). With singleton sets, MASI is the nominal distance and this is the
     * nominal alpha. Cost: O(sum_u m_u^2 + D^2) with D the number of distinct sets.
     *
     * @param units per unit (item), the label sets the coders gave it
     * @return alpha, or NaN when there are no pairable values or no variation ({@code D_e = 0})
     */
    public static double krippendorffAlphaMasi(List<? extends Collection<? extends Set<String>>> units) {
        Map<String, Integer> ids = new HashMap<>();
        List<int[][]> coded = new ArrayList<>(units.size());
        for (Collection<? extends Set<String>> unit : units) {
            int[][] values = new int[unit.size()][];
            int v = 0;
            for (Set<String> set : unit) {
                values[v++] = set.stream().mapToInt(l -> ids.computeIfAbsent(l, k -> ids.size())).sorted().toArray();
            }
            coded.add(values);
        }
        return alpha(coded);
    }

    /**
     * Krippendorff's alpha with MASI over the judgment set: units are images, and each annotator who answered on an
     * image contributes the set of labels they answered YES to. With CLASSIFY-style responses every annotator saw
     * all candidates, so these are their full selections; with per-label answers where different annotators rated
     * different labels of an image (as in ReaL) the sets are partial and alpha understates agreement.
     *
     * @param data the judgments
     * @return alpha, or NaN when undefined
     */
    public static double krippendorffAlphaMasi(JudgmentSet data) {
        List<int[][]> units = new ArrayList<>(data.imageCount());
        for (int i = 0; i < data.imageCount(); i++) {
            int from = data.pairStart(data.imagePairStart(i));
            int to = data.pairStart(data.imagePairEnd(i));
            // (annotator, label-if-yes) rows of this image, grouped by annotator
            long[] rows = new long[to - from];
            int p = data.imagePairStart(i);
            for (int k = from; k < to; k++) {
                while (data.pairEnd(p) <= k) {
                    p++;
                }
                int label = data.answerCode[k] == Answer.YES.code() ? data.pairLabel(p) : -1;
                rows[k - from] = ((long) data.answerAnnotator[k] << 32) | (label + 1L);
            }
            Arrays.sort(rows);
            List<int[]> sets = new ArrayList<>();
            for (int x = 0; x < rows.length; ) {
                int y = x;
                JudgmentSet.IntList labels = new JudgmentSet.IntList();
                while (y < rows.length && rows[y] >>> 32 == rows[x] >>> 32) {
                    int label = (int) (rows[y] & 0xffffffffL) - 1;
                    if (label >= 0) {
                        labels.add(label);
                    }
                    y++;
                }
                sets.add(labels.toArray());
                x = y;
            }
            units.add(sets.toArray(new int[0][]));
        }
        return alpha(units);
    }

    /** Alpha over units of sorted label-id arrays. */
    private static double alpha(List<int[][]> units) {
        long n = 0;
        double observed = 0;
        Map<SetKey, Integer> distinct = new HashMap<>();
        for (int[][] unit : units) {
            int m = unit.length;
            if (m < 2) {
                continue;
            }
            n += m;
            double within = 0;
            for (int i = 0; i < m; i++) {
                for (int j = i + 1; j < m; j++) {
                    within += 2 * masi(unit[i], unit[j]);
                }
                distinct.merge(new SetKey(unit[i]), 1, Integer::sum);
            }
            observed += within / (m - 1);
        }
        if (n < 2) {
            return Double.NaN;
        }
        observed /= n;
        List<Map.Entry<SetKey, Integer>> values = new ArrayList<>(distinct.entrySet());
        values.sort((x, y) -> Arrays.compare(x.getKey().labels, y.getKey().labels)); // fixed summation order
        double expected = 0;
        for (int a = 0; a < values.size(); a++) {
            for (int b = a + 1; b < values.size(); b++) {
                expected += 2.0 * values.get(a).getValue() * values.get(b).getValue()
                        * masi(values.get(a).getKey().labels, values.get(b).getKey().labels);
            }
        }
        expected /= (double) n * (n - 1);
        return expected == 0 ? Double.NaN : 1 - observed / expected;
    }

    /** A sorted label-id array with value equality. */
    private static final class SetKey {
        final int[] labels;
        private final int hash;

        SetKey(int[] labels) {
            this.labels = labels;
            this.hash = Arrays.hashCode(labels);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SetKey k && Arrays.equals(labels, k.labels);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
