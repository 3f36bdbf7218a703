package org.relabel.consensus.domain;

import java.util.List;
import java.util.Set;

/** Small hand-made judgment sets shared by the tests. */
final class Fixtures {

    private Fixtures() {
    }

    static ImageResponse response(String image, String annotator, List<String> shown, Set<String> selected,
                                  String main) {
        return new ImageResponse(image, annotator, shown, selected, main, false, selected.isEmpty() && main == null,
                null, null);
    }

    static ImageResponse response(String image, String annotator, List<String> shown, Set<String> selected,
                                  String main, long millis) {
        return new ImageResponse(image, annotator, shown, selected, main, false, selected.isEmpty() && main == null,
                millis, null);
    }

    /**
     * Five annotators a1..a5 see x, y, z on five images (CLASSIFY style). Every pair is unanimous or split 4 to 1:
     * <ul>
     *   <li>i1: everyone selects {x}, main x;</li>
     *   <li>i2: everyone selects {x, y}; main x by a1..a4, y by a5;</li>
     *   <li>i3: everyone selects {y}, a4 also z; main y;</li>
     *   <li>i4: only a3 selects anything ({x}, main x); the others say none apply;</li>
     *   <li>i5: everyone says none apply.</li>
     * </ul>
     */
    static JudgmentSet fiveImages() {
        List<String> shown = List.of("x", "y", "z");
        JudgmentSet.Builder b = JudgmentSet.builder();
        for (String a : List.of("a1", "a2", "a3", "a4", "a5")) {
            b.add(response("i1", a, shown, Set.of("x"), "x"));
            b.add(response("i2", a, shown, Set.of("x", "y"), a.equals("a5") ? "y" : "x"));
            b.add(response("i3", a, shown, a.equals("a4") ? Set.of("y", "z") : Set.of("y"), "y"));
            b.add(a.equals("a3") ? response("i4", a, shown, Set.of("x"), "x")
                    : response("i4", a, shown, Set.of(), null));
            b.add(response("i5", a, shown, Set.of(), null));
        }
        return b.build();
    }
}
