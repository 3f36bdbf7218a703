package org.relabel.consensus.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One annotator's response on one image: the CLASSIFY-style input (multi-select of the present objects, then the
 * main object).
 *
 * <p>{@link JudgmentSet.Builder#add(ImageResponse)} turns it into per-label presence answers: a selected label is
 * {@link Answer#YES}; a label shown but not selected is {@link Answer#NO}, or {@link Answer#MAYBE} when the
 * annotator flagged the image as unclear. The main label counts as selected. When {@code shown} is empty it is not
 * known: every label that anyone selected for the image (in any response or per-label answer of the same set) then
 * counts as shown, as the JSONL exchange format specifies.
 *
 * @param image     image key
 * @param annotator annotator key, or {@code null} for an anonymous response (it becomes its own annotator)
 * @param shown     the candidate labels in the order they were shown; empty when unknown
 * @param selected  the labels marked present (empty when none apply)
 * @param main      the label chosen as the main object, or {@code null}
 * @param unclear   the annotator flagged the image as unclear
 * @param noneApply the annotator said none of the shown labels applies (then nothing may be selected)
 * @param millis    time taken in milliseconds, or {@code null} when unknown
 * @param gold      the known answer when this image is a gold image, else {@code null}
 */
public record ImageResponse(String image, String annotator, List<String> shown, Set<String> selected, String main,
                            boolean unclear, boolean noneApply, Long millis, GoldAnswer gold) {

    public ImageResponse {
        Keys.require(image, "image");
        if (annotator != null) {
            Keys.require(annotator, "annotator");
        }
        shown = shown == null ? List.of() : List.copyOf(shown);
        selected = selected == null ? Set.of() : Set.copyOf(selected);
        if (new HashSet<>(shown).size() != shown.size()) {
            throw new IllegalArgumentException("a label was shown twice on image " + image);
        }
        for (String label : shown) {
            Keys.require(label, "shown label");
        }
        for (String label : selected) {
            Keys.require(label, "selected label");
        }
        if (main != null) {
            Keys.require(main, "main label");
        }
        if (!shown.isEmpty()) {
            for (String label : selected) {
                if (!shown.contains(label)) {
                    throw new IllegalArgumentException("selected label " + label + " was not shown on image " + image);
                }
            }
            if (main != null && !shown.contains(main)) {
                throw new IllegalArgumentException("main label " + main + " was not shown on image " + image);
            }
        }
        if (noneApply && (!selected.isEmpty() || main != null)) {
            throw new IllegalArgumentException("'none apply' on image " + image + " but labels were selected");
        }
        if (millis != null && millis < 0) {
            throw new IllegalArgumentException("negative time taken on image " + image);
        }
    }
}
