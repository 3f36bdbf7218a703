package org.relabel.consensus.domain;

import java.util.Set;

/**
 * The known answer of a gold image, used to measure annotator accuracy.
 *
 * @param validLabels the labels present in the image (may be empty: none of the candidates is present)
 * @param mainLabel   the main object's label, or {@code null} when only presence is known; when given it must be
 *                    one of {@code validLabels}
 */
public record GoldAnswer(Set<String> validLabels, String mainLabel) {

    public GoldAnswer {
        validLabels = Set.copyOf(validLabels);
        for (String label : validLabels) {
            Keys.require(label, "gold label");
        }
        if (mainLabel != null && !validLabels.contains(mainLabel)) {
            throw new IllegalArgumentException("gold main label " + mainLabel + " is not among the gold valid labels");
        }
    }
}
