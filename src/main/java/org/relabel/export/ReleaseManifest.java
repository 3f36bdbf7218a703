package org.relabel.export;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.relabel.audit.domain.FindingParams;
import org.relabel.export.domain.FileDigest;
import org.relabel.export.domain.ReleaseStatus;

/**
 * {@code manifest.json}: the provenance of a release (docs/api.md describes every field). Written once when the
 * release is frozen; its own SHA-256 is kept in the database and quoted in the citation.
 *
 * @param format            {@value #FORMAT}
 * @param aggregation       the aggregation behind the consensus, or null when nobody's judgments were aggregated
 * @param findingThresholds the thresholds that flagged images for review
 * @param judgments         where the judgments came from (sources, campaigns, imports) and how many
 * @param statuses          the meaning of each value of the status column
 * @param files             every other file of the release with its SHA-256
 */
public record ReleaseManifest(String format, DatasetInfo dataset, int version, String name, OffsetDateTime createdAt,
                              String createdBy, String authors, String notes, AppInfo app,
                              ReleaseSnapshot.Aggregation aggregation, FindingParams findingThresholds, Counts counts,
                              Decisions decisions, ReleaseSnapshot.JudgmentCounts judgments,
                              Map<String, String> statuses, List<FileDigest> files) {
    public static final String FORMAT = "relabel-release/1";
    public static final String NAME = "manifest.json";

    /** The dataset. */
    public record DatasetInfo(String key, String name, String description) {
    }

    /** The application that froze the release. */
    public record AppInfo(String name, String version) {
    }

    /**
     * Counts: images, images whose labels differ from the original label ({@code relabeled}), judgments and answers
     * in {@code judgments.csv}, annotators, curator decisions included, images per status.
     */
    public record Counts(long images, long relabeled, long judgments, long answers, long annotators, long decisions,
                         Map<String, Long> byStatus) {
    }

    /** The curators' decisions included (each reviewed image's current decision), listed in {@code decisions.csv}. */
    public record Decisions(long included, Map<String, Long> byDecision, String file) {
    }

    /** What each status means (the {@code status} column of labels.csv). */
    public static Map<String, String> statusMeanings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ReleaseStatus.ORIGINAL.code(), "not re-judged: the original label is the valid set and the main label");
        m.put(ReleaseStatus.CONSENSUS.code(), "the people's consensus, not reviewed");
        m.put(ReleaseStatus.ACCEPTED_CONSENSUS.code(), "a curator accepted the consensus");
        m.put(ReleaseStatus.KEPT_ORIGINAL.code(), "a curator kept the original label");
        m.put(ReleaseStatus.SET_BY_HAND.code(), "a curator set the labels by hand");
        m.put(ReleaseStatus.MORE_JUDGMENTS_REQUESTED.code(), "the consensus so far; a curator asked for more judgments");
        m.put(ReleaseStatus.AMBIGUOUS.code(), "a curator marked the image ambiguous: no valid label, leave it out");
        m.put(ReleaseStatus.EXCLUDED.code(), "a curator excluded the image: no valid label, leave it out");
        return m;
    }
}
