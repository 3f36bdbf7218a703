package org.relabel.annotation.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates one answer to the two questions of a campaign ("which of these objects are present?",
 * "which is the main one?") against the candidates that were shown, and turns it into one answer
 * per shown label.
 *
 * <p>Rules:
 * <ul>
 * <li>every selected label must be among the shown candidates, at most once;</li>
 * <li>the main label must be among the selected labels; with exactly one selected label it may be
 *     omitted (that label is the main one); with several it is required;</li>
 * <li>"none of these" excludes selected labels; an answer with nothing selected must say "none of
 *     these" or "image unclear";</li>
 * <li>time taken, when given, is between 0 and 24 hours.</li>
 * </ul>
 * Answers: a selected label is {@link #YES}; a shown but unselected label is {@link #NO}, or
 * {@link #MAYBE} when the image was flagged unclear (the annotator could not tell).
 */
public final class JudgmentRules {
    public static final short NO = 0;
    public static final short MAYBE = 1;
    public static final short YES = 2;
    public static final int MAX_MILLIS = 24 * 3600 * 1000;

    private JudgmentRules() {
    }

    /** What an annotator answered, by class key. */
    public record Response(List<String> selected, String main, boolean noneApply, boolean unclear, Integer millis) {
        public Response {
            selected = selected == null ? List.of() : new ArrayList<>(selected);
            main = main == null || main.isBlank() ? null : main;
        }
    }

    /**
     * A valid response: the answer per shown label (in shown order) and the main label (null when
     * nothing was selected).
     */
    public record Valid(Map<String, Short> answers, String main, boolean noneApply, boolean unclear, Integer millis) {
    }

    /** One broken rule: the field of the request and what is wrong. */
    public record Violation(String field, String message) {
    }

    /** Thrown with every broken rule of a response. */
    public static final class InvalidJudgmentException extends RuntimeException {
        private final List<Violation> violations;

        public InvalidJudgmentException(List<Violation> violations) {
            super(violations.isEmpty() ? "invalid judgment" : violations.get(0).message(), null, false, false);
            this.violations = List.copyOf(violations);
        }

        public List<Violation> violations() {
            return violations;
        }
    }

    /** Checks a response against the labels shown (class keys in display order). */
    public static Valid validate(List<String> shown, Response r) {
        List<Violation> errors = new ArrayList<>();
        Set<String> shownSet = new HashSet<>(shown);
        Set<String> selected = new HashSet<>();
        for (String label : r.selected()) {
            if (label == null || label.isBlank()) {
                errors.add(new Violation("selected", "a selected label is empty"));
            } else if (!shownSet.contains(label)) {
                errors.add(new Violation("selected", "label '" + label + "' was not among the shown candidates"));
            } else if (!selected.add(label)) {
                errors.add(new Violation("selected", "label '" + label + "' is selected twice"));
            }
        }
        String main = r.main();
        if (main != null && !selected.contains(main)) {
            errors.add(new Violation("main", shownSet.contains(main)
                    ? "main label '" + main + "' is not among the selected labels"
                    : "main label '" + main + "' was not among the shown candidates"));
        }
        if (main == null && selected.size() > 1) {
            errors.add(new Violation("main", "choose the main object among the " + selected.size() + " selected labels"));
        }
        if (r.noneApply() && !r.selected().isEmpty()) {
            errors.add(new Violation("noneApply", "'none of these' cannot be combined with selected labels"));
        }
        if (r.selected().isEmpty() && !r.noneApply() && !r.unclear()) {
            errors.add(new Violation("selected", "select at least one label, or answer 'none of these' or 'image unclear'"));
        }
        if (r.millis() != null && (r.millis() < 0 || r.millis() > MAX_MILLIS)) {
            errors.add(new Violation("millis", "millis must be between 0 and " + MAX_MILLIS));
        }
        if (!errors.isEmpty()) throw new InvalidJudgmentException(errors);
        if (main == null && selected.size() == 1) main = selected.iterator().next();
        Map<String, Short> answers = new LinkedHashMap<>();
        for (String label : shown) {
            answers.put(label, selected.contains(label) ? YES : r.unclear() ? MAYBE : NO);
        }
        return new Valid(answers, main, r.noneApply(), r.unclear(), r.millis());
    }
}
