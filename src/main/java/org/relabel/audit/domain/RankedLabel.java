package org.relabel.audit.domain;

import java.util.Objects;

/**
 * One entry of a model's ranked top-k for an image: a class key and the model's probability.
 *
 * @param label       class key, never {@code null}
 * @param probability the model's probability for the class (informative; metrics use the rank)
 */
public record RankedLabel(String label, double probability) {
    public RankedLabel {
        Objects.requireNonNull(label, "label");
        if (Double.isNaN(probability)) {
            throw new IllegalArgumentException("probability of " + label + " is NaN");
        }
    }
}
