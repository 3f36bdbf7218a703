package org.relabel.audit.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The audit metrics of one model on one dataset (DESIGN.md section 3, "Model accuracy").
 *
 * @param model              model name
 * @param images             images counted (not excluded by review)
 * @param withoutPrediction  of those, images the model has no prediction for; they are left out of
 *                           every proportion of this model rather than counted as wrong
 * @param overall            accuracies over all counted images with a prediction
 * @param byObjects          per objects bucket (always all three buckets, in enum order); images whose
 *                           number of objects is unknown or zero are in no bucket
 * @param byClass            per class (by {@link ImageLabels#imageClass()}, the original label by default),
 *                           sorted by class key
 * @param errorsJudgedValid  among top-1 "errors" against the original label on images with a non-empty
 *                           valid set: the share whose top-1 label people judged valid
 */
public record ModelMetrics(
        String model,
        long images,
        long withoutPrediction,
        Accuracy overall,
        Map<ObjectsBucket, Accuracy> byObjects,
        Map<String, Accuracy> byClass,
        Proportion errorsJudgedValid) {

    public ModelMetrics {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(overall, "overall");
        Objects.requireNonNull(byObjects, "byObjects");
        byObjects = byObjects.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(byObjects));
        byClass = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(byClass, "byClass")));
        Objects.requireNonNull(errorsJudgedValid, "errorsJudgedValid");
    }

    /** Counted images that have a prediction by this model. */
    public long withPrediction() {
        return images - withoutPrediction;
    }

    /** Top-1 accuracy vs original labels. */
    public Proportion top1() {
        return overall.top1();
    }

    /** Top-5 accuracy vs original labels. */
    public Proportion top5() {
        return overall.top5();
    }

    /** Top-1 accuracy vs consensus main labels. */
    public Proportion mainLabel() {
        return overall.mainLabel();
    }

    /** Any-valid-label ("ReaL") accuracy. */
    public Proportion anyValid() {
        return overall.anyValid();
    }

    /** The accuracies in {@code bucket} (empty accuracies when no image falls in it). */
    public Accuracy inBucket(ObjectsBucket bucket) {
        return byObjects.getOrDefault(bucket, Accuracy.empty());
    }
}
