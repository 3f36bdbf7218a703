package org.relabel.audit;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.relabel.audit.domain.ImageLabels;

/**
 * The labels of frozen releases, for metrics computed against a release ({@code GET /api/datasets/{d}/metrics?release=v}
 * and the dashboard). Implemented by the releases feature ({@code org.relabel.export}); without it there are no
 * releases.
 */
public interface ReleaseLabelSource {

    /**
     * A release's images as the audit sees them: valid set and main label from the release, status from the
     * release's status (ambiguous and excluded images are left out of every figure).
     *
     * @param release the release's name, e.g. "v3"
     */
    record Frozen(String release, OffsetDateTime frozenAt, List<ImageLabels> images) {
    }

    /** The release {@code release} ("v3" or "3") of a dataset, or empty when it has none such. */
    Optional<Frozen> labels(long datasetId, String release);

    /** The names of a dataset's releases, newest first. */
    List<String> names(long datasetId);
}
