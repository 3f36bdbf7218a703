package org.relabel.annotation.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the candidate set of one image: the labels an annotator is asked about.
 *
 * <p>Following Tsipras et al. (ICML 2020), the candidates are the union of several models' top-k
 * predictions plus the image's original label. The rule, in order of precedence:
 * <ol>
 * <li>the original label is always a candidate (it is never marked as such when shown);</li>
 * <li>required labels (the known answer of a gold image) are always candidates, so that the answer
 *     can be checked;</li>
 * <li>model labels fill the remaining places up to the cap, best rank first: every model's rank-1
 *     label, then every model's rank-2 label, and so on; labels of the same rank go in the
 *     campaign's model order; a label already taken is not repeated.</li>
 * </ol>
 * So a cap keeps the original label and the highest-ranked model labels. Only when the required
 * labels alone exceed the cap does a set grow beyond it. An image without predictions gets just its
 * original label (and required labels).
 */
public final class CandidatePolicy {
    /** Largest cap: annotators toggle candidates with one key each (digits and letters). */
    public static final int MAX_CAP = 30;

    private CandidatePolicy() {
    }

    /**
     * The candidate set of one image, original label first (a canonical order for storage; the
     * display order is shuffled per view).
     *
     * @param original      class id of the original label
     * @param rankedByModel per model in campaign order, its class ids by rank (best first), already cut to top-k
     * @param required      labels that must be candidates (gold answers); may be empty
     * @param cap           largest number of candidates, at least 1
     */
    public static List<Long> candidates(long original, List<List<Long>> rankedByModel, Collection<Long> required,
                                        int cap) {
        if (cap < 1) throw new IllegalArgumentException("cap must be at least 1: " + cap);
        Set<Long> chosen = new LinkedHashSet<>();
        chosen.add(original);
        chosen.addAll(required);
        int depth = 0;
        for (List<Long> ranked : rankedByModel) depth = Math.max(depth, ranked.size());
        for (int rank = 0; rank < depth && chosen.size() < cap; rank++) {
            for (List<Long> ranked : rankedByModel) {
                if (chosen.size() >= cap) break;
                if (rank < ranked.size()) chosen.add(ranked.get(rank));
            }
        }
        return List.copyOf(new ArrayList<>(chosen));
    }

    /** Whether some model's rank-1 label differs from the original label (the "disagreement" filter). */
    public static boolean modelsDisagree(long original, List<List<Long>> rankedByModel) {
        for (List<Long> ranked : rankedByModel) {
            if (!ranked.isEmpty() && ranked.get(0) != original) return true;
        }
        return false;
    }
}
