package org.relabel.export.domain;

import java.time.Instant;
import java.util.Collection;

/**
 * A curator's decision that a release includes (the image's current decision when it was frozen).
 *
 * @param valid the decision's valid labels, {@code null} when the decision sets none
 * @param main  the decision's main label, or {@code null}
 */
public record DecisionRow(String image, long id, int revision, String decision, String curator, Instant decidedAt,
                          Collection<String> valid, String main) {
}
