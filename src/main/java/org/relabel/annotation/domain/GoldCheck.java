package org.relabel.annotation.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a judgment of a gold image matches its known answer, and the median of a list of times:
 * the figures the anti-spam rules need.
 *
 * <p>A gold answer is correct when, among the labels the annotator was shown, exactly those present
 * in the gold answer were ticked, and, when the gold answer names a main object, the annotator chose
 * it. A gold label that was not among the shown candidates cannot be held against the annotator.
 */
public final class GoldCheck {
    private GoldCheck() {
    }

    /**
     * @param shown      class ids the annotator was shown
     * @param selected   class ids the annotator ticked as present
     * @param main       the annotator's main object, or null
     * @param goldPresent class ids present in the gold answer
     * @param goldMain   the gold main object, or null when the gold answer names none
     */
    public static boolean correct(Set<Long> shown, Set<Long> selected, Long main, Set<Long> goldPresent, Long goldMain) {
        Set<Long> expected = new HashSet<>(goldPresent);
        expected.retainAll(shown);
        if (!expected.equals(selected)) return false;
        return goldMain == null || !shown.contains(goldMain) || goldMain.equals(main);
    }

    /** The median of the values (mean of the two middle ones for an even count), or null for none. */
    public static Double median(List<? extends Number> values) {
        if (values.isEmpty()) return null;
        double[] v = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
