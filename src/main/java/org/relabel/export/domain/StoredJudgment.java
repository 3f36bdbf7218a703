package org.relabel.export.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.relabel.consensus.domain.Answer;

/**
 * One stored judgment of an image as a release reads it.
 *
 * @param annotator  the annotator as the release names them (a pseudonym unless configured otherwise)
 * @param source     where it came from ({@code CAMPAIGN}, {@code IMPORT}, ...)
 * @param campaignId the campaign, or {@code null}
 * @param mainLabel  the annotator's main label, or {@code null}
 * @param millis     time taken, or {@code null}
 * @param answers    label to answer, in the order the labels were shown
 */
public record StoredJudgment(String annotator, String source, Long campaignId, String mainLabel, Integer millis,
                             Map<String, Answer> answers) {
    public StoredJudgment {
        Objects.requireNonNull(annotator, "annotator");
        answers = Collections.unmodifiableMap(new LinkedHashMap<>(answers));
    }
}
