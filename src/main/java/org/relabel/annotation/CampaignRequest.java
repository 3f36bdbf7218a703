package org.relabel.annotation;

import java.util.List;

/**
 * Settings of a campaign as the API takes them. Absent fields keep their current value (or the
 * default of {@code relabel.annotation.defaults} for a new campaign).
 *
 * @param name            shown to annotators and curators
 * @param instructions    Markdown shown to annotators (HTML in it is escaped)
 * @param models          names of the dataset's models whose top-k form the candidate sets, in priority order
 * @param topK            how many of each model's ranked labels enter the candidate set
 * @param maxCandidates   cap of a candidate set (1-30); keeps the original label and the best-ranked model labels
 * @param selection       which images (all with pixels when absent)
 * @param overlap         judgments wanted per image
 * @param goldRate        share of assignments that are gold images (0-0.5)
 * @param leaseSeconds    how long an image stays leased to an annotator
 * @param completionAfter judgments after which a crowd worker sees the completion code
 */
public record CampaignRequest(String name, String instructions, List<String> models, Integer topK, Integer maxCandidates,
                              Selection selection, Integer overlap, Double goldRate, Integer leaseSeconds,
                              Integer completionAfter) {

    /**
     * Which images: original labels among {@code labels}, keys starting with {@code keyPrefix},
     * only where a model's top-1 disagrees with the original label, then a random sample of
     * {@code sample} images drawn with {@code seed}. Every field is optional.
     */
    public record Selection(List<String> labels, String keyPrefix, Boolean disagreement, Integer sample, Long seed) {
    }
}
