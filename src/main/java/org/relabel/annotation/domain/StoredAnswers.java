package org.relabel.annotation.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A judgment's answers, one per label, as the {@code judgment.answers} column holds them: {@code classId:answer}
 * pairs separated by single spaces, in ascending class id order, the answer being {@link JudgmentRules#NO},
 * {@link JudgmentRules#MAYBE} or {@link JudgmentRules#YES} (for example {@code "17:2 18:0 40:0"}).
 *
 * <p>One column instead of a row per label: a judgment is written by the annotation path in one row (the
 * group commit's cost per judgment was dominated by the 8-9 answer rows and their foreign-key checks), and
 * every reader reads a judgment's answers together anyway.
 */
public final class StoredAnswers {
    private StoredAnswers() {
    }

    /** The column's text for answers by class id (any order in, class id order out; a TreeMap is not copied). */
    public static String encode(Map<Long, Short> byClassId) {
        StringBuilder out = new StringBuilder(byClassId.size() * 8);
        Map<Long, Short> sorted = byClassId instanceof TreeMap<Long, Short> t && t.comparator() == null
                ? t : new TreeMap<>(byClassId);
        for (Map.Entry<Long, Short> e : sorted.entrySet()) {
            short answer = e.getValue();
            if (answer != JudgmentRules.NO && answer != JudgmentRules.MAYBE && answer != JudgmentRules.YES) {
                throw new IllegalArgumentException("answer " + answer + " for class " + e.getKey());
            }
            if (out.length() > 0) out.append(' ');
            out.append(e.getKey()).append(':').append(answer);
        }
        return out.toString();
    }

    /** Answers by class id, in the stored (class id) order; empty for null or blank text. */
    public static Map<Long, Short> decode(String text) {
        Map<Long, Short> out = new LinkedHashMap<>();
        if (text == null) return out;
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (text.charAt(i) == ' ') {
                i++;
                continue;
            }
            long id = 0;
            int start = i;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') id = id * 10 + (text.charAt(i++) - '0');
            if (i == start || i + 1 >= n || text.charAt(i) != ':') throw malformed(text);
            char a = text.charAt(i + 1);
            if (a < '0' || a > '2' || (i + 2 < n && text.charAt(i + 2) != ' ')) throw malformed(text);
            out.put(id, (short) (a - '0'));
            i += 2;
        }
        return out;
    }

    private static IllegalArgumentException malformed(String text) {
        return new IllegalArgumentException("malformed stored answers: " + text);
    }
}
