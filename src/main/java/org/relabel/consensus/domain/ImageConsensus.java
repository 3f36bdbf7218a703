package org.relabel.consensus.domain;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The consensus of one image. Maps and lists are unmodifiable and ordered by label key.
 *
 * @param image              image key
 * @param selectionFrequency per answered label: SF = n_present / n_shown
 * @param shown              per answered label: number of annotators who were shown it (answered it)
 * @param score              per answered label: the aggregator's score; the posterior probability of presence for
 *                           the Dawid-Skene models, the selection frequency for the others
 * @param validLabels        the labels judged present (score at least the threshold, or the method's own rule)
 * @param mainLabel          the consensus main label, always one of {@code validLabels}; {@code null} exactly when
 *                           nothing is valid
 * @param objects            number of objects: the size of the valid label set
 * @param confidence         the certainty of the image's weakest decision: the minimum, over its answered labels,
 *                           of the probability (Dawid-Skene) or share of annotators (selection frequency, majority)
 *                           agreeing with the valid / not valid decision, and, when the main label came from main
 *                           answers, of the main label's posterior (or vote share); 0 when there is no decision
 * @param judgments          number of distinct annotators who judged the image
 */
public record ImageConsensus(String image, Map<String, Double> selectionFrequency, Map<String, Integer> shown,
                             Map<String, Double> score, List<String> validLabels, String mainLabel, int objects,
                             double confidence, int judgments) {

    public ImageConsensus {
        Keys.require(image, "image");
        selectionFrequency = LabelMap.copyOf(selectionFrequency);
        shown = LabelMap.copyOf(shown);
        score = LabelMap.copyOf(score);
        validLabels = sortedDistinct(validLabels);
        if (objects != validLabels.size()) {
            throw new IllegalArgumentException("objects must equal the number of valid labels");
        }
        if (mainLabel != null ? !validLabels.contains(mainLabel) : !validLabels.isEmpty()) {
            throw new IllegalArgumentException("the main label must be a valid label, and present when any is");
        }
        if (judgments < 0) {
            throw new IllegalArgumentException("judgments must be at least 0");
        }
    }

    private static List<String> sortedDistinct(List<String> labels) {
        for (int i = 1; i < labels.size(); i++) {
            if (labels.get(i - 1).compareTo(labels.get(i)) >= 0) {
                return List.copyOf(new TreeSet<>(labels));
            }
        }
        return List.copyOf(labels);
    }

    /** @return whether more than one object is present */
    public boolean multipleObjects() {
        return objects > 1;
    }
}
