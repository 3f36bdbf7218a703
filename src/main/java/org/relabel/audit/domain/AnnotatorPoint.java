package org.relabel.audit.domain;

import java.util.Objects;

/**
 * One annotator in the annotator-quality chart ({@link SvgCharts#annotatorQuality(java.util.List)}).
 *
 * @param annotator     display name or key
 * @param medianSeconds median seconds per judgment, {@code >= 0}
 * @param agreement     agreement with the consensus in [0, 1] (e.g. leave-one-out)
 * @param judgments     number of judgments
 * @param spammer       whether quality control flagged the annotator
 */
public record AnnotatorPoint(String annotator, double medianSeconds, double agreement, long judgments,
        boolean spammer) {
    public AnnotatorPoint {
        Objects.requireNonNull(annotator, "annotator");
        if (!(medianSeconds >= 0) || Double.isInfinite(medianSeconds)) {
            throw new IllegalArgumentException("median seconds of " + annotator + " invalid: " + medianSeconds);
        }
        if (!(agreement >= 0.0 && agreement <= 1.0)) {
            throw new IllegalArgumentException("agreement of " + annotator + " not in [0, 1]: " + agreement);
        }
        if (judgments < 0) {
            throw new IllegalArgumentException("negative judgments of " + annotator);
        }
    }
}
