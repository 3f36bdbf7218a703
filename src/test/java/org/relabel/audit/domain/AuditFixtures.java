package org.relabel.audit.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small hand-made inputs shared by the audit tests. */
final class AuditFixtures {

    private AuditFixtures() {
    }

    /** An image with a consensus. */
    static ImageLabels judged(String image, String original, Set<String> valid, String main, Integer objects) {
        return ImageLabels.of(image, original).withConsensus(valid, main, objects).withJudgments(5);
    }

    /** Predictions built from "image: label label ..." pairs, rank 1 first, probabilities decreasing. */
    static ModelPredictions model(String name, String... imageThenLabels) {
        Map<String, List<RankedLabel>> top = new LinkedHashMap<>();
        for (String entry : imageThenLabels) {
            String[] parts = entry.split(":", 2);
            List<RankedLabel> ranked = new ArrayList<>();
            String[] labels = parts[1].trim().split("\\s+");
            for (int i = 0; i < labels.length; i++) {
                ranked.add(new RankedLabel(labels[i], 1.0 / (i + 2)));
            }
            top.put(parts[0].trim(), ranked);
        }
        return new ModelPredictions(name, top);
    }

    /**
     * Eight images covering the cases of DESIGN.md section 3; the expected figures in the tests are
     * counted by hand from this table:
     * <pre>
     * image original valid      main  objects status    SF
     * i1    a        {a}        a     1                 a 1.0, b 0.2
     * i2    a        {a, b}     b     2                 a 0.6, b 0.8
     * i3    b        {}         -     (0)               -
     * i4    b        (none)     -     -                 -
     * i5    c        {c, d, e}  d     3                 c 0.6, d 1.0, e 0.7
     * i6    c        {c}        c     1       EXCLUDED  c 0.0
     * i7    a        {b}        b     1                 a 0.2, b 0.9
     * i8    d        {d}        d     1                 d 0.8, e 0.1
     * </pre>
     */
    static List<ImageLabels> dataset() {
        return List.of(
                judged("i1", "a", Set.of("a"), "a", 1).withSelectionFrequency(Map.of("a", 1.0, "b", 0.2)),
                judged("i2", "a", Set.of("a", "b"), "b", 2).withSelectionFrequency(Map.of("a", 0.6, "b", 0.8)),
                judged("i3", "b", Set.of(), null, null),
                ImageLabels.of("i4", "b"),
                judged("i5", "c", Set.of("c", "d", "e"), "d", 3)
                        .withSelectionFrequency(Map.of("c", 0.6, "d", 1.0, "e", 0.7)),
                judged("i6", "c", Set.of("c"), "c", 1).withSelectionFrequency(Map.of("c", 0.0))
                        .withStatus(ReviewStatus.EXCLUDED),
                judged("i7", "a", Set.of("b"), "b", 1).withSelectionFrequency(Map.of("a", 0.2, "b", 0.9)),
                judged("i8", "d", Set.of("d"), "d", 1).withSelectionFrequency(Map.of("d", 0.8, "e", 0.1)));
    }

    /**
     * A model on {@link #dataset()}: right on i1 and i3, a valid "error" on i2 and i5, a plain error on
     * i4 (no consensus) and i8, a wrong guess on the excluded i6, and no prediction for i7.
     */
    static ModelPredictions modelM() {
        return model("M", "i1: a", "i2: b a", "i3: b", "i4: c", "i5: e d x y z c", "i6: z", "i8: e");
    }
}
