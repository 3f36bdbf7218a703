package org.relabel.export.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.relabel.consensus.domain.Answer;

/**
 * What one annotator answered on one image, after duplicates were resolved the way the aggregation resolves them:
 * when an annotator judged an image more than once, the answer given last to each label wins, and the last
 * judgment's main label, time and source stand.
 *
 * @param annotator the annotator
 * @param source    source of the last judgment
 * @param mainLabel main label of the last judgment, or {@code null}
 * @param millis    time taken by the last judgment, or {@code null}
 * @param answers   label to answer, in first-shown order
 */
public record AnnotatorAnswers(String annotator, String source, String mainLabel, Integer millis,
                               Map<String, Answer> answers) {

    public AnnotatorAnswers {
        answers = Collections.unmodifiableMap(new LinkedHashMap<>(answers));
    }

    /** The labels answered {@code answer}, in order. */
    public List<String> labels(Answer answer) {
        List<String> out = new ArrayList<>();
        answers.forEach((label, a) -> {
            if (a == answer) out.add(label);
        });
        return out;
    }

    /** The result of merging one image's judgments: per annotator in order of first judgment, and answers replaced. */
    public record Merged(List<AnnotatorAnswers> annotators, int replacedAnswers) {
    }

    /** Merges the judgments of one image, given in the order they were stored (oldest first). */
    public static Merged merge(List<StoredJudgment> judgments) {
        Map<String, Builder> byAnnotator = new LinkedHashMap<>();
        int replaced = 0;
        for (StoredJudgment j : judgments) {
            Builder b = byAnnotator.computeIfAbsent(j.annotator(), Builder::new);
            b.source = j.source();
            b.main = j.mainLabel();
            b.millis = j.millis();
            for (Map.Entry<String, Answer> a : j.answers().entrySet()) {
                if (b.answers.put(a.getKey(), a.getValue()) != null) replaced++;
            }
        }
        List<AnnotatorAnswers> out = new ArrayList<>(byAnnotator.size());
        for (Builder b : byAnnotator.values()) {
            out.add(new AnnotatorAnswers(b.annotator, b.source, b.main, b.millis, b.answers));
        }
        return new Merged(out, replaced);
    }

    private static final class Builder {
        final String annotator;
        String source;
        String main;
        Integer millis;
        final Map<String, Answer> answers = new LinkedHashMap<>();

        Builder(String annotator) {
            this.annotator = annotator;
        }
    }
}
