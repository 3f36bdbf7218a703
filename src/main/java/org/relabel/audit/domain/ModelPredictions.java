package org.relabel.audit.domain;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One model's predictions: per image key, the ranked top-k labels (rank 1 first).
 *
 * <p>The order of each list is the ranking; probabilities are kept but not re-sorted, so ties in
 * probability keep the order the scorer or the import gave. An image missing from the map, or
 * mapped to an empty list, has no prediction by this model.
 *
 * @param model model name, never blank
 * @param topK  per image key, the ranked labels; no label twice in one list
 */
public record ModelPredictions(String model, Map<String, List<RankedLabel>> topK) {

    public ModelPredictions {
        Objects.requireNonNull(model, "model");
        if (model.isBlank()) {
            throw new IllegalArgumentException("model name is blank");
        }
        Objects.requireNonNull(topK, "topK");
        Map<String, List<RankedLabel>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, List<RankedLabel>> e : topK.entrySet()) {
            String image = Objects.requireNonNull(e.getKey(), "null image key in predictions of " + model);
            List<RankedLabel> ranked = List.copyOf(Objects.requireNonNull(e.getValue(), "null list for " + image));
            Set<String> seen = new HashSet<>();
            for (RankedLabel r : ranked) {
                if (!seen.add(r.label())) {
                    throw new IllegalArgumentException(
                            "model " + model + " ranks label " + r.label() + " twice for image " + image);
                }
            }
            copy.put(image, ranked);
        }
        topK = Collections.unmodifiableMap(copy);
    }

    /** The ranked labels for {@code image}; empty when the model has no prediction for it. */
    public List<RankedLabel> ranked(String image) {
        return topK.getOrDefault(image, List.of());
    }

    /** The rank-1 label for {@code image}, or {@code null} when the model has no prediction for it. */
    public String top1(String image) {
        List<RankedLabel> r = ranked(image);
        return r.isEmpty() ? null : r.get(0).label();
    }

    /** Whether {@code label} is among the first {@code k} ranked labels for {@code image}. */
    public boolean inTopK(String image, String label, int k) {
        List<RankedLabel> r = ranked(image);
        int limit = Math.min(k, r.size());
        for (int i = 0; i < limit; i++) {
            if (r.get(i).label().equals(label)) {
                return true;
            }
        }
        return false;
    }
}
