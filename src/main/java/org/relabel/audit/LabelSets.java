package org.relabel.audit;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Label sets stored as space-separated class keys ('' = the empty set, NULL = none). */
final class LabelSets {
    private LabelSets() {
    }

    static List<String> list(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.asList(text.trim().split(" +"));
    }

    static Set<String> set(String text) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(list(text)));
    }

    /** Space-separated, or {@code null} for a {@code null} collection. */
    static String text(Collection<String> labels) {
        return labels == null ? null : String.join(" ", labels);
    }
}
