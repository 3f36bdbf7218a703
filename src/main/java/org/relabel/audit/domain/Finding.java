package org.relabel.audit.domain;

import java.util.Objects;

/**
 * A flagged image.
 *
 * @param image  image key
 * @param kind   why it was flagged
 * @param score  strength of the evidence in [0, 1], higher first in a review queue; comparable
 *               within one kind (see {@link FindingRules} for each kind's score)
 * @param reason a plain-text sentence for the curator (not escaped: escape when rendering)
 */
public record Finding(String image, FindingKind kind, double score, String reason) {
    public Finding {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("score not in [0, 1]: " + score);
        }
    }
}
