package org.relabel.audit.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Dataset-level figures of an audit (compare Tsipras et al. 2020: on 10,000 ImageNet validation
 * images, 21.6% hold more than one object and for 7.7% the original label is not the main object).
 * Images excluded or marked ambiguous by review are left out of everything.
 *
 * @param images              images counted (not excluded)
 * @param excluded            images excluded or marked ambiguous by review
 * @param withConsensus       counted images that have a consensus
 * @param multipleObjects     among images with a consensus: two or more objects ({@link ImageLabels#objects()})
 * @param originalNotValid    among images with a consensus: the original label is not in the valid set
 *                            (an empty valid set counts: people judged the original label absent)
 * @param originalNotMain     among images with a main label: the original label is not the main label
 * @param originalLabelSf     SF of the original label, over images where it was shown
 * @param top1SfByModel       per model, SF of its top-1 label, over images where that label was shown
 */
public record DatasetFigures(
        long images,
        long excluded,
        long withConsensus,
        Proportion multipleObjects,
        Proportion originalNotValid,
        Proportion originalNotMain,
        Histogram originalLabelSf,
        Map<String, Histogram> top1SfByModel) {

    public DatasetFigures {
        Objects.requireNonNull(multipleObjects, "multipleObjects");
        Objects.requireNonNull(originalNotValid, "originalNotValid");
        Objects.requireNonNull(originalNotMain, "originalNotMain");
        Objects.requireNonNull(originalLabelSf, "originalLabelSf");
        top1SfByModel = Collections.unmodifiableMap(
                new LinkedHashMap<>(Objects.requireNonNull(top1SfByModel, "top1SfByModel")));
    }
}
