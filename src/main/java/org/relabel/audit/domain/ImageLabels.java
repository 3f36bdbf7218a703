package org.relabel.audit.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the audit knows about one image: its original label and the people's consensus.
 *
 * <p>Absent consensus is modelled explicitly: {@code validLabels == null} means the image has
 * no consensus (not judged, or not aggregated yet), while an empty set means people judged that
 * none of the shown labels is present. {@code selectionFrequency} only holds labels that were
 * shown: a label missing from the map has no defined selection frequency (SF).
 *
 * <p>Use {@link #of(String, String)} and the {@code with...} methods to build instances.
 *
 * @param image              image key (file name), never blank
 * @param originalLabel      the label the dataset shipped with, never {@code null}
 * @param imageClass         the class used for per-class breakdowns; {@code null} means the original label
 * @param validLabels        the consensus valid label set; empty when none is present,
 *                           {@code null} when the image has no consensus
 * @param mainLabel          the consensus main label, or {@code null} when there is none
 * @param objectCount        the consensus number of objects, or {@code null} when unknown
 *                           (see {@link #objects()} for the fallback)
 * @param selectionFrequency SF per shown label, each in [0, 1]: annotators who marked it present
 *                           divided by annotators shown it
 * @param mainLabelShares    per label, the share of annotators who chose it as the main label, each in [0, 1]
 * @param judgments          number of judgments (annotators) behind the consensus, {@code >= 0}
 * @param status             the review status; {@link ReviewStatus#EXCLUDED} images are skipped
 */
public record ImageLabels(
        String image,
        String originalLabel,
        String imageClass,
        Set<String> validLabels,
        String mainLabel,
        Integer objectCount,
        Map<String, Double> selectionFrequency,
        Map<String, Double> mainLabelShares,
        int judgments,
        ReviewStatus status) {

    public ImageLabels {
        Objects.requireNonNull(image, "image");
        if (image.isBlank()) {
            throw new IllegalArgumentException("image key is blank");
        }
        Objects.requireNonNull(originalLabel, "originalLabel of " + image);
        if (imageClass == null) {
            imageClass = originalLabel;
        }
        if (validLabels != null) {
            for (String label : validLabels) {
                Objects.requireNonNull(label, "null valid label on " + image);
            }
            validLabels = Collections.unmodifiableSet(new LinkedHashSet<>(validLabels));
        }
        if (objectCount != null && objectCount < 0) {
            throw new IllegalArgumentException("negative number of objects on " + image);
        }
        selectionFrequency = copyShares(selectionFrequency, "selection frequency", image);
        mainLabelShares = copyShares(mainLabelShares, "main-label share", image);
        if (judgments < 0) {
            throw new IllegalArgumentException("negative number of judgments on " + image);
        }
        if (status == null) {
            status = ReviewStatus.UNREVIEWED;
        }
    }

    /** An image with only its original label: no consensus, no judgments, unreviewed. */
    public static ImageLabels of(String image, String originalLabel) {
        return new ImageLabels(image, originalLabel, null, null, null, null, Map.of(), Map.of(), 0,
                ReviewStatus.UNREVIEWED);
    }

    /** A copy with the given consensus (valid set, main label, number of objects; each may be {@code null}). */
    public ImageLabels withConsensus(Set<String> valid, String main, Integer objects) {
        return new ImageLabels(image, originalLabel, imageClass, valid, main, objects, selectionFrequency,
                mainLabelShares, judgments, status);
    }

    /** A copy with the given selection frequencies (label to SF, only shown labels). */
    public ImageLabels withSelectionFrequency(Map<String, Double> sf) {
        return new ImageLabels(image, originalLabel, imageClass, validLabels, mainLabel, objectCount, sf,
                mainLabelShares, judgments, status);
    }

    /** A copy with the given main-label vote shares (label to share of annotators). */
    public ImageLabels withMainLabelShares(Map<String, Double> shares) {
        return new ImageLabels(image, originalLabel, imageClass, validLabels, mainLabel, objectCount,
                selectionFrequency, shares, judgments, status);
    }

    /** A copy with the given number of judgments. */
    public ImageLabels withJudgments(int count) {
        return new ImageLabels(image, originalLabel, imageClass, validLabels, mainLabel, objectCount,
                selectionFrequency, mainLabelShares, count, status);
    }

    /** A copy with the given review status. */
    public ImageLabels withStatus(ReviewStatus newStatus) {
        return new ImageLabels(image, originalLabel, imageClass, validLabels, mainLabel, objectCount,
                selectionFrequency, mainLabelShares, judgments, newStatus);
    }

    /** A copy whose per-class breakdown uses {@code cls} instead of the original label. */
    public ImageLabels withImageClass(String cls) {
        return new ImageLabels(image, originalLabel, cls, validLabels, mainLabel, objectCount,
                selectionFrequency, mainLabelShares, judgments, status);
    }

    /** Whether the image has a consensus ({@code validLabels != null}). */
    public boolean hasConsensus() {
        return validLabels != null;
    }

    /** Whether the image has a non-empty valid label set (the images "ReaL" accuracy counts). */
    public boolean hasValidLabels() {
        return validLabels != null && !validLabels.isEmpty();
    }

    /** Whether the image is skipped by every metric and finding rule. */
    public boolean excluded() {
        return status.excludedFromAudit();
    }

    /**
     * The number of objects: {@link #objectCount()} when set, else the size of the valid label
     * set when the image has a consensus, else {@code null} (unknown).
     */
    public Integer objects() {
        if (objectCount != null) {
            return objectCount;
        }
        return validLabels == null ? null : validLabels.size();
    }

    /** The SF of {@code label}, or {@code null} when that label was not shown. */
    public Double sf(String label) {
        return selectionFrequency.get(label);
    }

    private static Map<String, Double> copyShares(Map<String, Double> in, String what, String image) {
        if (in == null || in.isEmpty()) {
            return Map.of();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : in.entrySet()) {
            Objects.requireNonNull(e.getKey(), "null label in " + what + " of " + image);
            Double v = e.getValue();
            if (v == null || !(v >= 0.0 && v <= 1.0)) {
                throw new IllegalArgumentException(
                        what + " of " + e.getKey() + " on " + image + " is not in [0, 1]: " + v);
            }
            out.put(e.getKey(), v);
        }
        return Collections.unmodifiableMap(out);
    }
}
